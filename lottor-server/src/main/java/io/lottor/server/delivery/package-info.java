/**
 * The delivery SPI ({@link io.lottor.server.delivery.Delivery}) and what its backends share: the
 * dispatcher thread ({@link io.lottor.server.delivery.EventLoop}), the lease sweep
 * ({@link io.lottor.server.delivery.LeaseSweep}) and the checks of reported results.
 * {@code delivery.direct} pushes messages over client sessions, with no broker; {@code delivery.broker}
 * publishes them through a broker, {@code delivery.rabbitmq} and {@code delivery.kafka} being RabbitMQ's and
 * Kafka's publishers.
 */
package io.lottor.server.delivery;
