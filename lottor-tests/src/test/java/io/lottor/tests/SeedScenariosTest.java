package io.lottor.tests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lottor.client.LottorClient;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.tests.support.RunningServer;
import io.lottor.tests.support.TestDatabase;
import io.lottor.tests.support.UserRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The seed project's three scenarios: a user service producing auth-role messages to an auth service. */
class SeedScenariosTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final RunningServer server = new RunningServer("seed-scenarios",
                "--max-attempts", "3", "--retry-initial-backoff", "100ms", "--retry-max-backoff", "1s",
                "--check-after", "1s");

    @Test
    void grantsRoleInAuthServiceWhenUserServiceCommitsUser() throws Exception {
        String groupId = "grantsRoleInAuthServiceWhenUserServiceCommitsUser";
        TestDatabase users = TestDatabase.open(dir.resolve("users-granted.db"), TestDatabase.USER_SCHEMA);
        TestDatabase auth = TestDatabase.open(dir.resolve("auth-granted.db"), TestDatabase.AUTH_SCHEMA);
        try (LottorClient consumer = client("auth-granted", "auth-granted-1");
             LottorClient producer = producer("user-granted", users)) {
            consumer.subscribe("auth-role", UserRole.class, auth.dataSource(),
                    (connection, role, context) -> TestDatabase.insertUserRole(connection, role));

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
            assertThat(users.count("SELECT COUNT(*) FROM user_account WHERE id = ?", userId)).isEqualTo(1);
            assertThat(auth.count("SELECT COUNT(*) FROM user_role WHERE user_id = ? AND role = 'admin'", userId))
                    .isEqualTo(1);
        }
    }

    @Test
    void rollsBackGroupAndDeliversNothingWhenProducerLocalTransactionFails() throws Exception {
        String groupId = "rollsBackGroupWhenProducerLocalTransactionFails";
        TestDatabase users = TestDatabase.open(dir.resolve("users-failing.db"), TestDatabase.USER_SCHEMA);
        TestDatabase auth = TestDatabase.open(dir.resolve("auth-failing.db"), TestDatabase.AUTH_SCHEMA);
        AtomicInteger deliveries = new AtomicInteger();
        try (LottorClient consumer = client("auth-unreached", "auth-unreached-1");
             LottorClient producer = producer("user-failing", users)) {
            consumer.subscribe("auth-role", UserRole.class, auth.dataSource(), (connection, role, context) -> {
                deliveries.incrementAndGet();
                TestDatabase.insertUserRole(connection, role);
            });

            // The role does not exist: the deferred foreign key fails the local COMMIT, after Prepare.
            assertThatThrownBy(() -> producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "bob", "no-such-role");
                group.send("auth-unreached", "auth-role", new UserRole("bob", "no-such-role"));
                return "bob";
            })).hasStackTraceContaining("FOREIGN KEY");

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.ROLLED_BACK));
            GroupMessage message = server.inspector().firstMessage(groupId);
            assertThat(message.getState()).isEqualTo(MessageState.CANCELLED);
            assertThat(message.getAttempts()).isZero();
            assertThat(deliveries).hasValue(0);
            assertThat(users.count("SELECT COUNT(*) FROM user_account WHERE id = 'bob'")).isZero();
            assertThat(auth.count("SELECT COUNT(*) FROM user_role")).isZero();
        }
    }

    @Test
    void preparesNothingAndDeliversNothingWhenProducerWorkFailsBeforeCommit() throws Exception {
        String groupId = "preparesNothingWhenProducerWorkFails";
        TestDatabase users = TestDatabase.open(dir.resolve("users-work-fails.db"), TestDatabase.USER_SCHEMA);
        try (LottorClient producer = producer("user-work-fails", users)) {
            producer.inTransaction(users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "dave", "admin");
                return "dave";
            });

            // As in the seed: the business insert itself fails (here a duplicate key) after the message was sent.
            assertThatThrownBy(() -> producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                group.send("auth-never", "auth-role", new UserRole("dave", "admin"));
                TestDatabase.insertUser(connection, "dave", "admin");
                return "dave";
            })).isInstanceOf(java.sql.SQLException.class);

            assertThat(server.inspector().group(groupId)).as("Prepare is only sent just before the local commit").isEmpty();
            assertThat(users.count("SELECT COUNT(*) FROM user_account WHERE id = 'dave'")).isEqualTo(1);
            assertThat(users.count("SELECT COUNT(*) FROM lottor_barrier WHERE group_id = ?", groupId)).isZero();
        }
    }

    @Test
    void retriesFailingConsumerThenMarksMessageDeadWithItsError() throws Exception {
        String groupId = "retriesFailingConsumerThenMarksMessageDead";
        TestDatabase users = TestDatabase.open(dir.resolve("users-dead.db"), TestDatabase.USER_SCHEMA);
        List<Integer> attemptsSeen = new CopyOnWriteArrayList<>();
        Set<String> observed = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
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
            poller.scheduleWithFixedDelay(() -> observe(groupId, observed), 0, 10, TimeUnit.MILLISECONDS);

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.inspector().firstMessage(groupId).getState()).isEqualTo(MessageState.DEAD));
            GroupMessage dead = server.inspector().firstMessage(groupId);
            assertThat(dead.getAttempts()).isEqualTo(3);
            assertThat(dead.getLastError()).contains("auth-role rejected: unknown user carol");
            assertThat(attemptsSeen).containsExactly(1, 2, 3);
            assertThat(observed).anySatisfy(seen -> assertThat(seen)
                    .startsWith("FAILED|").contains("auth-role rejected: unknown user carol"));
            assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.COMMITTED);
        } finally {
            poller.shutdownNow();
        }
    }

    private static void observe(String groupId, Set<String> observed) {
        try {
            server.inspector().group(groupId).filter(group -> group.getMessagesCount() > 0).ifPresent(group -> {
                GroupMessage message = group.getMessages(0);
                observed.add(message.getState() + "|" + message.getAttempts() + "|" + message.getLastError());
            });
        } catch (RuntimeException e) {
            observed.add("ERROR|" + e.getMessage());
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
