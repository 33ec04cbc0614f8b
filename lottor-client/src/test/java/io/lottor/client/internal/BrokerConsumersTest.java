package io.lottor.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.client.LottorException;
import io.lottor.protocol.v1.BrokerDelivery;
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
        assertThat(new BrokerSettings("amqp://rabbit:5672/prod", "auth", "s3cret").toString())
                .contains("auth").doesNotContain("s3cret");
    }
}
