package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.client.db.TestDatabase;
import java.sql.Connection;
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
