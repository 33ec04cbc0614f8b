package io.lottor.client.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes {@code lottor_barrier} and {@code lottor_consumed} rows older than the retention, on a thread
 * of its own (database calls never hold up the session). Runs every tenth of the retention, at least
 * every second and at most every hour; the first run comes one period after start, so a restarted
 * producer answers pending check-backs before anything is purged. A retention of zero keeps everything.
 * Each table purges in small batches of its own (see {@code JdbcBarrier.purgeOlderThan} and
 * {@code ConsumedLog.purgeOlderThan}); a failed purge is logged and tried again next period.
 */
public final class RetentionPurge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    /** A table that can drop rows older than an age; answers how many it dropped. */
    @FunctionalInterface
    public interface Purgeable {
        int purgeOlderThan(Duration age) throws SQLException;
    }

    private final Duration retention;
    private final Supplier<List<Purgeable>> tables;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            new NamedThreads("lottor-purge"));

    public RetentionPurge(Duration retention, Supplier<List<Purgeable>> tables) {
        this.retention = retention;
        this.tables = tables;
        if (!retention.isZero()) {
            long period = Math.min(Duration.ofHours(1).toMillis(), Math.max(1000, retention.toMillis() / 10));
            timer.scheduleWithFixedDelay(this::purge, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void purge() {
        for (Purgeable table : tables.get()) {
            try {
                int deleted = table.purgeOlderThan(retention);
                if (deleted > 0) {
                    log.info("old rows purged rows={} retention={}", deleted, retention);
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("purge failed error={}", ErrorText.of(e));
            }
        }
    }
}
