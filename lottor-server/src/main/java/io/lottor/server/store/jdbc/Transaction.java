package io.lottor.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer connection as write tasks see it: the connection, a cache of its prepared statements, which
 * live as long as the connection, and the batch's {@link PendingEvents}. Every {@link #prepare} is one
 * statement run (a write task prepares a statement once per execution), counted as a row write (INSERT,
 * UPDATE, DELETE) or a read (SELECT) until {@link #takeCounts()}; a {@link #prepareTogether} counts each
 * of the statements it holds; a statement that reads or deletes
 * history, or deletes anything (a cascade may reach history), first inserts the pending events. Used by
 * the writer thread only.
 */
final class Transaction implements AutoCloseable {
    /** Most events one INSERT carries (7 parameters each); fewer go in power-of-two chunks. */
    static final int MAX_EVENTS_PER_INSERT = 64;
    private static final String INSERT_EVENTS = "INSERT INTO lottor_event (group_id, message_id, at, kind, actor,"
            + " detail, attempt) VALUES ";
    private final Connection connection;
    private final Map<String, Cached> statements = new HashMap<>();
    private final PendingEvents events = new PendingEvents();
    private Savepoint savepoint;
    private int writes;
    private int reads;

    Transaction(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** The cached statement for {@code sql}, its parameters and batch cleared; counts one statement run. */
    PreparedStatement prepare(String sql) throws SQLException {
        Cached cached = ready(sql);
        if (cached.read()) {
            reads++;
        } else {
            writes++;
        }
        return cached.statement();
    }

    /**
     * The cached statement for {@code sql}, several statements separated by {@code ;} (see
     * {@link Dialect#runsStatementsTogether()}), of which {@code writes} write rows and {@code reads} read.
     */
    PreparedStatement prepareTogether(String sql, int writes, int reads) throws SQLException {
        Cached cached = ready(sql);
        this.writes += writes;
        this.reads += reads;
        return cached.statement();
    }

    /** The cached statement for {@code sql}, after the pending events when it sees history. */
    private Cached ready(String sql) throws SQLException {
        Cached cached = cached(sql);
        if (cached.seesHistory() && !events.isEmpty()) {
            insertEvents();
        }
        return cached;
    }

    /**
     * Runs a statement of {@link #prepareTogether} and answers, for each of its {@code statements} in
     * order, its update count, or for a query the number of rows it answered (the rows themselves are
     * read and dropped: such a query takes a lock, or tells whether a row exists).
     */
    static int[] runTogether(PreparedStatement statement, int statements) throws SQLException {
        int[] counts = new int[statements];
        boolean rows = statement.execute();
        for (int i = 0; i < statements; i++) {
            if (rows) {
                try (ResultSet result = statement.getResultSet()) {
                    while (result.next()) {
                        counts[i]++;
                    }
                }
            } else {
                counts[i] = statement.getUpdateCount();
            }
            rows = statement.getMoreResults();
        }
        return counts;
    }

    /** Appends a history event of the running write; it is inserted before the batch commits. */
    void appendEvent(PendingEvents.Row event) {
        events.add(event);
    }

    /** Sets the savepoint of the next write (one at a time: {@link #releaseSavepoint} it first). */
    void markSavepoint() throws SQLException {
        savepoint = connection.setSavepoint();
        events.markWrite();
    }

    /** Undoes the running write: its rows and its pending events. */
    void rollbackToSavepoint() throws SQLException {
        connection.rollback(savepoint);
        events.rollBackWrite();
    }

    void releaseSavepoint() throws SQLException {
        connection.releaseSavepoint(savepoint);
        savepoint = null;
    }

    /** Inserts every pending event: before the COMMIT, and before a statement that must see them. */
    void insertEvents() throws SQLException {
        List<PendingEvents.Row> rows = events.take();
        int next = 0;
        while (next < rows.size()) {
            int chunk = Integer.highestOneBit(Math.min(MAX_EVENTS_PER_INSERT, rows.size() - next));
            PreparedStatement insert = cached(insertEventsSql(chunk)).statement();
            int index = 1;
            for (PendingEvents.Row row : rows.subList(next, next + chunk)) {
                index = bind(insert, index, row);
            }
            insert.executeUpdate();
            writes++;
            next += chunk;
        }
    }

    /** The batch's transaction was rolled back as a whole: its pending events are gone with it. */
    void discardEvents() {
        events.clear();
        savepoint = null;
    }

    /** The statements run since the last call, as {@code {writes, reads}}; the counts start again at zero. */
    int[] takeCounts() {
        int[] counts = {writes, reads};
        writes = 0;
        reads = 0;
        return counts;
    }

    private Cached cached(String sql) throws SQLException {
        Cached cached = statements.get(sql);
        if (cached == null) {
            String head = sql.stripLeading();
            boolean read = head.regionMatches(true, 0, "SELECT", 0, 6);
            boolean seesHistory = !head.startsWith(INSERT_EVENTS)
                    && (sql.contains("lottor_event") || head.regionMatches(true, 0, "DELETE", 0, 6));
            cached = new Cached(connection.prepareStatement(sql), read, seesHistory);
            statements.put(sql, cached);
        } else {
            cached.statement().clearParameters();
            cached.statement().clearBatch();
        }
        return cached;
    }

    private static String insertEventsSql(int rows) {
        StringBuilder sql = new StringBuilder(INSERT_EVENTS);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append('(').append(Placeholders.of(7)).append(')');
        }
        return sql.toString();
    }

    private static int bind(PreparedStatement insert, int index, PendingEvents.Row row) throws SQLException {
        insert.setString(index, row.groupId());
        insert.setString(index + 1, row.messageId());
        insert.setLong(index + 2, row.at());
        insert.setString(index + 3, row.kind().name());
        insert.setString(index + 4, row.actor());
        insert.setString(index + 5, row.detail());
        if (row.attempt() == null) {
            insert.setNull(index + 6, Types.INTEGER);
        } else {
            insert.setInt(index + 6, row.attempt());
        }
        return index + 7;
    }

    @Override
    public void close() {
        for (Cached cached : statements.values()) {
            try {
                cached.statement().close();
            } catch (SQLException ignored) {
                // the connection is closed next; nothing more to release
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection may fail; it is gone either way
        }
    }

    private record Cached(PreparedStatement statement, boolean read, boolean seesHistory) {
    }
}
