package io.lottor.tests.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lottor.protocol.v1.Delivery;
import io.lottor.server.api.grpc.DeliveryFrames;
import io.lottor.server.delivery.kafka.KafkaPublisher;
import io.lottor.server.store.DueMessage;
import io.lottor.tests.support.InProcessKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** {@link KafkaPublisher} against an in-process KRaft broker, read back with a plain KafkaConsumer. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaPublisherTest {
    private static final Duration CONFIRM = Duration.ofSeconds(10);
    private static InProcessKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = InProcessKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void publishesEachAttemptAsARecordKeyedByGroupIdWithItsHeaders(TestInfo test) throws Exception {
        String prefix = prefix(test);
        try (KafkaPublisher publisher = new KafkaPublisher(kafka.bootstrapServers(), prefix, 3, CONFIRM, Map.of())) {
            DueMessage message = message("publishes-g1", "m1", "stock");
            publisher.publish(message, 2, DeliveryFrames.brokerBody(message, 2)).get(30, TimeUnit.SECONDS);

            List<ConsumerRecord<String, byte[]>> records = readAll(prefix + "stock", 1);
            ConsumerRecord<String, byte[]> record = records.get(0);
            assertThat(record.key()).isEqualTo("publishes-g1");
            assertThat(headers(record)).containsEntry("group_id", "publishes-g1").containsEntry("message_id", "m1")
                    .containsEntry("method", "reserve").containsEntry("attempt", "2");
            Delivery delivery = Delivery.parseFrom(record.value());
            assertThat(delivery.getGroupId()).isEqualTo("publishes-g1");
            assertThat(delivery.getAttempt()).isEqualTo(2);
            assertThat(delivery.getMessage().getMessageId()).isEqualTo("m1");
            assertThat(delivery.getMessage().getPayload().toStringUtf8()).isEqualTo("{\"n\":1}");
        }
    }

    @Test
    void createsEachTargetsTopicOnceWithTheConfiguredPartitions(TestInfo test) throws Exception {
        String prefix = prefix(test);
        try (KafkaPublisher publisher = new KafkaPublisher(kafka.bootstrapServers(), prefix, 3, CONFIRM, Map.of());
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            for (int i = 0; i < 5; i++) {
                DueMessage message = message("topic-g" + i, "m", "orders");
                publisher.publish(message, 1, DeliveryFrames.brokerBody(message, 1)).get(30, TimeUnit.SECONDS);
            }
            assertThat(publisher.destination("orders")).isEqualTo(prefix + "orders");
            TopicDescription topic = admin.describeTopics(List.of(prefix + "orders")).allTopicNames().get()
                    .get(prefix + "orders");
            assertThat(topic.partitions()).hasSize(3);
            assertThat(topic.partitions().get(0).replicas()).hasSize(1);
            assertThat(readAll(prefix + "orders", 5)).hasSize(5);
            assertThat(publisher.isHealthy()).isTrue();
            assertThat(publisher.clientAddress()).isEqualTo(kafka.bootstrapServers());
        }
    }

    @Test
    void failsThePublishAndReportsUnhealthyWhenNoBrokerAnswers() {
        Map<String, String> quick = Map.of("default.api.timeout.ms", "2000", "request.timeout.ms", "1000",
                "max.block.ms", "2000", "delivery.timeout.ms", "3000", "reconnect.backoff.max.ms", "200");
        try (KafkaPublisher publisher = new KafkaPublisher("127.0.0.1:1", "nobroker.", 1, Duration.ofSeconds(2), quick)) {
            DueMessage message = message("nobroker-g1", "m1", "stock");
            assertThatThrownBy(() -> publisher.publish(message, 1, DeliveryFrames.brokerBody(message, 1))
                    .get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(publisher.isHealthy()).isFalse();
        }
    }

    @Test
    void publishesAgainOnceTheStoppedBrokerIsBack(TestInfo test) throws Exception {
        String prefix = prefix(test);
        try (KafkaPublisher publisher = new KafkaPublisher(kafka.bootstrapServers(), prefix, 1, CONFIRM, Map.of())) {
            DueMessage before = message("restart-g1", "m1", "stock");
            publisher.publish(before, 1, DeliveryFrames.brokerBody(before, 1)).get(30, TimeUnit.SECONDS);

            kafka.stopBroker();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> !publisher.isHealthy());
            } finally {
                kafka.startBroker();
            }
            await().atMost(Duration.ofSeconds(30)).until(publisher::isHealthy);
            DueMessage after = message("restart-g2", "m2", "stock");
            publisher.publish(after, 1, DeliveryFrames.brokerBody(after, 1)).get(30, TimeUnit.SECONDS);

            assertThat(readAll(prefix + "stock", 2)).extracting(ConsumerRecord::key)
                    .containsExactly("restart-g1", "restart-g2");
        }
    }

    static DueMessage message(String groupId, String messageId, String target) {
        return new DueMessage(groupId, "orders", messageId, target, "reserve",
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8), "application/json", Map.of("trace", "t1"), 0, 0);
    }

    private static String prefix(TestInfo test) {
        return "t" + System.nanoTime() + "." + test.getTestMethod().orElseThrow().getName().substring(0, 12) + ".";
    }

    /** Reads {@code count} records of {@code topic} from the start, within 30 s. */
    static List<ConsumerRecord<String, byte[]>> readAll(String topic, int count) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(count);
        return records;
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
