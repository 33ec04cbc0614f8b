package io.lottor.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.client.LottorException;
import io.lottor.protocol.v1.BrokerDelivery;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which consumer a Welcome's broker gets, and the clear refusals. */
class BrokerConsumersTest {

    @Test
    void makesARabbitMqConsumerWhenTheServerDeliversThroughRabbitMq() {
        try (BrokerConsumer consumer = BrokerConsumers.create(BrokerDelivery.Kind.RABBITMQ, "auth",
                BrokerSettings.none())) {
            assertThat(consumer).isInstanceOf(RabbitBrokerConsumer.class);
        }
    }

    @Test
    void refusesAnUnknownBrokerKindNamingIt() {
        assertThatThrownBy(() -> BrokerConsumers.create(BrokerDelivery.Kind.KIND_UNSPECIFIED, "auth",
                BrokerSettings.none())).isInstanceOf(LottorException.class).hasMessageContaining("KIND_UNSPECIFIED");
    }

    @Test
    void rabbitMqSettingsNeverShowThePassword() {
        assertThat(new BrokerSettings("amqp://rabbit:5672/prod", "auth", "s3cret", null, Map.of()).toString())
                .contains("auth").doesNotContain("s3cret");
    }

    @Test
    void makesAKafkaConsumerWhenTheServerDeliversThroughKafka() {
        try (BrokerConsumer consumer = BrokerConsumers.create(BrokerDelivery.Kind.KAFKA, "auth",
                BrokerSettings.none())) {
            assertThat(consumer).isInstanceOf(KafkaBrokerConsumer.class);
        }
    }

    @Test
    void kafkaSettingsNeverShowPropertyValues() {
        BrokerSettings settings = new BrokerSettings(null, null, null, "kafka1:9093",
                Map.of("sasl.jaas.config", "ScramLoginModule required password=\"s3cret\";"));
        assertThat(settings.toString()).contains("kafka1:9093", "sasl.jaas.config").doesNotContain("s3cret");
    }
}
