package io.lottor.server.delivery;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A delivery's dispatcher thread: it owns all dispatcher state; events and ticks run on it, one at a time. Store
 * writes never run on it: they complete on the store's threads and post their outcome back here.
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(daemon("lottor-dispatcher"));

    /** Runs {@code event} on the event thread; dropped once closed. An event that throws is logged. */
    public void post(Runnable event) {
        try {
            events.execute(() -> runLogged(event));
        } catch (RejectedExecutionException e) {
            log.debug("dispatcher stopped; event dropped");
        }
    }

    /** Runs {@code tick} on the event thread every {@code everyMs}. */
    public void every(long everyMs, Runnable tick) {
        events.scheduleWithFixedDelay(() -> runLogged(tick), everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    /** Runs what is already posted, then stops (waiting up to 5 seconds). */
    @Override
    public void close() {
        events.shutdown();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runLogged(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("dispatcher task failed", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
