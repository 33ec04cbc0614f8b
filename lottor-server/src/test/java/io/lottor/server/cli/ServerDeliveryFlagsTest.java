package io.lottor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.server.DeliverySettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --delivery} and the broker settings: defaults, what is taken, what is refused and how. */
class ServerDeliveryFlagsTest {

    private static ServerCommand parsed(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void directDeliveryIsTheDefault() {
        DeliverySettings delivery = parsed().config().delivery();

        assertThat(delivery).isEqualTo(DeliverySettings.direct());
        assertThat(delivery.destination("auth-service")).isEqualTo("lottor.auth-service");
    }

    @Test
    void brokerSettingsAreTakenAsGiven() {
        DeliverySettings rabbit = parsed("--delivery", "RabbitMQ", "--rabbitmq-uri", "amqps://app:pw@mq.internal:5671/orders",
                "--broker-prefix", "tx.").config().delivery();
        DeliverySettings kafka = parsed("--delivery", "kafka", "--kafka-bootstrap", "k1:9092,k2:9092",
                "--kafka-partitions", "3", "--kafka-property", "security.protocol=SASL_SSL",
                "--kafka-property", "sasl.mechanism=SCRAM-SHA-512").config().delivery();

        assertThat(rabbit.kind()).isEqualTo(DeliverySettings.Kind.RABBITMQ);
        assertThat(rabbit.rabbitmqUri()).isEqualTo("amqps://app:pw@mq.internal:5671/orders");
        assertThat(rabbit.destination("auth-service")).isEqualTo("tx.auth-service");
        assertThat(kafka.kafkaBootstrap()).isEqualTo("k1:9092,k2:9092");
        assertThat(kafka.kafkaPartitions()).isEqualTo(3);
        assertThat(kafka.kafkaProperties()).isEqualTo(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void badDeliverySettingsAreRefusedNamingTheFlagAndTheLimit() {
        assertThatThrownBy(() -> parsed("--delivery", "sqs").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--delivery must be direct, rabbitmq or kafka, got 'sqs'");
        assertThatThrownBy(() -> parsed("--delivery", "rabbitmq", "--rabbitmq-uri", "http://guest:secret@mq/").config())
                .hasMessage("--rabbitmq-uri must be amqp://[user:password@]host[:port][/vhost] or amqps://…, got"
                        + " 'http://mq/'");
        assertThatThrownBy(() -> parsed("--broker-prefix", "a b").config())
                .hasMessage("--broker-prefix must be at most 100 of the characters A-Z a-z 0-9 . _ -, got 'a b'");
        assertThatThrownBy(() -> parsed("--kafka-partitions", "0").config())
                .hasMessage("--kafka-partitions must be 1 to 10000, got 0");
    }

    @Test
    void credentialsNeverShowInTheSettingsText() {
        DeliverySettings rabbit = parsed("--delivery", "rabbitmq", "--rabbitmq-uri", "amqp://app:s3cret@mq:5672/%2f",
                "--kafka-property", "sasl.jaas.config=secret-config").config().delivery();

        assertThat(rabbit.toString()).doesNotContain("s3cret").doesNotContain("secret-config")
                .contains("amqp://mq:5672/%2f");
        assertThat(DeliverySettings.withoutCredentials("amqp://app:s3cret@mq:5672/%2f")).isEqualTo("amqp://mq:5672/%2f");
    }
}
