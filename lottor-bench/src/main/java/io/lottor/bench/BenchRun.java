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
import java.util.concurrent.locks.LockSupport;

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
    /**
     * With {@code --rate}, the warm-up ends with this many seconds at the rate: the first seconds of a paced
     * phase after an unpaced one stall while the JIT recompiles for it.
     */
    static final int LEAD_IN_SECONDS = 5;

    private final BenchSettings settings;
    private final List<String> targets;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final Latencies commitLatencies = new Latencies();
    private final AtomicInteger failedGroups = new AtomicInteger();
    private final RunCosts costs;
    /**
     * The producer threads, started once for every phase: starting them anew for the measured phase would
     * put its first groups behind their schedule.
     */
    private final ExecutorService producerThreads;
    /** Background commits not yet answered. */
    private final AtomicInteger unansweredCommits = new AtomicInteger();

    BenchRun(BenchSettings settings, List<String> targets, RunCosts costs) {
        this.settings = settings;
        this.targets = List.copyOf(targets);
        this.costs = costs;
        this.producerThreads = Executors.newFixedThreadPool(settings.concurrency());
    }

    BenchResult run() throws Exception {
        int leadIn = settings.rate() * LEAD_IN_SECONDS;
        long warmupMessages = (long) (settings.warmupGroups() + leadIn) * settings.messagesPerGroup();
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
            costs.prime();
            // the warm-up records its latencies too, and throws them away: the measured groups then run
            // the code the JIT compiled during the warm-up, not a path it first sees mid-run
            produce(producers, 0, settings.warmupGroups(), 0, true, new Latencies());
            produce(producers, settings.warmupGroups(), leadIn, settings.rate(), true, new Latencies());
            tracker.awaitWarmup(settings.timeout());
            costs.start();
            long start = System.nanoTime();
            tracker.startMeasuring(start);
            long producedAt = produce(producers, 0, settings.groups(), settings.rate(), false, commitLatencies) - start;
            boolean complete = tracker.awaitMeasured(settings.timeout());
            costs.stop(settings.groups());
            if (failedGroups.get() > 0) {
                System.err.println("bench: " + failedGroups.get() + " groups failed to prepare or commit");
            }
            return result(tracker, producedAt, start, complete);
        } finally {
            producerThreads.shutdownNow();
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
                    (payload, context) -> tracker.consumed(payload, server));
            consumers.add(consumer);
        }
        return consumers;
    }

    /**
     * Runs groups {@code first} to {@code first + count - 1} of a phase on the producer threads, thread
     * {@code t} through server {@code t mod servers}, {@code rate} a second (0: as fast as they go);
     * returns {@link System#nanoTime()} when all are done.
     */
    private long produce(List<LottorClient> producers, int first, int count, int rate, boolean warmup,
            Latencies latencies) throws Exception {
        AtomicInteger next = new AtomicInteger(first);
        Schedule schedule = new Schedule(System.nanoTime(), first, rate);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < settings.concurrency(); t++) {
            int server = t % producers.size();
            LottorClient producer = producers.get(server);
            running.add(producerThreads.submit(
                    () -> produceLoop(producer, server, first + count, next, schedule, warmup, latencies)));
        }
        for (Future<?> thread : running) {
            thread.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        awaitBackgroundCommits();
        return System.nanoTime();
    }

    private void produceLoop(LottorClient producer, int server, int end, AtomicInteger next, Schedule schedule,
            boolean warmup, Latencies latencies) {
        for (int i = next.getAndIncrement(); i < end; i = next.getAndIncrement()) {
            long before = schedule.awaitStart(i);
            TransactionGroup group = switch (settings.groupIds()) {
                case TIME -> producer.begin();
                case RANDOM -> producer.begin(UUID.randomUUID().toString());
                case COUNTER -> producer.begin("bench-" + runId + "-" + (warmup ? "w" : "m") + i);
            };
            for (int m = 0; m < settings.messagesPerGroup(); m++) {
                group.send(CONSUMER_SERVICE, METHOD, new BenchPayload(before, warmup, server,
                        (long) i * settings.messagesPerGroup() + m));
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
        } else {
            latencies.record(System.nanoTime() - before);
        }
    }

    /**
     * Group {@code i} of a paced run starts at {@code start + (i - first) / rate} seconds; with rate 0, at
     * once. The warm-up runs through it too, so that the measured groups run code the JIT compiled for them.
     */
    private record Schedule(long start, int first, int rate) {
        /**
         * Waits until group {@code i}'s start, if that is still ahead; answers that start, or now with rate 0
         * ({@link System#nanoTime()}).
         */
        long awaitStart(int i) {
            if (rate == 0) {
                return System.nanoTime();
            }
            long at = start + (i - first) * 1_000_000_000L / rate;
            for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            return at;
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
