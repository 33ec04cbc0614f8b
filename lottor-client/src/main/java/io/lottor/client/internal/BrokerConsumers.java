package io.lottor.client.internal;

import io.lottor.client.LottorException;
import io.lottor.protocol.v1.BrokerDelivery;

/**
 * Makes the {@link BrokerConsumer} of the broker a server's Welcome names. The broker's client library
 * is an optional dependency of {@code lottor-client}: an application whose server delivers through a
 * broker adds it, and one that lacks it is told which.
 */
public final class BrokerConsumers {
    /** The amqp-client version this client is built and tested with. */
    static final String AMQP_CLIENT = "com.rabbitmq:amqp-client:5.37.1";
    /** The kafka-clients version this client is built and tested with. */
    static final String KAFKA_CLIENTS = "org.apache.kafka:kafka-clients:4.3.1";

    private BrokerConsumers() {
    }

    /**
     * A consumer for {@code kind}, for service {@code service}, with the client's own settings.
     *
     * @throws LottorException naming the missing library, or a kind this client cannot consume
     */
    public static BrokerConsumer create(BrokerDelivery.Kind kind, String service, BrokerSettings settings) {
        return switch (kind) {
            case RABBITMQ -> {
                requireClass("com.rabbitmq.client.ConnectionFactory", "RabbitMQ", AMQP_CLIENT);
                yield new RabbitBrokerConsumer(settings);
            }
            case KAFKA -> {
                requireClass("org.apache.kafka.clients.consumer.KafkaConsumer", "Kafka", KAFKA_CLIENTS);
                yield new KafkaBrokerConsumer(service, settings.kafkaBootstrapServers(), settings.kafkaProperties());
            }
            default -> throw new LottorException("the server names a broker of unknown kind " + kind
                    + ": upgrade this client");
        };
    }

    private static void requireClass(String className, String broker, String artifact) {
        try {
            Class.forName(className, false, BrokerConsumers.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new LottorException("the server delivers through " + broker + ": add " + artifact
                    + " to this application's dependencies (lottor-client declares it optional)");
        }
    }
}
