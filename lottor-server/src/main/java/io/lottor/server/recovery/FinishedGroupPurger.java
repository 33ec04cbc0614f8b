package io.lottor.server.recovery;

import io.lottor.server.store.RecoveryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes COMPLETED and ROLLED_BACK groups (with their messages and history) once they were last updated
 * longer ago than the retention period. Deletes in small batches, each one short write of the group-commit
 * writer, and waits for each to commit before it submits the next: other writes queued meanwhile run
 * between two batches, so a large purge never stalls producers and deliveries for long.
 */
public final class FinishedGroupPurger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FinishedGroupPurger.class);
    private static final int BATCH = 100;

    private final RecoveryStore store;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lottor-purge");
        thread.setDaemon(true);
        return thread;
    });

    public FinishedGroupPurger(RecoveryStore store, Duration retention, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::purge, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void purge() {
        try {
            long before = clock.millis() - retention.toMillis();
            int purged;
            int total = 0;
            do {
                purged = store.purgeFinished(before, BATCH).join();
                total += purged;
            } while (purged == BATCH);
            if (total > 0) {
                log.info("finished groups purged groups={} retention={}", total, retention);
            }
        } catch (RuntimeException e) {
            log.warn("purge failed error={}", e.toString());
        }
    }
}
