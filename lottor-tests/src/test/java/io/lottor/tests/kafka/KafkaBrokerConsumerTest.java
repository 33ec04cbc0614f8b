package io.lottor.tests.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.client.internal.KafkaBrokerConsumer;
import io.lottor.protocol.v1.BrokerDelivery;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.Message;
import io.lottor.tests.support.InProcessKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * {@link KafkaBrokerConsumer} against an in-process KRaft broker: offsets are committed only over
 * acknowledged records, at most max-in-flight records are with the handlers, and what was not
 * acknowledged comes again to the group's next consumer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaBrokerConsumerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static InProcessKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = InProcessKafka.start();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void commitsOnlyTheOffsetsBelowWhichEveryRecordWasAcknowledged(TestInfo test) throws Exception {
        String service = service(test);
        String topic = topicWith(service, 5);
        Handed handed = new Handed();
        try (KafkaBrokerConsumer consumer = new KafkaBrokerConsumer(service, null, Map.of())) {
            consumer.start(broker(topic), 10, handed::add);
            await().atMost(WAIT).until(() -> handed.size() == 5);

            handed.acknowledge(2);
            handed.acknowledge(4);
            await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> committed(service, topic) == -1);

            handed.acknowledge(0);
            await().atMost(WAIT).until(() -> committed(service, topic) == 1);
            handed.acknowledge(1);
            await().atMost(WAIT).until(() -> committed(service, topic) == 3);
            handed.acknowledge(3);
            await().atMost(WAIT).until(() -> committed(service, topic) == 5);
        }
        assertThat(handed.messageIds()).containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void handsOutAtMostMaxInFlightUnacknowledgedRecords(TestInfo test) throws Exception {
        String service = service(test);
        String topic = topicWith(service, 20);
        Handed handed = new Handed();
        try (KafkaBrokerConsumer consumer = new KafkaBrokerConsumer(service, null, Map.of())) {
            consumer.start(broker(topic), 4, handed::add);
            await().atMost(WAIT).until(() -> handed.size() == 4);
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> handed.size() == 4);

            handed.acknowledge(0);
            handed.acknowledge(1);
            await().atMost(WAIT).until(() -> handed.size() == 6);
            await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> handed.size() == 6);

            for (int i = 2; i < 20; i++) {
                int next = i;
                await().atMost(WAIT).until(() -> handed.size() > next);
                handed.acknowledge(next);
            }
            await().atMost(WAIT).until(() -> committed(service, topic) == 20);
        }
        assertThat(handed.size()).isEqualTo(20);
    }

    @Test
    void leavesUnacknowledgedRecordsToTheGroupsNextConsumer(TestInfo test) throws Exception {
        String service = service(test);
        String topic = topicWith(service, 5);
        Handed first = new Handed();
        try (KafkaBrokerConsumer consumer = new KafkaBrokerConsumer(service, null, Map.of())) {
            consumer.start(broker(topic), 10, first::add);
            await().atMost(WAIT).until(() -> first.size() == 5);
            first.acknowledge(0);
            first.acknowledge(1);
            first.acknowledge(3);
        }
        assertThat(committed(service, topic)).isEqualTo(2);

        Handed second = new Handed();
        try (KafkaBrokerConsumer consumer = new KafkaBrokerConsumer(service, null, Map.of())) {
            consumer.start(broker(topic), 10, second::add);
            await().atMost(WAIT).until(() -> second.size() == 3);
            await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> second.size() == 3);
        }
        assertThat(second.messageIds()).containsExactly("m2", "m3", "m4");
    }

    private static String service(TestInfo test) {
        return "svc" + System.nanoTime() % 1_000_000 + "-" + test.getTestMethod().orElseThrow().getName();
    }

    /** Creates the one-partition topic of {@code service} holding deliveries m0..m{count-1}. */
    private static String topicWith(String service, int count) throws Exception {
        String topic = "lottor." + service;
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                Delivery delivery = Delivery.newBuilder().setGroupId("g" + i).setSource("orders").setAttempt(1)
                        .setMessage(Message.newBuilder().setMessageId("m" + i).setTarget(service).setMethod("reserve"))
                        .build();
                producer.send(new ProducerRecord<>(topic, "g" + i, delivery.toByteArray())).get(30, TimeUnit.SECONDS);
            }
        }
        return topic;
    }

    private static BrokerDelivery broker(String topic) {
        return BrokerDelivery.newBuilder().setKind(BrokerDelivery.Kind.KAFKA).setAddress(kafka.bootstrapServers())
                .setDestination(topic).build();
    }

    /** The group's committed offset of partition 0, -1 when none. */
    private static long committed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
        return offset == null ? -1 : offset.offset();
    }

    /** The deliveries handed to the handler, in order, each with its acknowledgement. */
    private static final class Handed {
        private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        private final List<Runnable> acknowledgements = new CopyOnWriteArrayList<>();

        synchronized void add(Delivery delivery, Runnable acknowledge) {
            deliveries.add(delivery);
            acknowledgements.add(acknowledge);
        }

        int size() {
            return deliveries.size();
        }

        void acknowledge(int index) {
            acknowledgements.get(index).run();
        }

        List<String> messageIds() {
            return deliveries.stream().map(delivery -> delivery.getMessage().getMessageId()).toList();
        }
    }
}
