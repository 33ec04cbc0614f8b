package io.lottor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lottor.client.CheckBackState;
import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;

/**
 * One bench run: starts the consumer instances and one producer client, runs a warm-up, then the
 * measured groups from {@code concurrency} threads, and waits (bounded) until every measured message is
 * consumed. Not reusable.
 */
final class BenchRun {
    private static final String CONSUMER_SERVICE = "bench-consumer";
    private static final String METHOD = "bench";

    private final BenchSettings settings;
    private final String target;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final Latencies commitLatencies = new Latencies();
    private final AtomicInteger failedGroups = new AtomicInteger();

    BenchRun(BenchSettings settings, String target) {
        this.settings = settings;
        this.target = target;
    }

    BenchResult run() throws Exception {
        long warmupMessages = (long) settings.warmupGroups() * settings.messagesPerGroup();
        long measuredMessages = (long) settings.groups() * settings.messagesPerGroup();
        ConsumptionTracker tracker = new ConsumptionTracker(warmupMessages, measuredMessages);
        List<LottorClient> consumers = startConsumers(tracker);
        try (LottorClient producer = LottorClient.builder().target(target).service("bench-producer")
                .instanceId("bench-producer-" + runId).checkBackHandler(groupId -> CheckBackState.COMMITTED).build()) {
            awaitConnected(producer);
            consumers.forEach(BenchRun::awaitConnected);
            produce(producer, "w", settings.warmupGroups(), true, null);
            tracker.awaitWarmup(settings.timeout());
            long start = System.nanoTime();
            tracker.startMeasuring(start);
            long producedAt = produce(producer, "m", settings.groups(), false, commitLatencies) - start;
            boolean complete = tracker.awaitMeasured(settings.timeout());
            if (failedGroups.get() > 0) {
                System.err.println("bench: " + failedGroups.get() + " groups failed to prepare or commit");
            }
            return result(tracker, producedAt, start, complete);
        } finally {
            consumers.forEach(LottorClient::close);
        }
    }

    private BenchResult result(ConsumptionTracker tracker, long producedNanos, long start, boolean complete) {
        double groupsPerSecond = settings.groups() / seconds(producedNanos);
        double consumedPerSecond = tracker.measuredConsumed() / seconds(tracker.lastConsumedAt() - start);
        Latencies e2e = tracker.endToEnd();
        return new BenchResult(groupsPerSecond, complete ? consumedPerSecond : 0,
                commitLatencies.percentileMillis(50), commitLatencies.percentileMillis(99),
                e2e.percentileMillis(50), e2e.percentileMillis(99),
                tracker.measuredConsumed(), (long) settings.groups() * settings.messagesPerGroup());
    }

    private List<LottorClient> startConsumers(ConsumptionTracker tracker) {
        List<LottorClient> consumers = new ArrayList<>();
        for (int i = 1; i <= settings.consumers(); i++) {
            LottorClient consumer = LottorClient.builder().target(target).service(CONSUMER_SERVICE)
                    .instanceId(CONSUMER_SERVICE + "-" + runId + "-" + i).build();
            consumer.subscribe(METHOD, BenchPayload.class,
                    (payload, context) -> tracker.consumed(context.groupId(), context.messageId(), payload));
            consumers.add(consumer);
        }
        return consumers;
    }

    /** Runs {@code count} groups on the producer threads; returns {@link System#nanoTime()} when all are done. */
    private long produce(LottorClient producer, String phase, int count, boolean warmup, Latencies latencies)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(settings.concurrency());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < settings.concurrency(); t++) {
                running.add(threads.submit(() -> produceLoop(producer, phase, count, next, warmup, latencies)));
            }
            for (Future<?> thread : running) {
                thread.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            return System.nanoTime();
        } finally {
            threads.shutdownNow();
        }
    }

    private void produceLoop(LottorClient producer, String phase, int count, AtomicInteger next, boolean warmup,
            Latencies latencies) {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            TransactionGroup group = producer.begin("bench-" + runId + "-" + phase + i);
            long before = System.nanoTime();
            for (int m = 0; m < settings.messagesPerGroup(); m++) {
                group.send(CONSUMER_SERVICE, METHOD, new BenchPayload(before, warmup));
            }
            try {
                group.prepare();
                group.commit();
                if (latencies != null) {
                    latencies.record(System.nanoTime() - before);
                }
            } catch (RuntimeException e) {
                failedGroups.incrementAndGet();
                System.err.println("bench: group " + group.id() + " failed: " + e.getMessage());
            }
        }
    }

    private static void awaitConnected(LottorClient client) {
        if (!client.awaitConnected(Duration.ofSeconds(30))) {
            throw new IllegalStateException("client " + client.instanceId() + " did not connect within 30s");
        }
    }

    private static double seconds(long nanos) {
        return Math.max(nanos, 1) / 1e9;
    }
}
