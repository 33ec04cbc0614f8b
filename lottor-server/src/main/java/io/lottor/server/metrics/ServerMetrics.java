package io.lottor.server.metrics;

import io.lottor.server.coordinator.GroupCounters;
import io.lottor.server.delivery.DeliveryCounters;
import io.lottor.server.delivery.direct.WaitingForConsumer;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.MessageState;
import io.lottor.server.recovery.CheckBackCounters;
import io.lottor.server.session.ClientSession;
import io.lottor.server.session.SessionRegistry;
import io.lottor.server.store.AdminStore;
import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.OutcomeResult;
import io.lottor.server.store.jdbc.BatchListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The server's metrics, on a {@link MeterRegistry} given by the caller. It is the counters every part
 * reports to ({@link GroupCounters}, {@link DeliveryCounters}, {@link CheckBackCounters},
 * {@link BatchListener}): increments are lock-free adders, cheap on the hot path. Gauges read the
 * session registry and the store when the registry is read. Thread-safe.
 */
public final class ServerMetrics implements GroupCounters, DeliveryCounters, CheckBackCounters, BatchListener {
    /** Bounds of the batch latency histogram, from a quarter of a millisecond (an fsync of a fast disk) up. */
    private static final Duration[] COMMIT_BUCKETS = LongStream.of(250, 500, 1_000, 2_000, 5_000, 10_000, 25_000,
            50_000, 100_000, 250_000, 500_000, 1_000_000, 5_000_000)
            .mapToObj(micros -> Duration.of(micros, ChronoUnit.MICROS)).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Counter prepared;
    private final Counter committed;
    private final Counter rolledBack;
    private final Counter operatorRetries;
    private final Counter completed;
    private final Counter consumed;
    private final Counter failed;
    private final Counter dead;
    private final Counter retries;
    private final Counter checkBacksSent;
    private final Counter checkBacksPostponed;
    private final Counter checkBackRepliesRefused;
    private final Map<String, Counter> checkBackAnswers;
    private final DistributionSummary batchSize;
    private final Timer commitLatency;
    private final Counter writesRefused;
    private final Counter storeCommits;
    private final Counter streamPrepares;
    private final Counter streamCommits;
    private final Counter streamRollbacks;
    private final Counter writeStatements;
    private final Counter readStatements;
    private final MultiGauge sessionsByService;
    private volatile SessionRegistry sessionRegistry;

