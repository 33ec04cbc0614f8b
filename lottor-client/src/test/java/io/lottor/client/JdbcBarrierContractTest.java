package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lottor.client.db.TestDatabase;
import io.lottor.client.internal.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    void purgeDeletesOnlyRowsOlderThanTheRetention() throws Exception {
        String group = groupPrefix + "-1";
        assertThat(barrier.check(group)).isEqualTo(CheckBackState.ROLLED_BACK);

        assertThat(barrier.purgeOlderThan(Duration.ofHours(1))).isZero();
        assertThat(barrier.purgeOlderThan(Duration.ofMillis(-1000))).isEqualTo(1);
        assertThat(barrier.check(group)).isEqualTo(CheckBackState.ROLLED_BACK);
    }

    private Connection begin() throws SQLException {
        Connection connection = database.dataSource().getConnection();
        connection.setAutoCommit(false);
        return connection;
    }
}
