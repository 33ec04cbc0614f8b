package io.lottor.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts consumed messages once each (delivery is at-least-once, so a message may arrive twice) and
 * records the end-to-end latency of measured ones, apart also for those committed through another server
 * than the consumer's. Thread-safe: every consumer thread calls
 * {@link #consumed}.
 */
final class ConsumptionTracker {
    /**
     * One bit per message of each phase, set when it is first consumed. A set of message ids would keep
     * an object per message from the young generation alive into the old, which lengthened every GC pause
     * of the run by milliseconds.
     */
    private final AtomicLongArray seenWarmup;
    private final AtomicLongArray seenMeasured;
    private final long warmupMessages;
    private final long measuredMessages;
    private final CountDownLatch warmup;
    private final CountDownLatch measured;
    private final Latencies endToEnd = new Latencies();
    private final Latencies crossServer = new Latencies();
    private final AtomicLong lastConsumedAt = new AtomicLong();
    private volatile long measuringSince;

    ConsumptionTracker(long warmupMessages, long measuredMessages) {
        this.seenWarmup = new AtomicLongArray((int) ((warmupMessages + 63) / 64));
        this.seenMeasured = new AtomicLongArray((int) ((measuredMessages + 63) / 64));
        this.warmupMessages = warmupMessages;
        this.measuredMessages = measuredMessages;
        this.warmup = new CountDownLatch((int) warmupMessages);
        this.measured = new CountDownLatch((int) measuredMessages);
    }

    /**
     * A message consumed by a consumer connected to server {@code consumerServer}; one consumed before, or
     * numbered beyond its phase's messages, is not counted.
     */
    void consumed(BenchPayload payload, int consumerServer) {
        long now = System.nanoTime();
        boolean firstTime = payload.warmup() ? firstTime(seenWarmup, warmupMessages, payload.index())
                : firstTime(seenMeasured, measuredMessages, payload.index());
        if (!firstTime) {
            return;
        }
        if (payload.warmup()) {
            warmup.countDown();
            return;
        }
        endToEnd.record(now - payload.sentAtNanos());
        if (payload.server() != consumerServer) {
            crossServer.record(now - payload.sentAtNanos());
        }
        lastConsumedAt.accumulateAndGet(now, Math::max);
        measured.countDown();
    }

    private static boolean firstTime(AtomicLongArray seen, long messages, long index) {
        if (index < 0 || index >= messages) {
            return false;
        }
        int word = (int) (index / 64);
        long bit = 1L << (index % 64);
        long bits = seen.get(word);
        while ((bits & bit) == 0) {
            long witness = seen.compareAndExchange(word, bits, bits | bit);
            if (witness == bits) {
                return true;
            }
            bits = witness;
        }
        return false;
    }

    void startMeasuring(long nanos) {
        measuringSince = nanos;
        lastConsumedAt.set(nanos);
    }

    void awaitWarmup(Duration timeout) throws InterruptedException {
        if (!warmup.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("warm-up messages not consumed within " + timeout.toSeconds() + "s");
        }
    }

    boolean awaitMeasured(Duration timeout) throws InterruptedException {
        return measured.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    long measuredConsumed() {
        return endToEnd.size();
    }

    long lastConsumedAt() {
        return Math.max(lastConsumedAt.get(), measuringSince);
    }

    Latencies endToEnd() {
        return endToEnd;
    }

    /** End-to-end latencies of the messages committed through another server than their consumer's. */
    Latencies crossServer() {
        return crossServer;
    }
}
