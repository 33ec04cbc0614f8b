package io.lottor.client;

import io.lottor.client.internal.ErrorText;
import io.lottor.client.internal.OldRows;
import io.lottor.client.internal.SqlErrors;
import io.lottor.client.internal.TableOnce;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's barrier table {@code lottor_barrier(group_id, outcome, created_at)} and the exact
 * check-back answer it gives.
 *
 * <p>The producer inserts {@code (group_id, 'C')} in its own local transaction
 * ({@link #insertCommitted}). A check-back inserts {@code (group_id, 'R')} in a transaction of its own
 * ({@link #check}): if that insert wins, the producer's transaction never committed and now never can
 * (its insert would hit the key) → {@link CheckBackState#ROLLED_BACK}; if the key exists, the row's
 * outcome is the answer. While the producer's transaction is open it holds the key, so the check
 * waits for it to end: nothing is decided by a guessed timeout. Works on PostgreSQL and MySQL/MariaDB
 * (row locks; waits up to the lock wait timeout, then answers UNKNOWN and is asked again), H2 2.x
 * (MVStore row locks; waits up to LOCK_TIMEOUT, then UNKNOWN) and SQLite (waits on the database write
 * lock up to the connection's busy_timeout, then UNKNOWN).
 *
 * <p>Thread-safe. The table is created with {@code CREATE TABLE IF NOT EXISTS} on a separate
 * connection before its first use; a {@link LottorClient} built with this barrier creates it at
 * {@code build()}, and code using a barrier without a client should call
 * {@link #createTableIfMissing()} at startup.
 */
public final class JdbcBarrier implements CheckBackHandler {
    private static final Logger log = LoggerFactory.getLogger(JdbcBarrier.class);
    private static final String DDL = "CREATE TABLE IF NOT EXISTS lottor_barrier ("
            + "group_id VARCHAR(64) NOT NULL PRIMARY KEY, outcome CHAR(1) NOT NULL, created_at BIGINT NOT NULL)";
    private static final String INSERT = "INSERT INTO lottor_barrier (group_id, outcome, created_at) VALUES (?, ?, ?)";
    private static final String SELECT = "SELECT outcome FROM lottor_barrier WHERE group_id = ?";
    private static final TableOnce.Index TIME_INDEX =
            new TableOnce.Index("lottor_barrier", "lottor_barrier_created", "created_at, group_id");
    private static final String SELECT_OLD = "SELECT group_id, created_at FROM lottor_barrier WHERE created_at < ?"
            + " AND (created_at > ? OR (created_at = ? AND group_id > ?)) ORDER BY created_at, group_id LIMIT ?";
    private static final String DELETE = "DELETE FROM lottor_barrier WHERE group_id = ?";

    private final DataSource dataSource;
    private final TableOnce table;
    private final OldRows oldRows;

    /** A barrier in {@code dataSource}; touches the database only on first use. */
    public JdbcBarrier(DataSource dataSource) {
        this(dataSource, true);
    }

    /**
     * Like {@link #JdbcBarrier(DataSource)}; with {@code createTable} false the client never runs DDL and
     * {@code lottor_barrier} must exist (created by the application's own migrations).
     */
    public JdbcBarrier(DataSource dataSource, boolean createTable) {
        this.dataSource = dataSource;
        this.table = new TableOnce(dataSource, createTable ? DDL : null, TIME_INDEX);
        this.oldRows = new OldRows(dataSource);
    }

    /** The database the barrier lives in. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Creates {@code lottor_barrier} and its index {@code lottor_barrier_created (created_at, group_id)}
     * if missing (the index also on a table created by an older version), on its own connection.
     * Idempotent.
     */
    public void createTableIfMissing() throws SQLException {
        table.ensure();
    }

    /**
     * Inserts {@code (groupId, 'C')} on the caller's connection, inside the caller's transaction, which
     * must then commit for the group to count as committed. Throws a unique violation when a check-back
     * already answered {@code ROLLED_BACK} for the group (the transaction must then roll back).
     */
    public void insertCommitted(Connection connection, String groupId) throws SQLException {
        createTableIfMissing();
        insert(connection, groupId, "C");
    }

    /**
     * The outcome of the group's local transaction, decided as described on the class. Blocks while the
     * producer's transaction is still open. Any database error other than the key conflict (lock wait
     * timeout, busy, unreachable) answers {@link CheckBackState#UNKNOWN}, so the coordinator asks again.
     * Safe to call any number of times: once decided, the answer never changes.
     */
    @Override
    public CheckBackState check(String groupId) {
        try {
            createTableIfMissing();
            CheckBackState state = claimRolledBack(groupId) ? CheckBackState.ROLLED_BACK : readOutcome(groupId);
            log.debug("barrier checked group={} state={}", groupId, state);
            return state;
        } catch (SQLException e) {
            log.warn("barrier check failed group={} error={}", groupId, ErrorText.of(e));
            return CheckBackState.UNKNOWN;
        }
    }

    /**
     * Deletes barrier rows older than {@code age} whose group {@code coordinator} reports settled;
     * returns how many. A row of a group still PREPARED stays, whatever its age: a check-back for a group
     * whose 'C' row was gone would answer ROLLED_BACK although the local transaction committed. Works in
     * batches of {@value OldRows#BATCH} rows in time order (one read on the time index, one question to
     * the coordinator, one short delete transaction each). When the coordinator cannot be asked, the
     * purge stops there and the rows stay until the next purge.
     *
     * @throws LottorException when the coordinator cannot be asked (rows deleted before that stay deleted)
     */
    public int purgeOlderThan(Duration age, SettledGroups coordinator) throws SQLException {
        createTableIfMissing();
        long before = System.currentTimeMillis() - age.toMillis();
        long afterTime = Long.MIN_VALUE;
        String afterId = "";
        int deleted = 0;
        while (true) {
            List<String[]> rows = oldRows.select(SELECT_OLD, before, afterTime, afterTime, afterId, OldRows.BATCH);
            if (rows.isEmpty()) {
                return deleted;
            }
            Set<String> settled = coordinator.settled(rows.stream().map(row -> row[0]).toList());
            deleted += oldRows.delete(DELETE, rows.stream().filter(row -> settled.contains(row[0]))
                    .map(row -> new String[] {row[0]}).toList());
            if (rows.size() < OldRows.BATCH) {
                return deleted;
            }
            String[] last = rows.get(rows.size() - 1);
            afterTime = Long.parseLong(last[1]);
            afterId = last[0];
        }
    }

    private boolean claimRolledBack(String groupId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try {
                insert(connection, groupId, "R");
                return true;
            } catch (SQLException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private CheckBackState readOutcome(String groupId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(SELECT)) {
            connection.setAutoCommit(true);
            statement.setString(1, groupId);
            try (ResultSet rows = statement.executeQuery()) {
                String outcome = rows.next() ? rows.getString(1) : null;
                if ("C".equals(outcome)) {
                    return CheckBackState.COMMITTED;
                }
                return "R".equals(outcome) ? CheckBackState.ROLLED_BACK : CheckBackState.UNKNOWN;
            }
        }
    }

    private static void insert(Connection connection, String groupId, String outcome) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setString(1, groupId);
            statement.setString(2, outcome);
            statement.setLong(3, System.currentTimeMillis());
            statement.executeUpdate();
        }
    }
}
