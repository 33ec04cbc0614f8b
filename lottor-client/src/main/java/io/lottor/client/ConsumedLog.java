package io.lottor.client;

import io.lottor.client.internal.OldRows;
import io.lottor.client.internal.SqlErrors;
import io.lottor.client.internal.TableOnce;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The consumer's idempotency table {@code lottor_consumed(group_id, message_id, consumed_at)}, for code
 * that manages its own transactions. Call {@link #markConsumed} first inside the transaction that
 * applies a message's effect: when it returns {@code false} the message was already applied, so roll
 * back and skip it. Effects are then applied exactly once however often the message is delivered;
 * a concurrent second delivery waits on the first one's row lock and then sees the row.
 *
 * <p>Thread-safe. The table is created with {@code CREATE TABLE IF NOT EXISTS} on a separate
 * connection of the {@code DataSource} before its first use; call {@link #createTableIfMissing()} at
 * startup so that this never happens while a business transaction holds locks (on SQLite the DDL
 * would wait for that transaction's write lock).
 */
public final class ConsumedLog {
    private static final String DDL = "CREATE TABLE IF NOT EXISTS lottor_consumed ("
            + "group_id VARCHAR(64) NOT NULL, message_id VARCHAR(64) NOT NULL, consumed_at BIGINT NOT NULL, "
            + "PRIMARY KEY (group_id, message_id))";
    private static final String INSERT = "INSERT INTO lottor_consumed (group_id, message_id, consumed_at) VALUES (?, ?, ?)";
    private static final TableOnce.Index TIME_INDEX =
            new TableOnce.Index("lottor_consumed", "lottor_consumed_at", "consumed_at");
    private static final String SELECT_OLD = "SELECT group_id, message_id FROM lottor_consumed WHERE consumed_at < ?"
            + " ORDER BY consumed_at LIMIT ?";
    private static final String DELETE = "DELETE FROM lottor_consumed WHERE group_id = ? AND message_id = ?";

    private final DataSource dataSource;
    private final TableOnce table;
    private final OldRows oldRows;

    /** A log in {@code dataSource}; touches the database only on first use. */
    public ConsumedLog(DataSource dataSource) {
        this(dataSource, true);
    }

    /**
     * Like {@link #ConsumedLog(DataSource)}; with {@code createTable} false the client never runs DDL and
     * {@code lottor_consumed} must exist (created by the application's own migrations).
     */
    public ConsumedLog(DataSource dataSource, boolean createTable) {
        this.dataSource = dataSource;
        this.table = new TableOnce(dataSource, createTable ? DDL : null, TIME_INDEX);
        this.oldRows = new OldRows(dataSource);
    }

    /**
     * Creates {@code lottor_consumed} and its index {@code lottor_consumed_at (consumed_at)} if missing
     * (the index also on a table created by an older version), on its own connection. Idempotent.
     */
    public void createTableIfMissing() throws SQLException {
        table.ensure();
    }

    /**
     * Records the message on {@code connection} (a connection of this log's database, auto-commit off)
     * in the caller's transaction. Returns {@code true} when this is the first time, {@code false} when
     * the row already exists; after {@code false} the caller must roll back (PostgreSQL aborts a
     * transaction whose statement failed). Other database errors are thrown.
     */
    public boolean markConsumed(Connection connection, String groupId, String messageId) throws SQLException {
        createTableIfMissing();
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, groupId);
            statement.setString(2, messageId);
            statement.setLong(3, System.currentTimeMillis());
            statement.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes rows older than {@code age}; returns how many. A message redelivered after its row was
     * purged is applied again, so keep {@code age} beyond the coordinator's whole retry schedule. Works
     * in batches of {@value OldRows#BATCH} rows, oldest first, each one read on the time index and one
     * short delete transaction.
     */
    public int purgeOlderThan(Duration age) throws SQLException {
        createTableIfMissing();
        long before = System.currentTimeMillis() - age.toMillis();
        int deleted = 0;
        while (true) {
            List<String[]> rows = oldRows.select(SELECT_OLD, before, OldRows.BATCH);
            deleted += oldRows.delete(DELETE, rows);
            if (rows.size() < OldRows.BATCH) {
                return deleted;
            }
        }
    }
}
