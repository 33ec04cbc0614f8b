package io.lottor.tests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.lottor.client.LottorClient;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.tests.support.RabbitVhost;
import io.lottor.tests.support.RunningServer;
import io.lottor.tests.support.TestDatabase;
import io.lottor.tests.support.UserRole;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The seed project's scenarios with {@code --delivery rabbitmq} on the machine's RabbitMQ, in a vhost of
 * this class's: the same clients and handlers as with direct delivery; only the server's flags differ.
 */
class RabbitMqScenariosTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    @RegisterExtension
    @Order(1)
    static final RabbitVhost rabbit = new RabbitVhost("scenarios");
    @RegisterExtension
    @Order(2)
    static final RunningServer server = new RunningServer("rabbitmq-scenarios",
            "--delivery", "rabbitmq", "--rabbitmq-uri", rabbit.uri(), "--broker-prefix", "lottor.",
            "--max-attempts", "3", "--retry-initial-backoff", "100ms", "--retry-max-backoff", "1s",
            "--check-after", "1s");

    @Test
    void grantsRoleInAuthServiceThroughItsQueueWhenUserServiceCommitsUser() throws Exception {
        String groupId = "grantsRoleThroughRabbitMq";
        TestDatabase users = TestDatabase.open(dir.resolve("users-granted.db"), TestDatabase.USER_SCHEMA);
        TestDatabase auth = TestDatabase.open(dir.resolve("auth-granted.db"), TestDatabase.AUTH_SCHEMA);
        try (LottorClient consumer = client("auth-granted", "auth-granted-1");
             LottorClient producer = producer("user-granted", users)) {
            consumer.subscribe("auth-role", UserRole.class, auth.dataSource(),
                    (connection, role, context) -> TestDatabase.insertUserRole(connection, role));
            await().atMost(EVENTUALLY).until(consumer::isConsumingFromBroker);

            String userId = producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "alice", "admin");
                group.send("auth-granted", "auth-role", new UserRole("alice", "admin"));
                return "alice";
            });

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
            GroupMessage message = server.inspector().firstMessage(groupId);
            assertThat(message.getState()).isEqualTo(MessageState.CONSUMED);
            assertThat(message.getConsumedBy()).isEqualTo("auth-granted-1");
            assertThat(message.getAttempts()).isEqualTo(1);
            assertThat(auth.count("SELECT COUNT(*) FROM user_role WHERE user_id = ? AND role = 'admin'", userId))
                    .isEqualTo(1);
            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(rabbit.messages("lottor.auth-granted")).as("acknowledged").contains(0L));
        }
    }

    @Test
    void publishesNothingForAGroupRolledBackWhenProducerLocalTransactionFails() throws Exception {
        String groupId = "publishesNothingForRolledBackGroup";
        TestDatabase users = TestDatabase.open(dir.resolve("users-failing.db"), TestDatabase.USER_SCHEMA);
        TestDatabase auth = TestDatabase.open(dir.resolve("auth-failing.db"), TestDatabase.AUTH_SCHEMA);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (LottorClient consumer = client("auth-unreached", "auth-unreached-1");
             LottorClient producer = producer("user-failing", users)) {
            consumer.subscribe("auth-role", UserRole.class, auth.dataSource(), (connection, role, context) -> {
                handled.add(context.groupId());
                TestDatabase.insertUserRole(connection, role);
            });
            await().atMost(EVENTUALLY).until(consumer::isConsumingFromBroker);

            // The role does not exist: the deferred foreign key fails the local COMMIT, after Prepare.
            assertThatThrownBy(() -> producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "bob", "no-such-role");
                group.send("auth-unreached", "auth-role", new UserRole("bob", "no-such-role"));
                return "bob";
            })).hasStackTraceContaining("FOREIGN KEY");
            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.ROLLED_BACK));
            // a group committed after it goes through the same queue: had the rolled-back one been
            // published, it would have been consumed first
            String later = groupId + "-later";
            producer.inTransaction(later, users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "bob", "admin");
                group.send("auth-unreached", "auth-role", new UserRole("bob", "admin"));
                return "bob";
            });
            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.inspector().existingGroup(later).getState()).isEqualTo(GroupState.COMPLETED));

            GroupMessage message = server.inspector().firstMessage(groupId);
            assertThat(message.getState()).isEqualTo(MessageState.CANCELLED);
            assertThat(message.getAttempts()).isZero();
            assertThat(handled).containsExactly(later);
            assertThat(rabbit.messages("lottor.auth-unreached")).contains(0L);
            assertThat(auth.count("SELECT COUNT(*) FROM user_role")).isEqualTo(1);
        }
    }

    @Test
    void preparesNothingAndPublishesNothingWhenProducerWorkFailsBeforeCommit() throws Exception {
        String groupId = "preparesNothingWhenWorkFailsWithRabbitMq";
        TestDatabase users = TestDatabase.open(dir.resolve("users-work-fails.db"), TestDatabase.USER_SCHEMA);
        try (LottorClient producer = producer("user-work-fails", users)) {
            producer.inTransaction(users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "dave", "admin");
                return "dave";
            });

            assertThatThrownBy(() -> producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                group.send("auth-never", "auth-role", new UserRole("dave", "admin"));
                TestDatabase.insertUser(connection, "dave", "admin");
                return "dave";
            })).isInstanceOf(java.sql.SQLException.class);

            assertThat(server.inspector().group(groupId)).isEmpty();
            assertThat(rabbit.messages("lottor.auth-never")).as("no queue was ever needed").isEqualTo(Optional.empty());
            assertThat(users.count("SELECT COUNT(*) FROM lottor_barrier WHERE group_id = ?", groupId)).isZero();
        }
    }

    @Test
    void republishesAFailedMessageAfterItsBackoffThenMarksItDeadWithItsError() throws Exception {
        String groupId = "republishesFailedMessageThenMarksItDead";
        TestDatabase users = TestDatabase.open(dir.resolve("users-dead.db"), TestDatabase.USER_SCHEMA);
        List<Integer> attemptsSeen = new CopyOnWriteArrayList<>();
        AtomicInteger handled = new AtomicInteger();
        try (LottorClient consumer = client("auth-rejecting", "auth-rejecting-1");
             LottorClient producer = producer("user-dead", users)) {
            consumer.subscribe("auth-role", UserRole.class, (role, context) -> {
                handled.incrementAndGet();
                attemptsSeen.add(context.attempt());
                throw new IllegalStateException("auth-role rejected: unknown user " + role.userId());
            });
            await().atMost(EVENTUALLY).until(consumer::isConsumingFromBroker);
            producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "carol", "admin");
                group.send("auth-rejecting", "auth-role", new UserRole("carol", "admin"));
                return "carol";
            });

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.inspector().firstMessage(groupId).getState()).isEqualTo(MessageState.DEAD));
            GroupMessage dead = server.inspector().firstMessage(groupId);
            assertThat(dead.getAttempts()).isEqualTo(3);
            assertThat(dead.getLastError()).contains("auth-role rejected: unknown user carol");
            assertThat(attemptsSeen).as("one publish per attempt, none from broker redelivery").containsExactly(1, 2, 3);
            assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.COMMITTED);
            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(rabbit.messages("lottor.auth-rejecting")).contains(0L));
        }
    }

    @Test
    void consumerDeclaresItsDurableQueueAndTheServerIsReadyWhileTheBrokerIsReachable() {
        try (LottorClient consumer = client("auth-told", "auth-told-1")) {
            consumer.subscribe("auth-role", UserRole.class, (role, context) -> { });
            await().atMost(EVENTUALLY).until(consumer::isConsumingFromBroker);

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(rabbit.messages("lottor.auth-told")).as("declared by its consumer").contains(0L));
            assertThat(server.inspector().get("/health/ready").status()).isEqualTo(200);
        }
    }

    private static LottorClient client(String service, String instanceId) {
        return LottorClient.builder().target(server.target()).service(service).instanceId(instanceId).build();
    }

    private static LottorClient producer(String service, TestDatabase database) {
        return LottorClient.builder().target(server.target()).service(service).instanceId(service + "-1")
                .barrier(database.dataSource()).build();
    }
}
