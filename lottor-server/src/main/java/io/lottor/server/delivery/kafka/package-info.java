/**
 * Delivery through Kafka (DESIGN §5): {@link io.lottor.server.delivery.kafka.KafkaPublisher} creates the
 * topic {@code <prefix><service>} of each target service and publishes each claimed attempt with an
 * idempotent producer and {@code acks=all}, keyed by group id so one group's messages keep their order.
 */
package io.lottor.server.delivery.kafka;
