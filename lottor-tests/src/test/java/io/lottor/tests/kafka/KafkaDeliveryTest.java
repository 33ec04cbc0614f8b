package io.lottor.tests.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lottor.client.CheckBackState;
import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.tests.support.ChildProcess;
import io.lottor.tests.support.ConsumerMain;
import io.lottor.tests.support.InProcessKafka;
import io.lottor.tests.support.Inspector;
import io.lottor.tests.support.ServerProcess;
import io.lottor.tests.support.TestDatabase;
import io.lottor.tests.support.UserRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's scenarios and the faults of issue 10 with {@code --delivery kafka}: a real server process
 * publishing to an in-process KRaft broker, clients consuming from it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaDeliveryTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static InProcessKafka kafka;
    private static Admin admin;
    private static ServerProcess server;
    private static Inspector inspector;

    @BeforeAll
    static void start() throws Exception {
        kafka = InProcessKafka.start();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        server = ServerProcess.start("kafka-delivery", dir.resolve("server"), "--delivery", "kafka",
                "--kafka-bootstrap", kafka.bootstrapServers(), "--kafka-partitions", "2", "--max-attempts", "3",
                "--retry-initial-backoff", "100ms", "--retry-max-backoff", "1s", "--check-after", "1s",
                "--ack-timeout", "5s", "--heartbeat-interval", "500ms");
        inspector = new Inspector(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (inspector != null) {
            inspector.close();
        }
        if (server != null) {
            server.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void grantsRoleInAuthServiceThroughItsKafkaTopicWhenUserServiceCommitsUser() throws Exception {
        String groupId = "grantsRoleThroughKafkaWhenUserServiceCommitsUser";
        TestDatabase users = TestDatabase.open(dir.resolve("users-granted.db"), TestDatabase.USER_SCHEMA);
        TestDatabase auth = TestDatabase.open(dir.resolve("auth-granted.db"), TestDatabase.AUTH_SCHEMA);
        try (LottorClient consumer = client("auth-granted", "auth-granted-1");
             LottorClient producer = producer("user-granted", users)) {
            consumer.subscribe("auth-role", UserRole.class, auth.dataSource(),
                    (connection, role, context) -> TestDatabase.insertUserRole(connection, role));

            producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "alice", "admin");
                group.send("auth-granted", "auth-role", new UserRole("alice", "admin"));
                return "alice";
            });

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(inspector.existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
        }
        GroupMessage message = inspector.firstMessage(groupId);
        assertThat(message.getState()).isEqualTo(MessageState.CONSUMED);
        assertThat(message.getConsumedBy()).isEqualTo("auth-granted-1");
        assertThat(auth.count("SELECT COUNT(*) FROM user_role WHERE user_id = 'alice' AND role = 'admin'")).isEqualTo(1);
        assertThat(records("lottor.auth-granted")).as("records in topic lottor.auth-granted").isEqualTo(1);
    }

    @Test
    void rollsBackGroupAndPublishesNothingWhenProducerLocalTransactionFails() throws Exception {
        String groupId = "rollsBackAndPublishesNothingThroughKafka";
        TestDatabase users = TestDatabase.open(dir.resolve("users-failing.db"), TestDatabase.USER_SCHEMA);
        AtomicInteger deliveries = new AtomicInteger();
        try (LottorClient consumer = client("auth-unreached", "auth-unreached-1");
             LottorClient producer = producer("user-failing", users)) {
            consumer.subscribe("auth-role", UserRole.class, (role, context) -> deliveries.incrementAndGet());

            assertThatThrownBy(() -> producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "bob", "no-such-role");
                group.send("auth-unreached", "auth-role", new UserRole("bob", "no-such-role"));
                return "bob";
            })).hasStackTraceContaining("FOREIGN KEY");

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(inspector.existingGroup(groupId).getState()).isEqualTo(GroupState.ROLLED_BACK));
        }
        GroupMessage message = inspector.firstMessage(groupId);
        assertThat(message.getState()).isEqualTo(MessageState.CANCELLED);
        assertThat(message.getAttempts()).isZero();
        assertThat(deliveries).hasValue(0);
        assertThat(records("lottor.auth-unreached")).as("records in topic lottor.auth-unreached").isZero();
    }

    @Test
    void republishesAFailingConsumersMessageAfterItsBackoffThenMarksItDead() throws Exception {
        String groupId = "republishesFailingMessageThroughKafkaThenDead";
        TestDatabase users = TestDatabase.open(dir.resolve("users-dead.db"), TestDatabase.USER_SCHEMA);
        List<Integer> attemptsSeen = new CopyOnWriteArrayList<>();
        try (LottorClient consumer = client("auth-rejecting", "auth-rejecting-1");
             LottorClient producer = producer("user-dead", users)) {
            consumer.subscribe("auth-role", UserRole.class, (role, context) -> {
                attemptsSeen.add(context.attempt());
                throw new IllegalStateException("auth-role rejected: unknown user " + role.userId());
            });
            producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "carol", "admin");
                group.send("auth-rejecting", "auth-role", new UserRole("carol", "admin"));
                return "carol";
            });

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(inspector.firstMessage(groupId).getState()).isEqualTo(MessageState.DEAD));
        }
        GroupMessage dead = inspector.firstMessage(groupId);
        assertThat(dead.getAttempts()).isEqualTo(3);
        assertThat(dead.getLastError()).contains("auth-role rejected: unknown user carol");
        assertThat(attemptsSeen).containsExactly(1, 2, 3);
        assertThat(records("lottor.auth-rejecting")).as("one record per attempt").isEqualTo(3);
    }

    @Test
    void redeliversToAnotherInstanceAndAppliesEffectOnceWhenConsumerDiesMidFlight() throws Exception {
        String groupId = "redeliversThroughKafkaWhenConsumerDiesMidFlight";
        TestDatabase auth = TestDatabase.open(dir.resolve("auth-crash.db"), TestDatabase.AUTH_SCHEMA);
        try (ChildProcess doomed = ChildProcess.start("consumer-kafka-crash-1", ConsumerMain.class,
                server.target(), "auth-crash", "auth-crash-1", auth.file().toString(), "auth-role",
                "session.timeout.ms=6000;heartbeat.interval.ms=1000");
             LottorClient producer = LottorClient.builder().target(server.target()).service("user-crash")
                     .instanceId("user-crash-1").checkBackHandler(id -> CheckBackState.COMMITTED).build()) {
            doomed.awaitLine("READY", Duration.ofSeconds(60));
            TransactionGroup group = producer.begin(groupId);
            group.send("auth-crash", "auth-role", new UserRole("dave", "admin"));
            group.prepare();
            group.commit();
            doomed.awaitLine("HANDLING group=" + groupId, EVENTUALLY);

            try (LottorClient survivor = LottorClient.builder().target(server.target()).service("auth-crash")
                    .instanceId("auth-crash-2").build()) {
                survivor.subscribe("auth-role", UserRole.class, auth.dataSource(),
                        (connection, role, context) -> TestDatabase.insertUserRole(connection, role));
                doomed.kill9();

                await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                        assertThat(inspector.existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
            }
        }
        GroupMessage message = inspector.firstMessage(groupId);
        assertThat(message.getState()).isEqualTo(MessageState.CONSUMED);
        assertThat(message.getConsumedBy()).isEqualTo("auth-crash-2");
        assertThat(auth.count("SELECT COUNT(*) FROM user_role WHERE user_id = 'dave'")).isEqualTo(1);
    }

    @Test
    void resumesDeliveryWhenTheStoppedBrokerIsBack() throws Exception {
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        try (LottorClient consumer = client("ledger-outage", "ledger-outage-1");
             LottorClient producer = LottorClient.builder().target(server.target()).service("orders-outage")
                     .instanceId("orders-outage-1").checkBackHandler(id -> CheckBackState.COMMITTED).build()) {
            consumer.subscribe("record-order", Map.class, (payload, context) -> consumed.add(context.groupId()));
            commit(producer, "resumesAfterBrokerOutage-before");
            await().atMost(EVENTUALLY).until(() -> consumed.contains("resumesAfterBrokerOutage-before"));

            kafka.stopBroker();
            try {
                commit(producer, "resumesAfterBrokerOutage-during");
                await().atMost(EVENTUALLY).until(() -> inspector.get("/health/ready").status() == 503);
                assertThat(inspector.firstMessage("resumesAfterBrokerOutage-during").getState())
                        .isNotEqualTo(MessageState.CONSUMED);
            } finally {
                kafka.startBroker();
            }
            commit(producer, "resumesAfterBrokerOutage-after");

            await().atMost(Duration.ofSeconds(90)).until(() -> consumed.containsAll(
                    List.of("resumesAfterBrokerOutage-during", "resumesAfterBrokerOutage-after")));
            await().atMost(EVENTUALLY).until(() -> inspector.get("/health/ready").status() == 200);
        }
        for (String groupId : List.of("resumesAfterBrokerOutage-during", "resumesAfterBrokerOutage-after")) {
            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(inspector.existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
        }
    }

    private static void commit(LottorClient producer, String groupId) {
        TransactionGroup group = producer.begin(groupId);
        group.send("ledger-outage", "record-order", Map.of("order", groupId));
        group.prepare();
        group.commit();
    }

    /** How many records {@code topic} holds (0 when it does not exist). */
    static long records(String topic) throws Exception {
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(partition -> ends.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
        return admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    private static LottorClient client(String service, String instanceId) {
        return LottorClient.builder().target(server.target()).service(service).instanceId(instanceId).build();
    }

    private static LottorClient producer(String service, TestDatabase database) {
        return LottorClient.builder().target(server.target()).service(service).instanceId(service + "-1")
                .barrier(database.dataSource()).build();
    }
}
