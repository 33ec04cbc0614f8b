package io.lottor.server.delivery;

/**
 * Where a consumer of a broker delivery finds its messages, as its Welcome tells it.
 *
 * @param kind        {@code rabbitmq} or {@code kafka}
 * @param address     the broker's address without credentials (an AMQP URI, or Kafka bootstrap servers)
 * @param destination the queue or topic of the consumer's service
 */
public record BrokerEndpoint(String kind, String address, String destination) {
}
