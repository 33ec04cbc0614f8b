package io.lottor.client.internal;

import io.lottor.protocol.v1.BrokerDelivery;
import io.lottor.protocol.v1.Delivery;

/**
 * Consumes a service's messages from a broker when the server's Welcome names one (RabbitMQ, Kafka):
 * each broker message's body is a serialized {@link Delivery}, handed to the client's dispatcher with the
 * way to acknowledge it. The dispatcher runs the handler, reports the result with ReportConsumption, and
 * only once that report was answered calls {@code acknowledge} (RabbitMQ {@code basicAck}; Kafka: the
 * offset becomes committable). At most {@code maxInFlight} messages are unacknowledged at once (RabbitMQ
 * prefetch; Kafka pauses its partitions). Thread-safe; {@link #close()} stops consuming, leaving
 * unacknowledged messages to the broker (they come again, and the idempotent helper skips their effect).
 */
public interface BrokerConsumer extends AutoCloseable {

    /**
     * Starts consuming {@code broker.getDestination()} at {@code broker.getAddress()} (or the address the
     * client's own settings give instead).
     */
    void start(BrokerDelivery broker, int maxInFlight, Deliveries deliveries);

    @Override
    void close();

    /** Where consumed deliveries go. */
    @FunctionalInterface
    interface Deliveries {

        /** A delivery to run; {@code acknowledge} is called once its result was reported. */
        void accept(Delivery delivery, Runnable acknowledge);
    }
}
