package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.client.db.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** What every database must do for {@link ConsumedLog}; one subclass per database. */
abstract class ConsumedLogContractTest {
    private TestDatabase database;
    private ConsumedLog log;
    private String group;

    protected abstract TestDatabase openDatabase(String name) throws Exception;

    @BeforeEach
    void setUp(TestInfo test) throws Exception {
        database = openDatabase(getClass().getSimpleName().replace("ConsumedLogTest", "").toLowerCase());
        log = new ConsumedLog(database.dataSource());
        String name = test.getTestMethod().orElseThrow().getName();
        group = name.substring(0, Math.min(name.length(), 60));
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE credit (id INT PRIMARY KEY, amount INT NOT NULL)");
            statement.execute("INSERT INTO credit (id, amount) VALUES (1, 0)");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        database.close();
    }

    @Test
    void secondMarkOfTheSameMessageReturnsFalseAndTheEffectIsAppliedOnce() throws Exception {
        assertThat(applyCredit("m1")).isTrue();
        assertThat(applyCredit("m1")).isFalse();

        assertThat(credit()).isEqualTo(10);
    }

    @Test
    void eachMessageOfAGroupIsAppliedOnce() throws Exception {
        applyCredit("m1");
        applyCredit("m2");
        applyCredit("m2");
        applyCredit("m1");

        assertThat(credit()).isEqualTo(20);
    }

    @Test
    void aRolledBackConsumptionLeavesNoMarkSoTheRedeliveryIsApplied() throws Exception {
        try (Connection connection = begin()) {
            assertThat(log.markConsumed(connection, group, "m1")).isTrue();
            connection.rollback();
        }

        assertThat(applyCredit("m1")).isTrue();
        assertThat(credit()).isEqualTo(10);
    }

    @Test
    void purgeForgetsOnlyMarksOlderThanTheRetention() throws Exception {
        applyCredit("m1");

        assertThat(log.purgeOlderThan(Duration.ofHours(1))).isZero();
        assertThat(log.purgeOlderThan(Duration.ofMillis(-1000))).isEqualTo(1);
        assertThat(applyCredit("m1")).isTrue();
    }

    @Test
    void purgeDeletesEveryOldMarkAcrossSeveralBatches() throws Exception {
        log.createTableIfMissing();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO lottor_consumed (group_id, message_id, consumed_at) VALUES (?, ?, ?)")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < 1_201; i++) {
                insert.setString(1, group);
                insert.setString(2, "m" + i);
                insert.setLong(3, i);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
        applyCredit("recent");

        assertThat(log.purgeOlderThan(Duration.ofMinutes(1))).isEqualTo(1_201);
        assertThat(applyCredit("recent")).isFalse();
        assertThat(applyCredit("m7")).isTrue();
    }

    @Test
    void createsTheTimeIndexAlsoOnATableAnOlderVersionCreated() throws Exception {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE lottor_consumed (group_id VARCHAR(64) NOT NULL, message_id VARCHAR(64) NOT NULL,"
                    + " consumed_at BIGINT NOT NULL, PRIMARY KEY (group_id, message_id))");
        }

        log.createTableIfMissing();
        new ConsumedLog(database.dataSource()).createTableIfMissing();

        assertThat(TableIndexes.of(database.dataSource(), "lottor_consumed")).contains("lottor_consumed_at");
    }

    /** A consumer that manages its own transaction, as the ConsumedLog Javadoc says. */
    private boolean applyCredit(String messageId) throws SQLException {
        try (Connection connection = begin()) {
            if (!log.markConsumed(connection, group, messageId)) {
                connection.rollback();
                return false;
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE credit SET amount = amount + 10 WHERE id = 1");
            }
            connection.commit();
            return true;
        }
    }

    private int credit() throws SQLException {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT amount FROM credit WHERE id = 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private Connection begin() throws SQLException {
        Connection connection = database.dataSource().getConnection();
        connection.setAutoCommit(false);
        return connection;
    }
}
