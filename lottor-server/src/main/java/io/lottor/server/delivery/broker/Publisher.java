package io.lottor.server.delivery.broker;

import io.lottor.server.store.DueMessage;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes claimed deliveries to a broker (RabbitMQ, Kafka) for {@code BrokerDelivery}. Implementations
 * declare what they need (a durable queue, a topic per target service) before the first publish of a
 * target, and are thread-safe.
 */
public interface Publisher extends AutoCloseable {

    /**
     * Publishes attempt {@code attempt} of {@code message} to its target's destination, as {@code body}
     * (an encoded Delivery). Completes once the broker confirmed the message durable (RabbitMQ publisher
     * confirm of a persistent message on a durable queue; Kafka {@code acks=all} of an idempotent
     * producer); fails when the broker refused it, did not confirm within the publisher's timeout, or
     * cannot be reached. Never blocks the caller.
     */
    CompletableFuture<Void> publish(DueMessage message, int attempt, byte[] body);

    /** The queue or topic {@code target}'s messages go to. */
    String destination(String target);

    /** What a client is told in Welcome: the broker's address without credentials. */
    String clientAddress();

    /** Whether the broker is reachable now (for {@code /health/ready}). */
    boolean isHealthy();

    @Override
    void close();
}
