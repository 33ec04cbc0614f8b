package io.lottor.client;

/**
 * Consumes one delivered message. Returning normally reports success; a thrown exception reports
 * failure with the exception's message, and the coordinator redelivers later (at-least-once: make the
 * effect idempotent, or use the {@code DataSource} variant of {@link LottorClient#subscribe}).
 * Called on the client's handler pool, concurrently for different messages.
 *
 * @param <T> the payload type the message is decoded into
 */
@FunctionalInterface
public interface MessageHandler<T> {
    /** Applies the message; throw to report failure (the coordinator retries it). */
    void handle(T payload, MessageContext context) throws Exception;
}
