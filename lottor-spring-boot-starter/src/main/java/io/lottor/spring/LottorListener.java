package io.lottor.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a singleton bean as the consumer of {@link #method()}: {@code void m(T payload)} or
 * {@code void m(T payload, LottorMessage message)}. The payload is decoded from JSON into the declared
 * parameter type (generic types such as {@code List<Order>} work) with the application's
 * {@code ObjectMapper}.
 *
 * <p>Each delivery runs in a Spring transaction of the application's transaction manager, which also
 * records the message in {@code lottor_consumed} on the same connection: the effects commit with that
 * row, and a redelivered message whose row is committed is skipped and reported as consumed (effects
 * exactly once). Returning normally reports success; a thrown exception rolls the transaction back and
 * reports failure with its message, and the coordinator redelivers later with backoff. Deliveries run
 * concurrently, at most {@code lottor.consumer.max-in-flight} at once. One listener per method.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LottorListener {

    /** The method consumed, e.g. {@code "auth-role"}; producers address it as {@code send(service, method, …)}. */
    String method();
}
