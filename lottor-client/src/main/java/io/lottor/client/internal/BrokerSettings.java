package io.lottor.client.internal;

/**
 * A client's own broker settings, overriding what the server's Welcome says: for RabbitMQ the AMQP URI
 * (null: the Welcome's address) and the credentials (null: those of the URI, else RabbitMQ's default).
 *
 * @param rabbitmqUri      {@code amqp://host:5672/vhost} or {@code amqps://…}, or null
 * @param rabbitmqUsername the RabbitMQ user, or null
 * @param rabbitmqPassword the RabbitMQ password, or null; {@link #toString()} leaves it out
 */
public record BrokerSettings(String rabbitmqUri, String rabbitmqUsername, String rabbitmqPassword) {

    /** No overrides: the Welcome's address, the URI's credentials. */
    public static BrokerSettings none() {
        return new BrokerSettings(null, null, null);
    }

    @Override
    public String toString() {
        return "BrokerSettings[rabbitmqUri=" + rabbitmqUri + ", rabbitmqUsername=" + rabbitmqUsername
                + ", rabbitmqPassword=" + (rabbitmqPassword == null ? null : "***") + "]";
    }
}
