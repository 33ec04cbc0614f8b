package io.lottor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lottor.client.CheckBackState;
import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;

/**
 * One bench run: starts the consumer instances and one producer client per server, runs a warm-up, then
 * the measured groups from {@code concurrency} threads (each prepares a group, then commits it and waits
 * for the answer, or with {@code --commit background} sends the Commit and goes on), and waits (bounded) until every measured message
 * is consumed. With several servers, consumer {@code i} connects to server {@code i mod servers} only
 * and producer thread {@code t} commits through server {@code t mod servers}, so a server without a
 * consumer has its messages claimed by the servers that have one. Not reusable.
 */
final class BenchRun {
    private static final String CONSUMER_SERVICE = "bench-consumer";
    private static final String METHOD = "bench";

    private final BenchSettings settings;
    private final List<String> targets;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final Latencies commitLatencies = new Latencies();
    private final AtomicInteger failedGroups = new AtomicInteger();
    private final RunCosts costs;
    /** Background commits not yet answered. */
    private final AtomicInteger unansweredCommits = new AtomicInteger();

    BenchRun(BenchSettings settings, List<String> targets, RunCosts costs) {
        this.settings = settings;
        this.targets = List.copyOf(targets);
        this.costs = costs;
    }

    BenchResult run() throws Exception {
        long warmupMessages = (long) settings.warmupGroups() * settings.messagesPerGroup();
        long measuredMessages = (long) settings.groups() * settings.messagesPerGroup();
        ConsumptionTracker tracker = new ConsumptionTracker(warmupMessages, measuredMessages);
        List<LottorClient> consumers = startConsumers(tracker);
        List<LottorClient> producers = new ArrayList<>();
        try {
            for (int server = 0; server < targets.size(); server++) {
                producers.add(LottorClient.builder().target(targets.get(server)).service("bench-producer")
                        .instanceId("bench-producer-" + runId + "-" + server)
                        .checkBackHandler(groupId -> CheckBackState.COMMITTED).build());
            }
            producers.forEach(BenchRun::awaitConnected);
            consumers.forEach(BenchRun::awaitConnected);
            produce(producers, settings.warmupGroups(), true, null);
            tracker.awaitWarmup(settings.timeout());
            costs.start();
            long start = System.nanoTime();
            tracker.startMeasuring(start);
            long producedAt = produce(producers, settings.groups(), false, commitLatencies) - start;
            boolean complete = tracker.awaitMeasured(settings.timeout());
            costs.stop(settings.groups());
            if (failedGroups.get() > 0) {
                System.err.println("bench: " + failedGroups.get() + " groups failed to prepare or commit");
            }
            return result(tracker, producedAt, start, complete);
        } finally {
            producers.forEach(LottorClient::close);
            consumers.forEach(LottorClient::close);
        }
    }

    private BenchResult result(ConsumptionTracker tracker, long producedNanos, long start, boolean complete) {
        double groupsPerSecond = settings.groups() / seconds(producedNanos);
        double consumedPerSecond = tracker.measuredConsumed() / seconds(tracker.lastConsumedAt() - start);
        Latencies e2e = tracker.endToEnd();
        Latencies crossServer = tracker.crossServer();
        return new BenchResult(groupsPerSecond, complete ? consumedPerSecond : 0,
                commitLatencies.percentileMillis(50), commitLatencies.percentileMillis(99),
                e2e.percentileMillis(50), e2e.percentileMillis(99),
                targets.size() > 1 ? crossServer.percentileMillis(50) : null,
                targets.size() > 1 ? crossServer.percentileMillis(99) : null,
                tracker.measuredConsumed(), (long) settings.groups() * settings.messagesPerGroup());
    }

    private List<LottorClient> startConsumers(ConsumptionTracker tracker) {
        List<LottorClient> consumers = new ArrayList<>();
        for (int i = 0; i < settings.consumers(); i++) {
            int server = i % targets.size();
            LottorClient consumer = LottorClient.builder().target(targets.get(server)).service(CONSUMER_SERVICE)
                    .instanceId(CONSUMER_SERVICE + "-" + runId + "-" + (i + 1)).build();
            consumer.subscribe(METHOD, BenchPayload.class,
                    (payload, context) -> tracker.consumed(context.groupId(), context.messageId(), payload, server));
            consumers.add(consumer);
        }
        return consumers;
    }

    /**
     * Runs {@code count} groups on the producer threads, thread {@code t} through server {@code t mod
     * servers}; returns {@link System#nanoTime()} when all are done.
     */
    private long produce(List<LottorClient> producers, int count, boolean warmup, Latencies latencies)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(settings.concurrency());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < settings.concurrency(); t++) {
                int server = t % producers.size();
                LottorClient producer = producers.get(server);
                running.add(threads.submit(() -> produceLoop(producer, server, count, next, warmup, latencies)));
            }
            for (Future<?> thread : running) {
                thread.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            awaitBackgroundCommits();
            return System.nanoTime();
        } finally {
            threads.shutdownNow();
        }
    }

    private void produceLoop(LottorClient producer, int server, int count, AtomicInteger next,
            boolean warmup, Latencies latencies) {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            TransactionGroup group = switch (settings.groupIds()) {
                case TIME -> producer.begin();
                case RANDOM -> producer.begin(UUID.randomUUID().toString());
                case COUNTER -> producer.begin("bench-" + runId + "-" + (warmup ? "w" : "m") + i);
            };
            long before = System.nanoTime();
            for (int m = 0; m < settings.messagesPerGroup(); m++) {
                group.send(CONSUMER_SERVICE, METHOD, new BenchPayload(before, warmup, server));
            }
            try {
                group.prepare();
                if (settings.backgroundCommit()) {
                    unansweredCommits.incrementAndGet();
                    group.commitAsync().whenComplete((ok, error) -> {
                        committed(group, before, latencies, error);
                        if (unansweredCommits.decrementAndGet() == 0) {
                            synchronized (unansweredCommits) {
                                unansweredCommits.notifyAll();
                            }
                        }
                    });
                } else {
                    group.commit();
                    committed(group, before, latencies, null);
                }
            } catch (RuntimeException e) {
                committed(group, before, latencies, e);
            }
        }
    }

    private void awaitBackgroundCommits() throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        synchronized (unansweredCommits) {
            while (unansweredCommits.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new TimeoutException(unansweredCommits.get() + " background commits unanswered");
                }
                unansweredCommits.wait(left);
            }
        }
    }

    /** Records the group's latency from its start to the commit's answer, or its failure. */
    private void committed(TransactionGroup group, long before, Latencies latencies, Throwable error) {
        if (error != null) {
            failedGroups.incrementAndGet();
            System.err.println("bench: group " + group.id() + " failed: " + error.getMessage());
        } else if (latencies != null) {
            latencies.record(System.nanoTime() - before);
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
