/**
 * RabbitMQ for the broker delivery: {@link io.lottor.server.delivery.rabbitmq.RabbitPublisher} publishes
 * each claimed delivery to its target's durable queue as a persistent message with publisher confirms.
 */
package io.lottor.server.delivery.rabbitmq;
