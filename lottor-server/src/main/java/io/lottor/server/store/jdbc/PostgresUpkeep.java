package io.lottor.server.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuums and analyzes Lottor's own tables on a PostgreSQL database where autovacuum does not: the
 * server's {@code autovacuum} is off, or a table has {@code autovacuum_enabled = false}. Elsewhere it
 * does nothing: the database keeps them.
 *
 * <p>Why it matters: the store's statements are prepared once per connection, and PostgreSQL keeps the
 * generic plan it chose after a few runs until the table's statistics change. A plan chosen while the
 * tables were nearly empty reads a whole table where an index finds one row (a sequential scan of
 * {@code lottor_group} for every claim); without autovacuum nothing analyzes the table, so that plan is
 * kept for good and every state change leaves a dead row behind. Measured on one server: 209 groups/s
 * with the plans of empty tables, 1,158 with this upkeep.
 *
 * <p>Every {@link #CHECK_EVERY} it reads the tables' counters ({@code pg_stat_user_tables}) and applies
 * PostgreSQL's default autovacuum thresholds: ANALYZE after {@code 50 + 10 %} of the rows changed, VACUUM
 * after {@code 50 + 20 %} are dead; one statement per table, {@code SKIP_LOCKED} so that servers sharing
 * the database never wait for each other's run, paced like autovacuum ({@code vacuum_cost_delay = 2ms}).
 * It runs on a thread and a connection of its own (autocommit), never on the writer's. A failed check
 * is logged and tried again at the next one, on a new connection. Thread-safe.
 */
final class PostgresUpkeep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresUpkeep.class);
    static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    private static final Duration RUN_TIMEOUT = Duration.ofHours(1);
    private static final String TABLES = "SELECT s.relname, c.reltuples, s.n_mod_since_analyze, s.n_dead_tup,"
            + " current_setting('autovacuum') = 'on'"
            + " AND COALESCE(NOT ('autovacuum_enabled=false' = ANY (c.reloptions)), true)"
            + " FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
            + " WHERE s.schemaname = current_schema() AND s.relname LIKE 'lottor\\_%'";

    private final ConnectionFactory connections;
    private final ScheduledExecutorService thread;
    private Connection connection;
    private volatile Statement running;
    private volatile boolean closing;
    private boolean warned;

    private PostgresUpkeep(ConnectionFactory connections) {
        this.connections = connections;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "lottor-store-upkeep");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the checks, the first one {@link #CHECK_EVERY} from now. */
    static PostgresUpkeep start(ConnectionFactory connections) {
        PostgresUpkeep upkeep = new PostgresUpkeep(connections);
        long every = CHECK_EVERY.toMillis();
        upkeep.thread.scheduleWithFixedDelay(upkeep::check, every, every, TimeUnit.MILLISECONDS);
        return upkeep;
    }

    /** What one table needs, from its counters; null when nothing. */
    static String statement(String table, double rows, long changedSinceAnalyze, long dead) {
        double known = Math.max(0, rows);
        boolean analyze = changedSinceAnalyze > 50 + 0.1 * known;
        boolean vacuum = dead > 50 + 0.2 * known;
        if (vacuum) {
            return "VACUUM (SKIP_LOCKED" + (analyze ? ", ANALYZE" : "") + ") \"" + table + "\"";
        }
        return analyze ? "ANALYZE (SKIP_LOCKED) \"" + table + "\"" : null;
    }

    private void check() {
        try {
            if (connection == null) {
                connection = connections.open();
                // a VACUUM of a large table outlasts the store's 30 s socket timeout
                connection.setNetworkTimeout(Runnable::run, (int) RUN_TIMEOUT.toMillis());
                try (Statement set = connection.createStatement()) {
                    set.execute("SET vacuum_cost_delay = '2ms'");
                }
            }
            for (String statement : due()) {
                long started = System.nanoTime();
                try (Statement run = connection.createStatement()) {
                    running = run;
                    if (!closing) {
                        run.execute(statement);
                    }
                } finally {
                    running = null;
                }
                log.debug("store upkeep ran statement={} ms={}", statement,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        } catch (SQLException | RuntimeException e) {
            if (!closing) {
                log.warn("store upkeep failed; tried again in {} s error={}", CHECK_EVERY.toSeconds(), e.toString());
            }
            closeConnection();
        }
    }

    private List<String> due() throws SQLException {
        List<String> due = new ArrayList<>();
        try (Statement select = connection.createStatement(); ResultSet rows = select.executeQuery(TABLES)) {
            while (rows.next()) {
                if (rows.getBoolean(5)) {
                    continue;
                }
                warnOnce();
                String statement = statement(rows.getString(1), rows.getDouble(2), rows.getLong(3), rows.getLong(4));
                if (statement != null) {
                    due.add(statement);
                }
            }
        }
        return due;
    }

    private void warnOnce() {
        if (!warned) {
            warned = true;
            log.warn("store upkeep: PostgreSQL's autovacuum is off for Lottor's tables; this server vacuums and"
                    + " analyzes them itself; turn autovacuum on to leave it to the database");
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("store upkeep connection did not close error={}", e.toString());
            }
            connection = null;
        }
    }

    /** Stops the checks, cancelling a VACUUM or ANALYZE that runs (a later check does it again). */
    @Override
    public void close() {
        closing = true;
        thread.shutdown();
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                log.debug("store upkeep statement not cancelled error={}", e.toString());
            }
        }
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("store upkeep still running 10 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isTerminated()) {
            closeConnection();
        }
    }
}
