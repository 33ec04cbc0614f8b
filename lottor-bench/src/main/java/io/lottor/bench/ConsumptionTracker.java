package io.lottor.bench;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts consumed messages once each (delivery is at-least-once, so a message may arrive twice) and
 * records the end-to-end latency of measured ones, apart also for those committed through another server
 * than the consumer's. Thread-safe: every consumer thread calls
 * {@link #consumed}.
 */
final class ConsumptionTracker {
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final CountDownLatch warmup;
    private final CountDownLatch measured;
    private final Latencies endToEnd = new Latencies();
    private final Latencies crossServer = new Latencies();
    private final AtomicLong lastConsumedAt = new AtomicLong();
    private volatile long measuringSince;

    ConsumptionTracker(long warmupMessages, long measuredMessages) {
        this.warmup = new CountDownLatch((int) warmupMessages);
        this.measured = new CountDownLatch((int) measuredMessages);
    }

    /** A message consumed by a consumer connected to server {@code consumerServer}. */
    void consumed(String groupId, String messageId, BenchPayload payload, int consumerServer) {
        long now = System.nanoTime();
        if (!seen.add(groupId + "/" + messageId)) {
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
