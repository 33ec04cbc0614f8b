package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.lottor.client.db.FailingCommitDataSource;
import io.lottor.client.db.H2Database;
import io.lottor.client.fake.FakeCoordinator;
import io.lottor.protocol.v1.Message;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class LottorClientProducerTest {
    record UserRole(String user, String role) {
    }

    private FakeCoordinator coordinator;
    private H2Database database;
    private LottorClient client;
    private String group;

    @BeforeEach
    void start(TestInfo test) throws Exception {
        coordinator = new FakeCoordinator().start(0);
        database = new H2Database("producer" + System.nanoTime());
        execute("CREATE TABLE app_user (name VARCHAR(64) PRIMARY KEY)");
        coordinator.probe = id -> " user=" + visible("SELECT COUNT(*) FROM app_user")
                + " barrier=" + visible("SELECT COUNT(*) FROM lottor_barrier WHERE outcome = 'C'");
        client = LottorClient.builder().target(coordinator.target()).service("user").instanceId("user-1")
                .barrier(database.dataSource()).checkAfter(Duration.ofSeconds(3)).build();
        String name = test.getTestMethod().orElseThrow().getName();
        group = name.substring(0, Math.min(name.length(), 64));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        coordinator.close();
        database.close();
    }

    @Test
    void preparesBeforeTheLocalCommitAndCommitsAfterIt() throws SQLException {
        String result = client.inTransaction(group, dataSource(), (connection, g) -> {
            insertUser(connection, "ann");
            g.send("auth", "auth-role", new UserRole("ann", "admin"));
            return "created";
        });

        assertThat(result).isEqualTo("created");
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.events.size() == 2);
        assertThat(coordinator.events).containsExactly(
                "prepare:" + group + " user=false barrier=false",
                "commit:" + group + " user=true barrier=true");
        Message message = coordinator.prepares.get(0).getMessages(0);
        assertThat(message.getMessageId()).isEqualTo("m1");
        assertThat(message.getTarget()).isEqualTo("auth");
        assertThat(message.getMethod()).isEqualTo("auth-role");
        assertThat(message.getPayload().toString(StandardCharsets.UTF_8)).isEqualTo("{\"user\":\"ann\",\"role\":\"admin\"}");
        assertThat(coordinator.prepares.get(0).getSource()).isEqualTo("user");
        assertThat(coordinator.prepares.get(0).getInstanceId()).isEqualTo("user-1");
        assertThat(coordinator.prepares.get(0).getCheckAfterMs()).isEqualTo(3000);
    }

    @Test
    void rollsBackLocallyAndOnTheCoordinatorWhenWorkThrowsAfterPrepare() {
        assertThatThrownBy(() -> client.inTransaction(group, dataSource(), (connection, g) -> {
            insertUser(connection, "ann");
            g.send("auth", "auth-role", new UserRole("ann", "admin"));
            g.prepare();
            throw new IllegalStateException("quota exceeded");
        })).isInstanceOf(IllegalStateException.class).hasMessage("quota exceeded");

        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.events.size() == 2);
        assertThat(coordinator.events).containsExactly("prepare:" + group + " user=false barrier=false", "rollback:" + group);
        assertThat(visible("SELECT COUNT(*) FROM app_user")).isFalse();
    }

    @Test
    void rethrowsTheCheckedExceptionOfWorkAndSendsNothingWhenItFailsBeforePrepare() {
        assertThatThrownBy(() -> client.inTransaction(group, dataSource(), (connection, g) -> {
            g.send("auth", "auth-role", new UserRole("ann", "admin"));
            insertUser(connection, "ann");
            insertUser(connection, "ann");
            return null;
        })).isInstanceOf(SQLException.class);

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(coordinator.events::isEmpty);
        assertThat(visible("SELECT COUNT(*) FROM app_user")).isFalse();
    }

    @Test
    void commitsLocallyWithoutPrepareWhenNothingWasSent() throws SQLException {
        client.inTransaction(group, dataSource(), (connection, g) -> insertUser(connection, "ann"));

        assertThat(visible("SELECT COUNT(*) FROM app_user")).isTrue();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(coordinator.events::isEmpty);
    }

    @Test
    void rollsBackLocallyWhenPrepareIsRefused() {
        coordinator.rejectPrepare = Status.INVALID_ARGUMENT.withDescription("messages[0].target is empty");

        assertThatThrownBy(() -> client.inTransaction(group, dataSource(), (connection, g) -> {
            insertUser(connection, "ann");
            return g.send("auth", "auth-role", new UserRole("ann", "admin"));
        })).isInstanceOfSatisfying(LottorRpcException.class,
                e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));

        assertThat(visible("SELECT COUNT(*) FROM app_user")).isFalse();
        assertThat(visible("SELECT COUNT(*) FROM lottor_barrier")).isFalse();
    }

    @Test
    void rollsBackLocallyAndSendsNothingMoreWhenPrepareAnswersAnEarlierRollback() {
        coordinator.prepareAnswer = io.lottor.protocol.v1.GroupState.ROLLED_BACK;

        assertThatThrownBy(() -> client.inTransaction(group, dataSource(), (connection, g) -> {
            insertUser(connection, "ann");
            return g.send("auth", "auth-role", new UserRole("ann", "admin"));
        })).isInstanceOfSatisfying(GroupNotPreparedException.class, e -> {
            assertThat(e.groupId()).isEqualTo(group);
            assertThat(e.state()).isEqualTo("ROLLED_BACK");
            assertThat(e).hasMessageContaining("group=" + group).hasMessageContaining("use a new group id");
        });

        assertThat(visible("SELECT COUNT(*) FROM app_user")).isFalse();
        assertThat(visible("SELECT COUNT(*) FROM lottor_barrier")).isFalse();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> coordinator.events.size() == 1);
    }

    @Test
    void failsTheLocalTransactionWhenPrepareAnswersCommittedFromAnEarlierTry() {
        coordinator.prepareAnswer = io.lottor.protocol.v1.GroupState.COMMITTED;

        assertThatThrownBy(() -> client.inTransaction(group, dataSource(), (connection, g) -> {
            insertUser(connection, "ann");
            return g.send("auth", "auth-role", new UserRole("ann", "admin"));
        })).isInstanceOfSatisfying(GroupNotPreparedException.class, e -> {
            assertThat(e.groupId()).isEqualTo(group);
            assertThat(e.state()).isEqualTo("COMMITTED");
        });

        assertThat(visible("SELECT COUNT(*) FROM app_user")).isFalse();
        assertThat(visible("SELECT COUNT(*) FROM lottor_barrier")).isFalse();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> coordinator.events.size() == 1);
    }

    @Test
    void retriesPrepareWhileTheCoordinatorIsUnavailable() {
        coordinator.unavailablePrepares.set(2);

        client.inTransaction(group, dataSource(), (connection, g) -> g.send("auth", "auth-role", new UserRole("ann", "admin")));

        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.events.size() == 4);
        assertThat(coordinator.events).containsExactly("unavailable:" + group, "unavailable:" + group,
                "prepare:" + group + " user=false barrier=false", "commit:" + group + " user=false barrier=true");
    }

    @Test
    void keepsRetryingTheCommitInTheBackgroundWhileTheCoordinatorIsUnavailable() {
        coordinator.unavailableCommits.set(3);

        client.inTransaction(group, dataSource(), (connection, g) -> g.send("auth", "auth-role", new UserRole("ann", "admin")));

        await().atMost(Duration.ofSeconds(20)).until(() -> coordinator.events.size() == 5);
        assertThat(coordinator.events).endsWith("commit:" + group + " user=false barrier=true");
    }

    @Test
    void sendsNeitherCommitNorRollbackWhenTheLocalCommitFails() throws Exception {
        FailingCommitDataSource failing = new FailingCommitDataSource(database.dataSource());
        DataSource dataSource = failing.dataSource();
        try (LottorClient producer = LottorClient.builder().target(coordinator.target()).service("user")
                .barrier(dataSource).build()) {
            failing.failCommits = true;

            assertThatThrownBy(() -> producer.inTransaction(group, dataSource, (connection, g) -> {
                insertUser(connection, "ann");
                return g.send("auth", "auth-role", new UserRole("ann", "admin"));
            })).isInstanceOfSatisfying(CommitOutcomeUnknownException.class, e -> assertThat(e.groupId()).isEqualTo(group));

            failing.failCommits = false;
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> coordinator.events.size() == 1);
            assertThat(coordinator.events).containsExactly("prepare:" + group + " user=false barrier=false");
            assertThat(new JdbcBarrier(dataSource).check(group)).isEqualTo(CheckBackState.ROLLED_BACK);
        }
    }

    @Test
    void inTransactionFailsFastWithoutABarrier() {
        try (LottorClient producer = LottorClient.builder().target(coordinator.target()).service("user").build()) {
            assertThatThrownBy(() -> producer.inTransaction(dataSource(), (connection, g) -> null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("barrier(dataSource)");
        }
    }

    @Test
    void lowLevelGroupNumbersMessagesAndPreparesThenCommits() {
        TransactionGroup g = client.begin(group);

        assertThat(g.send("auth", "auth-role", new UserRole("ann", "admin"))).isEqualTo("m1");
        assertThat(g.sendRaw("audit", "log", "ann created".getBytes(StandardCharsets.UTF_8), "text/plain")).isEqualTo("m2");
        g.prepare();
        g.commit();

        assertThat(g.id()).isEqualTo(group);
        assertThat(coordinator.events).containsExactly("prepare:" + group + " user=false barrier=false",
                "commit:" + group + " user=false barrier=false");
        assertThat(coordinator.prepares.get(0).getMessages(1).getContentType()).isEqualTo("text/plain");
        assertThatThrownBy(() -> g.send("auth", "auth-role", "late")).isInstanceOf(IllegalStateException.class);
    }

    private DataSource dataSource() {
        return database.dataSource();
    }

    private static int insertUser(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO app_user (name) VALUES (?)")) {
            statement.setString(1, name);
            return statement.executeUpdate();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Whether the query counts a committed row, read from another connection. */
    private boolean visible(String countQuery) {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(countQuery)) {
            rows.next();
            return rows.getInt(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }
}