    public ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.prepared = groups("prepared");
        this.committed = groups("committed");
        this.rolledBack = groups("rolled_back");
        this.completed = groups("completed");
        this.consumed = messages("consumed");
        this.failed = messages("failed");
        this.dead = messages("dead");
        this.operatorRetries = Counter.builder("lottor.operator.retries")
                .description("DEAD or FAILED messages an operator moved back to READY").register(registry);
        this.streamPrepares = produceStreamCounter(registry, "prepare");
        this.streamCommits = produceStreamCounter(registry, "commit");
        this.streamRollbacks = produceStreamCounter(registry, "rollback");
        this.retries = Counter.builder("lottor.delivery.retries")
                .description("Deliveries scheduled again: after a failure or a lost session").register(registry);
        this.checkBacksSent = Counter.builder("lottor.check.backs.sent")
                .description("CheckBack frames sent to producers").register(registry);
        this.checkBacksPostponed = Counter.builder("lottor.check.backs.postponed")
                .description("Check-backs due with no live producer session; asked again later").register(registry);
        this.checkBackRepliesRefused = Counter.builder("lottor.check.backs.refused")
                .description("Check-back replies refused: no check-back outstanding, or not from the group's source")
                .register(registry);
        this.checkBackAnswers = List.of("COMMITTED", "ROLLED_BACK", "UNKNOWN").stream()
                .collect(Collectors.toMap(answer -> answer, this::checkBackAnswer));
        this.batchSize = DistributionSummary.builder("lottor.store.batch.size")
                .description("Writes per group-commit batch")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000).register(registry);
        this.commitLatency = Timer.builder("lottor.store.commit")
                .description("Time to run and commit (fsync) one group-commit batch")
                .serviceLevelObjectives(COMMIT_BUCKETS).register(registry);
        this.writesRefused = Counter.builder("lottor.store.writes.refused")
                .description("Producers' writes refused as overloaded: the store's write queue was full").register(registry);
        this.storeCommits = Counter.builder("lottor.store.commits")
                .description("Durable store transactions committed by the group-commit writer (SQLite: one WAL fsync each)")
                .register(registry);
        this.writeStatements = statements("write");
        this.readStatements = statements("read");
        this.sessionsByService = MultiGauge.builder("lottor.sessions")
                .description("Open client sessions on this server, by service").register(registry);
    }

    private static Counter produceStreamCounter(MeterRegistry registry, String call) {
        return Counter.builder("lottor.produce.stream.calls").tag("call", call)
                .description("Prepare, Commit and Rollback calls received on Produce streams (not unary)")
                .register(registry);
    }

    /**
     * Counts a call on a Produce stream ({@code prepare}, {@code commit} or {@code rollback}): against the
     * store's commits, it tells whether the clients use the stream or unary calls.
     */
    public void produceStreamCall(String call) {
        Counter counter = switch (call) {
            case "prepare" -> streamPrepares;
            case "commit" -> streamCommits;
            default -> streamRollbacks;
        };
        counter.increment();
    }

    /**
     * Registers the gauges: deliveries in flight and sessions by service (from {@code sessions}), the age
     * of the oldest PREPARED group and the DEAD messages awaiting an operator (from {@code store}).
     */
    public void bindGauges(SessionRegistry sessions, AdminStore store, Clock clock) {
        Gauge.builder("lottor.messages.in.flight", sessions,
                        s -> s.all().stream().mapToInt(ClientSession::inFlight).sum())
                .description("Deliveries sent over sessions of this server and not answered yet").register(registry);
        Gauge.builder("lottor.groups.oldest.prepared.age", store,
                        s -> s.oldestPrepared().map(o -> Math.max(0, clock.millis() - o.createdAt()) / 1000.0).orElse(0.0))
                .description("Age of the oldest PREPARED group (0 when none): a producer that never answered")
                .baseUnit("seconds").register(registry);
        Gauge.builder("lottor.messages.dead", store, s -> s.countMessages(MessageState.DEAD))
                .description("Messages DEAD now, awaiting an operator's retry").register(registry);
        this.sessionRegistry = sessions;
    }

    /** Registers {@code lottor_messages_waiting_for_consumer}: READY messages no session can take, past the threshold. */
    public void bindWaitingForConsumer(WaitingForConsumer waiting) {
        Gauge.builder("lottor.messages.waiting.for.consumer", waiting, WaitingForConsumer::messages)
                .description("READY messages waiting longer than --waiting-for-consumer-after with no session of this"
                        + " server to take them (no consumer of their target connected, or none handling their method)")
                .register(registry);
    }

    /** Brings the per-service session gauge up to date; call before reading the registry. */
    public void refresh() {
        SessionRegistry sessions = sessionRegistry;
        if (sessions == null) {
            return;
        }
        Map<String, Long> byService = sessions.all().stream().filter(ClientSession::isOpen)
                .collect(Collectors.groupingBy(ClientSession::service, Collectors.counting()));
        sessionsByService.register(byService.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("service", e.getKey()), e.getValue()))
                .collect(Collectors.toList()), true);
    }

    @Override
    public void prepared() {
        prepared.increment();
    }

    @Override
    public void committed() {
        committed.increment();
    }

    @Override
    public void rolledBack() {
        rolledBack.increment();
    }

    @Override
    public void resolved(GroupState outcome) {
        registry.counter("lottor.operator.resolutions", "outcome", outcome.name().toLowerCase()).increment();
        (outcome == GroupState.COMMITTED ? committed : rolledBack).increment();
    }

    @Override
    public void operatorRetried(int count) {
        operatorRetries.increment(count);
    }

    @Override
    public void outcomeApplied(DeliveryOutcome outcome, OutcomeResult result) {
        if (!result.applied()) {
            return;
        }
        if (outcome instanceof DeliveryOutcome.Consumed) {
            consumed.increment();
        } else if (outcome instanceof DeliveryOutcome.Failed) {
            failed.increment();
            retries.increment();
        } else if (outcome instanceof DeliveryOutcome.Dead) {
            dead.increment();
        } else {
            retries.increment();
        }
        if (result.groupCompleted()) {
            completed.increment();
        }
    }

    @Override
    public void resultRefused(String reason) {
        Counter.builder("lottor.results.refused").description("Consumer results refused (they changed nothing), by reason")
                .tag("reason", reason).register(registry).increment();
    }

    @Override
    public void sent() {
        checkBacksSent.increment();
    }

    @Override
    public void postponed() {
        checkBacksPostponed.increment();
    }

    @Override
    public void answered(String answer) {
        checkBackAnswers.getOrDefault(answer, checkBackAnswers.get("UNKNOWN")).increment();
    }

    @Override
    public void refused() {
        checkBackRepliesRefused.increment();
    }

    @Override
    public void batchCommitted(int writes, long nanos) {
        batchSize.record(writes);
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
        storeCommits.increment();
    }

    @Override
    public void statementsRun(int writes, int reads) {
        writeStatements.increment(writes);
        readStatements.increment(reads);
    }

    @Override
    public void writeRefused() {
        writesRefused.increment();
    }

    private Counter statements(String kind) {
        return Counter.builder("lottor.store.statements")
                .description("Statements the store's writer ran, by kind: write (INSERT, UPDATE, DELETE) or read (SELECT)")
                .tag("kind", kind).register(registry);
    }

    private Counter groups(String outcome) {
        return Counter.builder("lottor.groups").description("Groups by outcome").tag("outcome", outcome)
                .register(registry);
    }

    private Counter messages(String outcome) {
        return Counter.builder("lottor.messages").description("Delivery outcomes stored, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Counter checkBackAnswer(String answer) {
        return Counter.builder("lottor.check.backs.answered").description("Check-back answers by answer")
                .tag("answer", answer.toLowerCase(Locale.ROOT)).register(registry);
    }
}
