package io.lottor.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A Spring transaction whose {@link LottorTemplate#send messages} commit with it: the messages sent while
 * it runs are buffered; just before the local commit the group is prepared on the coordinator and its
 * barrier row is inserted in the same local transaction; after the commit the group is committed in the
 * background (the method does not wait for it). When the transaction rolls back, nothing is delivered.
 *
 * <p>It is {@link Transactional @Transactional} with the same attributes, except that by default every
 * exception (checked ones too) rolls back: a method that fails must not send its messages. Propagation
 * behaves as Spring users expect:
 * <ul>
 *   <li>{@code REQUIRED} (default), {@code SUPPORTS}/{@code MANDATORY} inside a transaction: the method
 *       joins the outer transaction and its messages join the outer group;</li>
 *   <li>{@code REQUIRES_NEW}: a group of its own, prepared and committed with the inner transaction,
 *       independent of the outer one;</li>
 *   <li>{@code NESTED} (a savepoint; needs a transaction manager that supports savepoints, such as
 *       {@code DataSourceTransactionManager}): messages sent inside it are dropped when it rolls back to
 *       its savepoint, and kept (in the outer group) when it completes;</li>
 *   <li>{@code NOT_SUPPORTED}/{@code NEVER}, or {@code SUPPORTS} without a transaction: no transaction,
 *       so {@code send} throws {@link IllegalStateException}.</li>
 * </ul>
 * The transaction must run on the application's {@code DataSource} (the one Lottor's barrier uses):
 * {@code DataSourceTransactionManager}, {@code JdbcTransactionManager} and {@code JpaTransactionManager}
 * over that DataSource all do.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@Transactional
public @interface LottorTransactional {

    /** Alias for {@link Transactional#transactionManager()}. */
    @AliasFor(annotation = Transactional.class, attribute = "transactionManager")
    String value() default "";

    /** Alias for {@link Transactional#transactionManager()}: the bean name of the transaction manager. */
    @AliasFor(annotation = Transactional.class, attribute = "transactionManager")
    String transactionManager() default "";

    /** Alias for {@link Transactional#label()}. */
    @AliasFor(annotation = Transactional.class, attribute = "label")
    String[] label() default {};

    /** Alias for {@link Transactional#propagation()}; see the class comment for what each does to the group. */
    @AliasFor(annotation = Transactional.class, attribute = "propagation")
    Propagation propagation() default Propagation.REQUIRED;

    /** Alias for {@link Transactional#isolation()}. */
    @AliasFor(annotation = Transactional.class, attribute = "isolation")
    Isolation isolation() default Isolation.DEFAULT;

    /** Alias for {@link Transactional#timeout()}. */
    @AliasFor(annotation = Transactional.class, attribute = "timeout")
    int timeout() default -1;

    /** Alias for {@link Transactional#timeoutString()}. */
    @AliasFor(annotation = Transactional.class, attribute = "timeoutString")
    String timeoutString() default "";

    /** Alias for {@link Transactional#readOnly()}. */
    @AliasFor(annotation = Transactional.class, attribute = "readOnly")
    boolean readOnly() default false;

    /** Alias for {@link Transactional#rollbackFor()}. Default: every {@link Exception}. */
    @AliasFor(annotation = Transactional.class, attribute = "rollbackFor")
    Class<? extends Throwable>[] rollbackFor() default Exception.class;

    /** Alias for {@link Transactional#rollbackForClassName()}. */
    @AliasFor(annotation = Transactional.class, attribute = "rollbackForClassName")
    String[] rollbackForClassName() default {};

    /** Alias for {@link Transactional#noRollbackFor()}. */
    @AliasFor(annotation = Transactional.class, attribute = "noRollbackFor")
    Class<? extends Throwable>[] noRollbackFor() default {};

    /** Alias for {@link Transactional#noRollbackForClassName()}. */
    @AliasFor(annotation = Transactional.class, attribute = "noRollbackForClassName")
    String[] noRollbackForClassName() default {};
}
