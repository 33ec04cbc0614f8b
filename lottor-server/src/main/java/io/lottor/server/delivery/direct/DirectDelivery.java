package io.lottor.server.delivery.direct;

import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.server.delivery.Delivery;
import io.lottor.server.delivery.DeliveryCounters;
import io.lottor.server.group.MessageKey;
import io.lottor.server.recovery.RetrySchedule;
import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.DueMessage;
import io.lottor.server.store.OutcomeResult;
import io.lottor.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes committed messages over the sessions of their target services, with no broker.
 *
 * <p>All state lives on one dispatcher thread; every public method only posts an event to it. A message
 * goes to the least-loaded open session of its target that lists its method and has fewer than its
 * {@code max_in_flight} deliveries unanswered. Results, timeouts and lost sessions become store
 * outcomes through {@link RetrySchedule}. Messages are found by the commit fast path
 * ({@link #dispatch}) and by periodic store scans (retries that fell due, sessions that just opened,
 * queues that overflowed, a restart).
 */
public final class DirectDelivery implements Delivery {
    private static final Logger log = LoggerFactory.getLogger(DirectDelivery.class);
    private static final int SCAN_LIMIT = 1000;
    private static final int SCAN_WHEN_QUEUED_BELOW = 2000;
    private static final long SAFETY_SCAN_EVERY_MS = 1000;

    private final Store store;
    private final SessionRegistry sessions;
    private final RetrySchedule retries;
    private final long ackTimeoutMs;
    private final Clock clock;
    private final DeliveryCounters counters;
    private final EventLoop loop = new EventLoop();
    private final ReadyQueues queues = new ReadyQueues(10_000, 64L << 20);
    private final Map<MessageKey, InFlight> inFlight = new HashMap<>();
    private final ScanPlan scans = new ScanPlan(SAFETY_SCAN_EVERY_MS);
    private CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);

    public DirectDelivery(Store store, SessionRegistry sessions, RetrySchedule retries, Duration ackTimeout,
                          Duration scanInterval, Clock clock) {
        this(store, sessions, retries, ackTimeout, scanInterval, clock, DeliveryCounters.NONE);
    }

    /** As above; {@code counters} hears of every outcome stored. */
    public DirectDelivery(Store store, SessionRegistry sessions, RetrySchedule retries, Duration ackTimeout,
                          Duration scanInterval, Clock clock, DeliveryCounters counters) {
        this.counters = counters;
        this.store = store;
        this.sessions = sessions;
        this.retries = retries;
        this.ackTimeoutMs = ackTimeout.toMillis();
        this.clock = clock;
        loop.every(Math.max(10, scanInterval.toMillis()), this::tick);
    }

    @Override
    public void dispatch(List<DueMessage> ready) {
        post(() -> {
            for (DueMessage message : ready) {
                if (!queues.offer(message)) {
                    scans.want(message.target());
                }
            }
            ready.stream().map(DueMessage::target).distinct().forEach(this::pumpTarget);
        });
    }

    /** A session said Hello: it may take deliveries now. */
    public void sessionOpened(ClientSession session) {
        sessions.add(session);
        post(() -> {
            scans.want(session.service());
            pumpTarget(session.service());
        });
    }

    /** A session ended: its in-flight messages are redelivered at once (or DEAD when out of attempts). */
    public void sessionClosed(ClientSession session, String reason) {
        session.markClosed();
        sessions.remove(session);
        post(() -> {
            List<InFlight> lost = inFlight.values().stream().filter(f -> f.session() == session).toList();
            for (InFlight delivery : lost) {
                loseDelivery(delivery, "session closed: " + reason);
            }
            if (!lost.isEmpty()) {
                log.info("session lost deliveries session={} service={} messages={}", session.sessionId(),
                        session.service(), lost.size());
                pumpTarget(session.service());
            }
        });
    }

    /** A ConsumeResult that arrived on {@code session}. */
    public void onResult(ClientSession session, ConsumeResult result) {
        post(() -> applyResult(session, result));
    }

    /**
     * A ConsumeResult reported outside a session (ReportConsumption). Completes when the outcome is
     * durable.
     */
    public CompletableFuture<Void> onReport(ConsumeResult result) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            InFlight delivery = inFlight.get(new MessageKey(result.getGroupId(), result.getMessageId()));
            applyResult(delivery == null ? null : delivery.session(), result);
            lastWrite.whenComplete((ignored, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            });
        });
        return done;
    }

    /** Deliveries currently awaiting a result, for metrics and the admin API. */
    public int inFlightCount() {
        return inFlight.size();
    }

    @Override
    public void close() {
        loop.close();
    }

    private void applyResult(ClientSession session, ConsumeResult result) {
        MessageKey key = new MessageKey(result.getGroupId(), result.getMessageId());
        InFlight delivery = inFlight.get(key);
        boolean current = delivery != null && delivery.session() == session
                && (result.getAttempt() == 0 || result.getAttempt() == delivery.attempt());
        long now = clock.millis();
        if (current) {
            finish(delivery);
            queues.release(key);
            DeliveryOutcome outcome = result.getSuccess()
                    ? new DeliveryOutcome.Consumed(consumer(session, result))
                    : retries.afterFailure(delivery.attempt(), errorText(result), now);
            recordOutcome(delivery, outcome, now);
            pumpTarget(delivery.message().target());
        } else if (result.getSuccess()) {
            DeliveryOutcome consumed = new DeliveryOutcome.Consumed(consumer(session, result));
            write(counted(store.recordOutcome(key, result.getAttempt(), consumed, now), consumed), key);
        } else {
            log.debug("stale failure ignored group={} message={} attempt={}", key.groupId(), key.messageId(),
                    result.getAttempt());
        }
    }

    private void tick() {
        long now = clock.millis();
        List<InFlight> expired = inFlight.values().stream().filter(f -> f.deadline() <= now).toList();
        for (InFlight delivery : expired) {
            finish(delivery);
            MessageKey key = delivery.message().key();
            queues.release(key);
            String error = "no result within ack timeout " + ackTimeoutMs + "ms from " + delivery.session();
            recordOutcome(delivery, retries.afterFailure(delivery.attempt(), error, now), now);
            log.warn("delivery timed out group={} message={} attempt={}", key.groupId(), key.messageId(), delivery.attempt());
        }
        startScans(now);
    }

    private void startScans(long now) {
        Set<String> liveTargets = new HashSet<>();
        sessions.all().forEach(session -> liveTargets.add(session.service()));
        for (String target : scans.start(now, liveTargets, t -> queues.queued(t) >= SCAN_WHEN_QUEUED_BELOW)) {
            Set<String> methods = methodsOf(target);
            if (methods.isEmpty()) {
                scans.finished(target);
                continue;
            }
            queues.scanStarted();
            CompletableFuture<?> barrier = lastWrite;
            loop.inBackground(() -> scan(target, methods, now, barrier));
        }
    }

    private void scan(String target, Set<String> methods, long now, CompletableFuture<?> barrier) {
        List<DueMessage> found;
        try {
            barrier.handle((ignored, error) -> null).join();
            found = store.dueMessages(target, methods, now, SCAN_LIMIT);
        } catch (RuntimeException e) {
            log.warn("due message scan failed target={} error={}", target, e.toString());
            found = List.of();
        }
        List<DueMessage> due = found;
        post(() -> {
            scans.finished(target);
            queues.scanFinished();
            for (DueMessage message : due) {
                if (!queues.offerScanned(message)) {
                    scans.want(target);
                    break;
                }
            }
            if (due.size() == SCAN_LIMIT) {
                scans.want(target);
            }
            pumpTarget(target);
        });
    }

    private void pumpTarget(String target) {
        for (String method : List.copyOf(queues.methodsQueued(target))) {
            pump(target, method);
        }
    }

    private void pump(String target, String method) {
        while (!queues.isEmpty(target, method)) {
            ClientSession session = leastLoaded(target, method);
            if (session == null) {
                return;
            }
            deliver(session, queues.poll(target, method));
        }
    }

    private void deliver(ClientSession session, DueMessage message) {
        long now = clock.millis();
        int attempt = message.attempts() + 1;
        InFlight delivery = new InFlight(message, session, attempt, now + ackTimeoutMs);
        inFlight.put(message.key(), delivery);
        session.addInFlight(1);
        write(store.markInFlight(message.key(), attempt, session.instanceId(), now), message.key());
        if (!session.send(DeliveryFrames.delivery(message, attempt))) {
            loseDelivery(delivery, "session closed: the frame could not be sent");
        }
    }

    private void loseDelivery(InFlight delivery, String error) {
        finish(delivery);
        MessageKey key = delivery.message().key();
        DeliveryOutcome outcome = retries.afterLostSession(delivery.attempt(), error);
        recordOutcome(delivery, outcome, clock.millis());
        if (outcome instanceof DeliveryOutcome.Requeued) {
            queues.requeueFront(delivery.delivered());
        } else {
            queues.release(key);
        }
    }

    private void recordOutcome(InFlight delivery, DeliveryOutcome outcome, long now) {
        MessageKey key = delivery.message().key();
        write(counted(store.recordOutcome(key, delivery.attempt(), outcome, now), outcome), key);
        if (outcome instanceof DeliveryOutcome.Failed failed) {
            scans.retryAt(delivery.message().target(), failed.nextAttemptAt());
        }
    }

    private void finish(InFlight delivery) {
        inFlight.remove(delivery.message().key());
        delivery.session().addInFlight(-1);
    }

    private ClientSession leastLoaded(String target, String method) {
        ClientSession best = null;
        for (ClientSession session : sessions.ofService(target)) {
            if (session.consumes(method) && session.hasCapacity()
                    && (best == null || session.inFlight() < best.inFlight())) {
                best = session;
            }
        }
        return best;
    }

    private Set<String> methodsOf(String target) {
        Set<String> methods = new HashSet<>();
        sessions.ofService(target).forEach(s -> methods.addAll(s.methods()));
        return methods;
    }

    private void write(CompletableFuture<?> write, MessageKey key) {
        lastWrite = write;
        write.whenComplete((ignored, error) -> {
            if (error != null) {
                log.error("delivery state not stored group={} message={} error={}", key.groupId(), key.messageId(),
                        error.toString());
            }
        });
    }

    private CompletableFuture<OutcomeResult> counted(CompletableFuture<OutcomeResult> write, DeliveryOutcome outcome) {
        write.thenAccept(result -> counters.outcomeApplied(outcome, result));
        return write;
    }

    private void post(Runnable event) {
        loop.post(event);
    }

    private static String consumer(ClientSession session, ConsumeResult result) {
        if (!result.getInstanceId().isEmpty() || session == null) {
            return result.getInstanceId();
        }
        return session.instanceId();
    }

    private static String errorText(ConsumeResult result) {
        return result.getError().isBlank() ? "the consumer reported failure without an error text" : result.getError();
    }
}
