package io.lottor.client.internal;

import io.lottor.client.LottorException;
import java.util.Map;

/**
 * Makes the Kafka consumer when a server's Welcome names Kafka. kafka-clients is an optional dependency of
 * the client: this class names no Kafka type, so an application without it gets a clear error here
 * instead of a {@link NoClassDefFoundError} on some thread.
 */
public final class KafkaSupport {
    static final String MISSING = "the Lottor server delivers through Kafka, but org.apache.kafka:kafka-clients is not"
            + " on the classpath: add it to the application's dependencies";

    private KafkaSupport() {
    }

    /**
     * A consumer for {@code service}'s topic.
     *
     * @throws LottorException when kafka-clients is not on the classpath
     */
    public static BrokerConsumer consumer(String service, String bootstrapOverride, Map<String, String> properties) {
        if (!isPresent("org.apache.kafka.clients.consumer.KafkaConsumer")) {
            throw new LottorException(MISSING);
        }
        return new KafkaBrokerConsumer(service, bootstrapOverride, properties);
    }

    static boolean isPresent(String className) {
        try {
            Class.forName(className, false, KafkaSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
