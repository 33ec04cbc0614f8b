package io.lottor.client.internal;

import java.util.Map;

/**
 * A client's own broker settings, overriding what the server's Welcome says: for RabbitMQ the AMQP URI
 * (null: the Welcome's address) and the credentials (null: those of the URI, else RabbitMQ's default);
 * for Kafka the bootstrap servers (null: the Welcome's address) and further consumer properties.
 *
 * @param rabbitmqUri      {@code amqp://host:5672/vhost} or {@code amqps://…}, or null
 * @param rabbitmqUsername the RabbitMQ user, or null
 * @param rabbitmqPassword the RabbitMQ password, or null; {@link #toString()} leaves it out
 * @param kafkaBootstrapServers the Kafka bootstrap servers, or null
 * @param kafkaProperties       further Kafka consumer properties (TLS, SASL); {@link #toString()} leaves their
 *                              values out
 */
public record BrokerSettings(String rabbitmqUri, String rabbitmqUsername, String rabbitmqPassword,
                             String kafkaBootstrapServers, Map<String, String> kafkaProperties) {

    public BrokerSettings {
        kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
    }

    /** No overrides: the Welcome's address, the URI's credentials. */
    public static BrokerSettings none() {
        return new BrokerSettings(null, null, null, null, Map.of());
    }

    @Override
    public String toString() {
        return "BrokerSettings[rabbitmqUri=" + rabbitmqUri + ", rabbitmqUsername=" + rabbitmqUsername
                + ", rabbitmqPassword=" + (rabbitmqPassword == null ? null : "***") + ", kafkaBootstrapServers="
                + kafkaBootstrapServers + ", kafkaProperties=" + kafkaProperties.keySet() + "]";
    }
}
