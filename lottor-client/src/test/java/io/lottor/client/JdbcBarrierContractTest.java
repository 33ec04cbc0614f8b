package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lottor.client.db.TestDatabase;
import io.lottor.client.internal.SqlErrors;
import io.grpc.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** What every database must do for {@link JdbcBarrier}; one subclass per database. */
abstract class JdbcBarrierContractTest {
    private final ExecutorService checker = Executors.newSingleThreadExecutor();
    private TestDatabase database;
    private JdbcBarrier barrier;
    private String groupPrefix;

    protected abstract TestDatabase openDatabase(String name) throws Exception;

    @BeforeEach
    void setUp(TestInfo test) throws Exception {
        database = openDatabase(getClass().getSimpleName().replace("JdbcBarrierTest", "").toLowerCase());
        barrier = new JdbcBarrier(database.dataSource());
        barrier.createTableIfMissing();
        String name = test.getTestMethod().orElseThrow().getName();
        groupPrefix = name.substring(0, Math.min(name.length(), 56));
    }

    @AfterEach
    void tearDown() throws Exception {
        checker.shutdownNow();
        checker.awaitTermination(30, TimeUnit.SECONDS);
        database.close();
    }

    @Test
    void answersCommittedForAGroupWhoseTransactionCommitted() throws Exception {
        String group = groupPrefix + "-1";
        try (Connection producer = begin()) {
            barrier.insertCommitted(producer, group);
            producer.commit();
        }

        assertThat(barrier.check(group)).isEqualTo(CheckBackState.COMMITTED);
        assertThat(barrier.check(group)).isEqualTo(CheckBackState.COMMITTED);
    }

    @Test
    void answersRolledBackForAnUnknownGroupAndThenBlocksTheProducersInsert() throws Exception {
        String group = groupPrefix + "-1";

        assertThat(barrier.check(group)).isEqualTo(CheckBackState.ROLLED_BACK);

        try (Connection producer = begin()) {
            assertThatThrownBy(() -> barrier.insertCommitted(producer, group))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(SqlErrors.isUniqueViolation(e)).isTrue());
            producer.rollback();
        }
        assertThat(barrier.check(group)).isEqualTo(CheckBackState.ROLLED_BACK);
    }

    @Test
    void checkWaitsForAnOpenTransactionAndAnswersCommittedWhenItCommits() throws Exception {
        Assumptions.assumeTrue(database.insertWaitsForOpenTransaction(), "this database does not wait on the key");
        String group = groupPrefix + "-1";
        try (Connection producer = begin()) {
            barrier.insertCommitted(producer, group);
            CompletableFuture<CheckBackState> answer = CompletableFuture.supplyAsync(() -> barrier.check(group), checker);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !answer.isDone());

            producer.commit();

            assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo(CheckBackState.COMMITTED);
        }
    }

    @Test
    void checkWaitsForAnOpenTransactionAndAnswersRolledBackWhenItRollsBack() throws Exception {
        Assumptions.assumeTrue(database.insertWaitsForOpenTransaction(), "this database does not wait on the key");
        String group = groupPrefix + "-1";
        try (Connection producer = begin()) {
            barrier.insertCommitted(producer, group);
            CompletableFuture<CheckBackState> answer = CompletableFuture.supplyAsync(() -> barrier.check(group), checker);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !answer.isDone());

            producer.rollback();

            assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo(CheckBackState.ROLLED_BACK);
        }
        try (Connection producer = begin()) {
            assertThatThrownBy(() -> barrier.insertCommitted(producer, group)).isInstanceOf(SQLException.class);
            producer.rollback();
        }
    }

    @Test
    void purgeDeletesOldRowsOfSettledGroupsOnly() throws Exception {
        long inAnHour = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
        insertRows(List.of(groupPrefix + "-settled", groupPrefix + "-prepared"), 0);
        insertRows(List.of(groupPrefix + "-settled-new"), inAnHour);
        List<List<String>> asked = new ArrayList<>();

        int purged = barrier.purgeOlderThan(Duration.ofMinutes(1), ids -> {
            asked.add(ids);
            return ids.stream().filter(id -> id.contains("-settled")).collect(Collectors.toSet());
        });

        assertThat(purged).isEqualTo(1);
        assertThat(asked).containsExactly(List.of(groupPrefix + "-prepared", groupPrefix + "-settled"));
        assertThat(rows()).containsExactlyInAnyOrder(groupPrefix + "-prepared", groupPrefix + "-settled-new");
    }

    @Test
    void purgeAsksTheCoordinatorInBatchesAndWalksPastGroupsStillPrepared() throws Exception {
        List<String> old = IntStream.range(0, 1_201).mapToObj(i -> String.format("%s-%04d", groupPrefix, i)).toList();
        insertRows(old, 0);
        List<Integer> batchSizes = new ArrayList<>();

        int purged = barrier.purgeOlderThan(Duration.ofMinutes(1), ids -> {
            batchSizes.add(ids.size());
            return ids.stream().filter(id -> !id.endsWith("0")).collect(Collectors.toSet());
        });

        assertThat(batchSizes).containsExactly(500, 500, 201);
        assertThat(purged).isEqualTo(1_201 - 121);
        assertThat(rows()).hasSize(121).allMatch(id -> id.endsWith("0"));
    }

    @Test
    void purgeDeletesNothingWhileTheCoordinatorCannotBeAsked() throws Exception {
        insertRows(List.of(groupPrefix + "-1"), 0);

        assertThatThrownBy(() -> barrier.purgeOlderThan(Duration.ofMinutes(1), ids -> {
            throw new LottorRpcException("group-states failed code=UNAVAILABLE", Status.Code.UNAVAILABLE, null);
        })).isInstanceOf(LottorRpcException.class);

        assertThat(rows()).containsExactly(groupPrefix + "-1");
    }

    @Test
    void createsTheTimeIndexAlsoOnATableAnOlderVersionCreated() throws Exception {
        execute("DROP TABLE lottor_barrier");
        execute("CREATE TABLE lottor_barrier (group_id VARCHAR(64) NOT NULL PRIMARY KEY, outcome CHAR(1) NOT NULL,"
                + " created_at BIGINT NOT NULL)");

        new JdbcBarrier(database.dataSource()).createTableIfMissing();
        new JdbcBarrier(database.dataSource()).createTableIfMissing();

        assertThat(TableIndexes.of(database.dataSource(), "lottor_barrier")).contains("lottor_barrier_created");
    }

    private void insertRows(List<String> groupIds, long createdAt) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO lottor_barrier (group_id, outcome, created_at) VALUES (?, 'C', ?)")) {
            connection.setAutoCommit(false);
            for (String groupId : groupIds) {
                insert.setString(1, groupId);
                insert.setLong(2, createdAt);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
    }

    private List<String> rows() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT group_id FROM lottor_barrier")) {
            List<String> groupIds = new ArrayList<>();
            while (result.next()) {
                groupIds.add(result.getString(1));
            }
            return groupIds;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection begin() throws SQLException {
        Connection connection = database.dataSource().getConnection();
        connection.setAutoCommit(false);
        return connection;
    }
}
