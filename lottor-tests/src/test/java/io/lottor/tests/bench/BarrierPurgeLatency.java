package io.lottor.tests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.lottor.client.JdbcBarrier;
import io.lottor.client.LottorClient;
import io.lottor.server.LottorServer;
import io.lottor.server.ServerConfig;
import org.mariadb.jdbc.MariaDbPoolDataSource;

/**
 * How much the producer's barrier purge costs {@code inTransaction} on MariaDB. In a fresh database on
 * the machine's MariaDB (127.0.0.1:3306, root) it writes 1M barrier rows 30 days old into a
 * {@code lottor_barrier} created the way an older version did (no time index), starts a Lottor server in
 * this JVM and a client whose barrier lives in that database (building it creates the index), then runs
 * {@code inTransaction} (one business row, one message) in a loop: first alone, then while the barrier
 * purge of the client deletes the 1M rows (asking the server which groups are settled, 500 rows a
 * batch). Prints p50/p99/max of both phases and the purge's duration; drops the database at the end.
 *
 * <p>Run from the repository root (test classes compiled with {@code ./mvnw -q -pl lottor-tests -am test-compile}):
 * <pre>
 * ./mvnw -q -o -pl lottor-tests dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp lottor-tests/target/test-classes:lottor-server/target/classes:lottor-client/target/classes:\
 * lottor-protocol/target/classes:$(cat /tmp/cp.txt) io.lottor.tests.bench.BarrierPurgeLatency [rows] [iterations]
 * </pre>
 * Bounded: at most {@code iterations} transactions a phase (default 2000), and the purge phase ends when
 * the purge does or after 10 minutes.
 */
public final class BarrierPurgeLatency {
    private static final String ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/?user=root";
    private static final Duration PHASE_LIMIT = Duration.ofMinutes(10);
    private static final int FILL_BATCH = 10_000;

    private BarrierPurgeLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        String database = ("lottor_purge_bench_" + System.nanoTime()).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        Path dataDir = Files.createTempDirectory("lottor-purge-bench");
        try (MariaDbPoolDataSource dataSource = new MariaDbPoolDataSource(
                "jdbc:mariadb://127.0.0.1:3306/" + database + "?user=root&maxPoolSize=8")) {
            long fillStarted = System.nanoTime();
            fillOldBarrierRows(dataSource, rows);
            System.out.printf("filled rows=%d in %d ms%n", rows, millisSince(fillStarted));
            run(dataSource, dataDir, iterations);
        } finally {
            admin("DROP DATABASE IF EXISTS " + database);
        }
    }

    private static void run(MariaDbPoolDataSource dataSource, Path dataDir, int iterations) throws Exception {
        try (LottorServer server = LottorServer.start(ServerConfig.defaults().withGrpcPort(0).withHttpPort(0)
                .withDataDir(dataDir))) {
            JdbcBarrier barrier = new JdbcBarrier(dataSource);
            long indexStarted = System.nanoTime();
            barrier.createTableIfMissing();
            System.out.printf("time index created on the old table in %d ms%n", millisSince(indexStarted));
            try (LottorClient client = LottorClient.builder().target("127.0.0.1:" + server.grpcPort())
                    .service("purge-bench").barrier(barrier).retention(Duration.ZERO).build()) {
                execute(dataSource, "CREATE TABLE orders (id VARCHAR(64) PRIMARY KEY, amount INT NOT NULL)");
                AtomicInteger order = new AtomicInteger();
                measure("warm-up", client, dataSource, order, Math.min(200, iterations), null);
                measure("without purge", client, dataSource, order, iterations, null);
                long purgeStarted = System.nanoTime();
                CompletableFuture<Integer> purge = CompletableFuture.supplyAsync(() -> purge(barrier, client));
                measure("during purge", client, dataSource, order, iterations, purge);
                int purged = purge.join();
                System.out.printf("purge deleted rows=%d in %d ms%n", purged, millisSince(purgeStarted));
            }
        }
    }

    private static int purge(JdbcBarrier barrier, LottorClient client) {
        try {
            return barrier.purgeOlderThan(Duration.ofDays(7), client::settledGroups);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs up to {@code iterations} transactions (while {@code until} is running, if given) and prints their latencies. */
    private static void measure(String phase, LottorClient client, MariaDbPoolDataSource dataSource, AtomicInteger order,
            int iterations, CompletableFuture<?> until) throws SQLException {
        List<Long> micros = new ArrayList<>();
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        while (micros.size() < iterations && System.nanoTime() < deadline && (until == null || !until.isDone())) {
            String id = "order-" + order.incrementAndGet();
            long started = System.nanoTime();
            client.inTransaction(dataSource, (connection, group) -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (id, amount) VALUES (?, 42)")) {
                    insert.setString(1, id);
                    insert.executeUpdate();
                }
                return group.send("billing", "charge", Map.of("order", id));
            });
            micros.add((System.nanoTime() - started) / 1_000);
        }
        Collections.sort(micros);
        System.out.printf("%s: transactions=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n", phase, micros.size(),
                percentile(micros, 0.50), percentile(micros, 0.99), micros.isEmpty() ? 0 : micros.get(micros.size() - 1) / 1000.0);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1000.0;
    }

    /** {@code rows} barrier rows 30 days old, in a table as an older client created it (no time index). */
    private static void fillOldBarrierRows(MariaDbPoolDataSource dataSource, int rows) throws SQLException {
        execute(dataSource, "CREATE TABLE lottor_barrier (group_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " outcome CHAR(1) NOT NULL, created_at BIGINT NOT NULL)");
        long old = System.currentTimeMillis() - Duration.ofDays(30).toMillis();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO lottor_barrier (group_id, outcome, created_at) VALUES (?, 'C', ?)")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                insert.setString(1, "old-" + i);
                insert.setLong(2, old + i / 100);
                insert.addBatch();
                if ((i + 1) % FILL_BATCH == 0 || i == rows - 1) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
    }

    private static void execute(MariaDbPoolDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
