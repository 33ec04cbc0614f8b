package io.lottor.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lottor.client.LottorClient;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.tests.support.Inspector;
import io.lottor.tests.support.ServerDatabase;
import io.lottor.tests.support.ServerProcess;
import io.lottor.tests.support.TestDatabase;
import io.lottor.tests.support.UserRole;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's scenarios (a user service producing auth-role messages to an auth service) against a real
 * server process whose store is a database of the test's own on the machine's PostgreSQL or MariaDB
 * ({@code --store postgres|mysql --jdbc-url …}); and the server killed with kill -9 and restarted on that
 * database. A backend's test class only names its {@link ServerDatabase.Kind}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerDatabaseScenariosTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private ServerDatabase database;
    private ServerProcess server;
    private Inspector inspector;

    /** The database server the store runs on. */
    protected abstract ServerDatabase.Kind kind();

    @BeforeAll
    void startServerOnItsDatabase() {
        database = ServerDatabase.create(kind(), "e2e");
        List<String> flags = new ArrayList<>(database.serverFlags());
        flags.addAll(List.of("--max-attempts", "3", "--retry-initial-backoff", "100ms", "--retry-max-backoff", "1s",
                "--check-after", "1s"));
        server = ServerProcess.start(getClass().getSimpleName(), dir.resolve("server"), flags.toArray(String[]::new));
        inspector = new Inspector(server);
    }

    @AfterAll
    void stopServerAndDropDatabase() throws SQLException {
        if (inspector != null) {
            inspector.close();
        }
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void grantsRoleInAuthServiceWhenUserServiceCommitsUser() throws Exception {
        String groupId = "dbGrantsRoleWhenUserServiceCommitsUser";
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
            GroupMessage message = inspector.firstMessage(groupId);
            assertThat(message.getState()).isEqualTo(MessageState.CONSUMED);
            assertThat(message.getConsumedBy()).isEqualTo("auth-granted-1");
            assertThat(auth.count("SELECT COUNT(*) FROM user_role WHERE user_id = 'alice' AND role = 'admin'"))
                    .isEqualTo(1);
            assertThat(database.count("SELECT COUNT(*) FROM lottor_group WHERE group_id = '" + groupId
                    + "' AND state = 'COMPLETED'")).as("the group is in the server's database").isEqualTo(1);
        }
    }

    @Test
    void rollsBackGroupAndDeliversNothingWhenProducerLocalTransactionFails() throws Exception {
        String groupId = "dbRollsBackWhenProducerLocalTransactionFails";
        TestDatabase users = TestDatabase.open(dir.resolve("users-failing.db"), TestDatabase.USER_SCHEMA);
        AtomicInteger deliveries = new AtomicInteger();
        try (LottorClient consumer = client("auth-unreached", "auth-unreached-1");
             LottorClient producer = producer("user-failing", users)) {
            consumer.subscribe("auth-role", UserRole.class, (role, context) -> deliveries.incrementAndGet());

            // The role does not exist: the deferred foreign key fails the local COMMIT, after Prepare.
            assertThatThrownBy(() -> producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "bob", "no-such-role");
                group.send("auth-unreached", "auth-role", new UserRole("bob", "no-such-role"));
                return "bob";
            })).hasStackTraceContaining("FOREIGN KEY");

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(inspector.existingGroup(groupId).getState()).isEqualTo(GroupState.ROLLED_BACK));
            assertThat(inspector.firstMessage(groupId).getState()).isEqualTo(MessageState.CANCELLED);
            assertThat(deliveries).hasValue(0);
        }
    }

    @Test
    void retriesFailingConsumerThenMarksMessageDeadWithItsError() throws Exception {
        String groupId = "dbRetriesFailingConsumerThenMarksMessageDead";
        TestDatabase users = TestDatabase.open(dir.resolve("users-dead.db"), TestDatabase.USER_SCHEMA);
        try (LottorClient consumer = client("auth-rejecting", "auth-rejecting-1");
             LottorClient producer = producer("user-dead", users)) {
            consumer.subscribe("auth-role", UserRole.class, (role, context) -> {
                throw new IllegalStateException("auth-role rejected: unknown user " + role.userId());
            });
            producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "carol", "admin");
                group.send("auth-rejecting", "auth-role", new UserRole("carol", "admin"));
                return "carol";
            });

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(inspector.firstMessage(groupId).getState()).isEqualTo(MessageState.DEAD));
            GroupMessage dead = inspector.firstMessage(groupId);
            assertThat(dead.getAttempts()).isEqualTo(3);
            assertThat(dead.getLastError()).contains("auth-role rejected: unknown user carol");
        }
    }

    @Test
    void committedGroupSurvivesKillOfTheServerAndIsDeliveredAfterTheRestart() throws Exception {
        String groupId = "dbCommittedGroupSurvivesKillOfTheServer";
        TestDatabase users = TestDatabase.open(dir.resolve("users-restart.db"), TestDatabase.USER_SCHEMA);
        try (LottorClient producer = producer("user-restart", users)) {
            producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
                TestDatabase.insertUser(connection, "dave", "admin");
                group.send("auth-restart", "auth-role", new UserRole("dave", "admin"));
                return "dave";
            });
            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(inspector.existingGroup(groupId).getState()).isEqualTo(GroupState.COMMITTED));
        }

        server.kill9();
        server.restart();

        assertThat(inspector.existingGroup(groupId).getState()).isEqualTo(GroupState.COMMITTED);
        List<String> consumed = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LottorClient consumer = client("auth-restart", "auth-restart-1")) {
            consumer.subscribe("auth-role", UserRole.class, (role, context) -> consumed.add(role.userId()));
            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(inspector.existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
        }
        assertThat(consumed).containsExactly("dave");
    }

    private LottorClient client(String service, String instanceId) {
        return LottorClient.builder().target(server.target()).service(service).instanceId(instanceId).build();
    }

    private LottorClient producer(String service, TestDatabase users) {
        return LottorClient.builder().target(server.target()).service(service).instanceId(service + "-1")
                .barrier(users.dataSource()).build();
    }
}
