package io.lottor.server.delivery;

import io.lottor.server.store.AfterCallbacks;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A delivery's dispatcher: it owns all dispatcher state; events and ticks run one at a time, in the order
 * posted. Store writes never run in it: they complete on the store's threads and post their outcome back here.
 *
 * <p>Events run on the dispatcher thread, or on the thread that posted them: an event posted from a store
 * write's callback or while a transport thread handles an inbound frame ({@link AfterCallbacks}) wakes no one;
 * that thread runs the waiting events itself once its callbacks ran (the writer once it has completed its
 * batch), unless the dispatcher thread is running them already. A wake-up of a sleeping thread costs 5–25 µs of
 * CPU on a 2-core host, and a group's commit, claim and result each posted one. Whichever thread runs events
 * holds the dispatcher's lock, so each event sees what the ones before it did. Ticks run on the dispatcher
 * thread only.
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    /** Events another thread runs at most at the end of its callbacks before it wakes the dispatcher for the rest. */
    private static final int MAX_HELPED_EVENTS = 256;
    /** Events the dispatcher runs at most before it looks whether a tick is due. */
    private static final int MAX_EVENTS_BETWEEN_TICKS = 1024;
    private static final long CLOSE_WAIT_MS = 5000;

    private final Queue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final ReentrantLock running = new ReentrantLock();
    private final List<Tick> ticks = new CopyOnWriteArrayList<>();
    private final Runnable help = this::help;
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean closed;

    public EventLoop() {
        thread = new Thread(this::run, "lottor-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code event} after the events posted before it; dropped once closed. An event that throws is
     * logged. Posted within an {@link AfterCallbacks} scope, it runs on the posting thread when the scope
     * closes, if the dispatcher thread is not running events then.
     */
    public void post(Runnable event) {
        if (closed) {
            log.debug("dispatcher stopped; event dropped");
            return;
        }
        events.add(event);
        if (!AfterCallbacks.defer(this, help)) {
            wake();
        }
    }

    /** Runs {@code tick} on the dispatcher thread every {@code everyMs}, counted from the end of its last run. */
    public void every(long everyMs, Runnable tick) {
        ticks.add(new Tick(TimeUnit.MILLISECONDS.toNanos(everyMs), tick));
        LockSupport.unpark(thread);
    }

    /** Runs what is already posted, then stops (waiting up to 5 seconds). */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wake() {
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** The end of another thread's callbacks: runs the waiting events unless the dispatcher thread runs them. */
    private void help() {
        if (!running.tryLock()) {
            wake();
            return;
        }
        try {
            runEvents(MAX_HELPED_EVENTS);
        } finally {
            running.unlock();
        }
        if (!events.isEmpty()) {
            wake();
        }
    }

    private void run() {
        while (true) {
            long parkNanos;
            running.lock();
            try {
                runEvents(MAX_EVENTS_BETWEEN_TICKS);
                parkNanos = runDueTicks();
            } finally {
                running.unlock();
            }
            if (closed) {
                running.lock();
                try {
                    runEvents(Integer.MAX_VALUE);
                } finally {
                    running.unlock();
                }
                return;
            }
            sleeping = true;
            if (events.isEmpty() && !closed) {
                LockSupport.parkNanos(this, parkNanos);
                Thread.interrupted(); // it stops only on close
            }
            sleeping = false;
        }
    }

    private void runEvents(int max) {
        for (int ran = 0; ran < max; ran++) {
            Runnable event = events.poll();
            if (event == null) {
                return;
            }
            runLogged(event);
        }
    }

    /** Runs the ticks that are due; answers how long until the next one is (a day when there is none). */
    private long runDueTicks() {
        long next = TimeUnit.DAYS.toNanos(1);
        for (Tick tick : ticks) {
            long now = System.nanoTime();
            if (now - tick.dueAt >= 0) {
                runLogged(tick.work);
                tick.dueAt = System.nanoTime() + tick.everyNanos;
            }
            next = Math.min(next, Math.max(0, tick.dueAt - System.nanoTime()));
        }
        return next;
    }

    private static void runLogged(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("dispatcher task failed", e);
        }
    }

    /** A periodic task; its next run is due at {@code dueAt} (nanoTime), set by the dispatcher thread only. */
    private static final class Tick {
        private final long everyNanos;
        private final Runnable work;
        private volatile long dueAt;

        private Tick(long everyNanos, Runnable work) {
            this.everyNanos = everyNanos;
            this.work = work;
            this.dueAt = System.nanoTime() + everyNanos;
        }
    }
}
