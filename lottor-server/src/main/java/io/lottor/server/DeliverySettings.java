package io.lottor.server;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How committed messages reach their consumers: {@code direct} (pushed over the clients' sessions, no
 * broker; the default), or through the team's RabbitMQ or Kafka.
 *
 * @param kind            which delivery
 * @param rabbitmqUri     the AMQP URI the server publishes to ({@code amqp://user:pass@host:5672/vhost},
 *                        {@code amqps://} for TLS); clients are told it without the credentials
 * @param kafkaBootstrap  the Kafka bootstrap servers ({@code host:9092,host2:9092})
 * @param prefix          what queue and topic names start with: the queue or topic of service {@code s} is
 *                        {@code prefix + s}
 * @param kafkaPartitions partitions of each topic the server creates
 * @param kafkaProperties further Kafka client properties of the server's producer and admin client (TLS,
 *                        SASL: {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config},
 *                        {@code ssl.*}); {@link #toString()} leaves their values out
 */
public record DeliverySettings(Kind kind, String rabbitmqUri, String kafkaBootstrap, String prefix,
                               int kafkaPartitions, Map<String, String> kafkaProperties) {

    /** The default AMQP URI: the local broker's default vhost as guest. */
    public static final String DEFAULT_RABBITMQ_URI = "amqp://guest:guest@127.0.0.1:5672/%2f";
    public static final String DEFAULT_KAFKA_BOOTSTRAP = "127.0.0.1:9092";
    public static final String DEFAULT_PREFIX = "lottor.";
    public static final int DEFAULT_KAFKA_PARTITIONS = 8;
    private static final int MAX_PREFIX_LENGTH = 100;
    private static final int MAX_KAFKA_PARTITIONS = 10_000;

    /** The deliveries, by the name {@code --delivery} takes. */
    public enum Kind {
        DIRECT, RABBITMQ, KAFKA;

        /** The kind called {@code name} ({@code direct}, {@code rabbitmq}, {@code kafka}; any case). */
        public static Kind named(String name) {
            for (Kind kind : values()) {
                if (kind.cliName().equals(name == null ? null : name.trim().toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("--delivery must be direct, rabbitmq or kafka, got '" + name + "'");
        }

        /** The name {@code --delivery} takes. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DeliverySettings {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
    }

    /** Direct delivery, the default. */
    public static DeliverySettings direct() {
        return new DeliverySettings(Kind.DIRECT, DEFAULT_RABBITMQ_URI, DEFAULT_KAFKA_BOOTSTRAP, DEFAULT_PREFIX,
                DEFAULT_KAFKA_PARTITIONS, Map.of());
    }

    public DeliverySettings withKind(Kind value) {
        return new DeliverySettings(value, rabbitmqUri, kafkaBootstrap, prefix, kafkaPartitions, kafkaProperties);
    }

    public DeliverySettings withRabbitmqUri(String value) {
        return new DeliverySettings(kind, value, kafkaBootstrap, prefix, kafkaPartitions, kafkaProperties);
    }

    public DeliverySettings withKafkaBootstrap(String value) {
        return new DeliverySettings(kind, rabbitmqUri, value, prefix, kafkaPartitions, kafkaProperties);
    }

    public DeliverySettings withPrefix(String value) {
        return new DeliverySettings(kind, rabbitmqUri, kafkaBootstrap, value, kafkaPartitions, kafkaProperties);
    }

    public DeliverySettings withKafkaPartitions(int value) {
        return new DeliverySettings(kind, rabbitmqUri, kafkaBootstrap, prefix, value, kafkaProperties);
    }

    public DeliverySettings withKafkaProperties(Map<String, String> value) {
        return new DeliverySettings(kind, rabbitmqUri, kafkaBootstrap, prefix, kafkaPartitions, value);
    }

    /** The queue (RabbitMQ) or topic (Kafka) of {@code service}'s messages. */
    public String destination(String service) {
        return prefix + service;
    }

    /** What is wrong with these settings, naming the flag and the limit; null when they fit together. */
    public String problem() {
        if (prefix == null || prefix.length() > MAX_PREFIX_LENGTH || !prefix.matches("[A-Za-z0-9._-]*")) {
            return "--broker-prefix must be at most " + MAX_PREFIX_LENGTH + " of the characters A-Z a-z 0-9 . _ -, got '"
                    + prefix + "'";
        }
        if (kafkaPartitions < 1 || kafkaPartitions > MAX_KAFKA_PARTITIONS) {
            return "--kafka-partitions must be 1 to " + MAX_KAFKA_PARTITIONS + ", got " + kafkaPartitions;
        }
        if (kind == Kind.RABBITMQ) {
            try {
                URI uri = URI.create(rabbitmqUri == null ? "" : rabbitmqUri);
                if (!List.of("amqp", "amqps").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
                    return "--rabbitmq-uri must be amqp://[user:password@]host[:port][/vhost] or amqps://…, got '"
                            + withoutCredentials(rabbitmqUri) + "'";
                }
            } catch (IllegalArgumentException e) {
                return "--rabbitmq-uri is not a URI: " + e.getMessage();
            }
        }
        if (kind == Kind.KAFKA && (kafkaBootstrap == null || kafkaBootstrap.isBlank())) {
            return "--kafka-bootstrap must name at least one host:port with --delivery kafka";
        }
        return null;
    }

    /** {@code uri} with its user and password left out, for logs and for clients. */
    public static String withoutCredentials(String uri) {
        return uri == null ? null : uri.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^@/]*@", "$1");
    }

    @Override
    public String toString() {
        return "DeliverySettings[kind=" + kind.cliName() + ", rabbitmqUri=" + withoutCredentials(rabbitmqUri)
                + ", kafkaBootstrap=" + kafkaBootstrap + ", prefix=" + prefix + ", kafkaPartitions=" + kafkaPartitions
                + ", kafkaProperties=" + kafkaProperties.keySet() + "]";
    }
}
