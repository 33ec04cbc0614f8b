package io.lottor.server.delivery.broker;

import io.lottor.server.delivery.BrokerEndpoint;
import io.lottor.server.delivery.Delivery;
import io.lottor.server.delivery.DeliveryCounters;
import io.lottor.server.delivery.EventLoop;
import io.lottor.server.delivery.LeaseSweep;
import io.lottor.server.delivery.ReportedResults;
import io.lottor.server.model.ConsumerResult;
import io.lottor.server.model.FailedPreconditionException;
import io.lottor.server.model.MessageKey;
import io.lottor.server.recovery.RetrySchedule;
import io.lottor.server.session.ClientSession;
import io.lottor.server.session.ClusterSessions;
import io.lottor.server.session.SessionRegistry;
import io.lottor.server.store.DeliveryClaim;
import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.DeliveryStore;
import io.lottor.server.store.DueClaim;
import io.lottor.server.store.DueMessage;
import io.lottor.server.store.OutcomeResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed messages through a broker (DESIGN §5) with a {@link Publisher}.
 *
 * <p>One dispatcher thread ({@link EventLoop}), woken by commits ({@link #dispatch}), opened sessions, and
 * a tick, plans claims with the store's reads ({@link ClaimPlan}) and takes the due messages (READY, and
 * FAILED whose next attempt came) with the store's claiming scan: IN_FLIGHT with their next attempt, this
 * server as owner, a lease of one ack timeout, and {@code delivered_to} = the broker destination (e.g.
 * {@code rabbitmq:lottor.auth-service}). Only committed messages are ever READY, so nothing of a rolled-back
 * group is published. Each claim is published; a claim whose publish failed or was not confirmed is given
 * back ({@link DeliveryStore#release}), READY again with its attempt number, so nothing is lost while the
 * broker is away, and no claim is made while {@link Publisher#isHealthy()} says it is unreachable.
 *
 * <p>Claims are bounded per target by the window of its consumers: the {@code max_in_flight} of every
 * live session of the target (on any server sharing the store) minus what is IN_FLIGHT for it, and a
 * method no live session of its target handles waits READY, as with direct delivery. So messages wait in
 * the store, not in the broker, while no consumer runs, and do not burn their attempts there.
 *
 * <p>Results come with ReportConsumption ({@link #onReport}) and count from any open session of the
 * message's target service, for the message's current attempt only: a success is stored as CONSUMED by
 * the reporting instance when that attempt was delivered to the target's destination; a failure gets
 * {@link RetrySchedule#afterFailure} (published again after its backoff by a later claim); no result within
 * the lease lets the {@link LeaseSweep} make it FAILED or DEAD. Broker redelivery never makes a retry:
 * a redelivered broker message carries the attempt it was published as, and only the current one counts.
 */
public final class BrokerDelivery implements Delivery {
    private static final Logger log = LoggerFactory.getLogger(BrokerDelivery.class);
    private static final long SCAN_EVERY_MS = 200;
    private static final long MAX_CLAIM_BYTES = 16L << 20;

    private final String kind;
    private final Publisher publisher;
    private final MessageEncoder encoder;
    private final DeliveryStore store;
    private final SessionRegistry sessions;
    private final ClusterSessions cluster;
    private final RetrySchedule retries;
    private final long ackTimeoutMs;
    private final Clock clock;
    private final DeliveryCounters counters;
    private final EventLoop loop = new EventLoop();
    private final LeaseSweep sweep;
    private final ClaimPlan plans;
    /** Published and confirmed, awaiting a result: key → attempt and lease end. Any thread. */
    private final Map<MessageKey, Awaiting> awaiting = new ConcurrentHashMap<>();
    private boolean scanning;
    private boolean scanWanted = true;
    private long nextScanAt;

    /**
     * @param kind         the broker's name ({@code rabbitmq}, {@code kafka}): destinations are recorded as
     *                     {@code kind:destination}
     * @param tickInterval how often the dispatcher looks for due work, expired leases and stale entries
     */
    public BrokerDelivery(String kind, Publisher publisher, MessageEncoder encoder, DeliveryStore store,
                          SessionRegistry sessions, ClusterSessions cluster, RetrySchedule retries,
                          Duration ackTimeout, Duration tickInterval, Clock clock, DeliveryCounters counters) {
        this.kind = kind;
        this.publisher = publisher;
        this.encoder = encoder;
        this.store = store;
        this.sessions = sessions;
        this.cluster = cluster;
        this.retries = retries;
        this.ackTimeoutMs = ackTimeout.toMillis();
        this.clock = clock;
        this.counters = counters;
        this.sweep = new LeaseSweep(store, retries);
        this.plans = new ClaimPlan(store, cluster);
        loop.every(Math.max(10, tickInterval.toMillis()), this::tick);
    }

    @Override
    public void dispatch(List<DueMessage> ready) {
        loop.post(() -> {
            scanWanted = true;
            maybeScan();
        });
    }

    @Override
    public void sessionOpened(ClientSession session) {
        sessions.add(session);
        loop.post(() -> {
            scanWanted = true;
            maybeScan();
        });
    }

    /** The broker holds what the session's consumer had unacknowledged and gives it to another consumer. */
    @Override
    public void sessionClosed(ClientSession session, String reason) {
        session.markClosed();
        sessions.remove(session);
    }

    @Override
    public void sessionWritable(ClientSession session) {
        // nothing is sent over sessions
    }

    /** A result sent on a session is judged as if reported by that session. */
    @Override
    public void onResult(ClientSession session, ConsumerResult result) {
        settle(Reporter.of(session), result).exceptionally(error -> null);
    }

    @Override
    public CompletableFuture<Void> onReport(ConsumerResult result) {
        try {
            ReportedResults.require(result);
            Optional<Reporter> reporter = reporter(result.sessionId());
            if (reporter.isEmpty()) {
                throw refusal("unknown_session", "session_id", "session_id \"" + result.sessionId()
                        + "\" names no open session on any live server", result);
            }
            return settle(reporter.get(), result);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public int inFlightCount() {
        return awaiting.size();
    }

    @Override
    public boolean isHealthy() {
        return publisher.isHealthy();
    }

    @Override
    public Optional<BrokerEndpoint> brokerFor(String service) {
        return Optional.of(new BrokerEndpoint(kind, publisher.clientAddress(), publisher.destination(service)));
    }

    @Override
    public void close() {
        loop.close();
        publisher.close();
    }

    /** What {@code delivered_to} says of a message published to {@code target}'s destination. */
    String deliveredTo(String target) {
        return kind + ":" + publisher.destination(target);
    }

    private Optional<Reporter> reporter(String sessionId) {
        Optional<ClientSession> local = sessions.byId(sessionId);
        if (local.isPresent()) {
            return local.map(Reporter::of);
        }
        return cluster.live(sessionId).map(row -> new Reporter(row.sessionId(), row.service(), row.instanceId()));
    }

    /**
     * A success is one guarded write (target, destination and current attempt checked by the store); a
     * failure is first checked against the stored delivery (its budget decides FAILED or DEAD), then written
     * guarded by its attempt.
     */
    private CompletableFuture<Void> settle(Reporter reporter, ConsumerResult result) {
        MessageKey key = new MessageKey(result.groupId(), result.messageId());
        long now = clock.millis();
        DeliveryOutcome outcome;
        if (result.success()) {
            outcome = new DeliveryOutcome.Consumed(reporter.service(), reporter.instanceId(),
                    deliveredTo(reporter.service()));
        } else {
            outcome = store.deliveredAttempt(key)
                    .filter(stored -> stored.attempt() == result.attempt()
                            && stored.target().equals(reporter.service())
                            && deliveredTo(stored.target()).equals(stored.deliveredTo()))
                    .map(stored -> retries.afterFailure(stored.attempt(), stored.attemptBase(),
                            ReportedResults.errorText(result), now))
                    .orElse(null);
            if (outcome == null) {
                return CompletableFuture.failedFuture(notCurrent(reporter, result));
            }
        }
        DeliveryOutcome stored = outcome;
        return store.recordOutcome(key, result.attempt(), outcome, now).thenApply(applied -> {
            counters.outcomeApplied(stored, applied);
            if (!applied.applied()) {
                throw notCurrent(reporter, result);
            }
            awaiting.remove(key);
            loop.post(() -> scanWanted = true);
            return null;
        });
    }

    private FailedPreconditionException notCurrent(Reporter reporter, ConsumerResult result) {
        return refusal("not_current", "attempt", "attempt " + result.attempt() + " of message " + result.groupId()
                + "/" + result.messageId() + " is not a current attempt in flight to service " + reporter.service()
                + " through " + kind, result);
    }

    private FailedPreconditionException refusal(String reason, String field, String message, ConsumerResult result) {
        counters.resultRefused(reason);
        log.info("result refused reason={} group={} message={} attempt={} session={}", reason, result.groupId(),
                result.messageId(), result.attempt(), result.sessionId());
        return new FailedPreconditionException(field, message);
    }

    private void tick() {
        long now = clock.millis();
        awaiting.values().removeIf(entry -> entry.leaseUntil() < now);
        sweep.maybeStart(now, loop::post, this::leasesExpired);
        maybeScan();
    }

    private void leasesExpired(List<LeaseSweep.Expired> expired) {
        for (LeaseSweep.Expired lease : expired) {
            awaiting.remove(lease.key());
            counters.outcomeApplied(lease.outcome(), new OutcomeResult(true, false));
            lease.retryAt().ifPresent(at -> nextScanAt = Math.min(nextScanAt, at));
        }
    }

    /**
     * Claims the due messages the consumers' windows have room for, unless a scan runs, nothing asked for
     * one since the last and none is due, or the broker is unreachable (then messages stay READY).
     */
    private void maybeScan() {
        long now = clock.millis();
        if (scanning || (!scanWanted && now < nextScanAt) || !publisher.isHealthy()) {
            return;
        }
        scanWanted = false;
        nextScanAt = now + SCAN_EVERY_MS;
        List<ClaimPlan.Take> takes;
        try {
            takes = plans.plan(now);
        } catch (RuntimeException e) {
            log.warn("due messages not read error={}", e.toString());
            return;
        }
        if (takes.isEmpty()) {
            return;
        }
        scanning = true;
        long leaseUntil = now + ackTimeoutMs;
        List<CompletableFuture<Void>> claims = new ArrayList<>(takes.size());
        for (ClaimPlan.Take take : takes) {
            DueClaim claim = new DueClaim(take.route().target(), take.route().method(), cluster.serverId(),
                    Collections.nCopies(take.places(), deliveredTo(take.route().target())), leaseUntil, MAX_CLAIM_BYTES);
            claims.add(store.claimDueMessages(claim, now).handle((claimed, error) -> {
                loop.post(() -> claimed(claim, claimed, error));
                return null;
            }));
        }
        CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> loop.post(this::scanFinished));
    }

    /** Commits that came while the scan ran are claimed now, not at the next tick. */
    private void scanFinished() {
        scanning = false;
        maybeScan();
    }

    private void claimed(DueClaim claim, List<DueMessage> claimed, Throwable error) {
        if (error != null) {
            log.warn("due messages not claimed target={} method={} error={}", claim.target(), claim.method(),
                    error.toString());
            return;
        }
        if (claimed.size() == claim.places()) {
            scanWanted = true;
        }
        for (DueMessage message : claimed) {
            publish(message, message.attempts() + 1, claim.leaseUntil());
        }
    }

    private void publish(DueMessage message, int attempt, long leaseUntil) {
        CompletableFuture<Void> confirmed;
        try {
            confirmed = publisher.publish(message, attempt, encoder.encode(message, attempt));
        } catch (RuntimeException e) {
            confirmed = CompletableFuture.failedFuture(e);
        }
        confirmed.whenComplete((ignored, error) -> loop.post(() -> published(message, attempt, leaseUntil, error)));
    }

    private void published(DueMessage message, int attempt, long leaseUntil, Throwable error) {
        MessageKey key = message.key();
        if (error == null) {
            awaiting.put(key, new Awaiting(attempt, leaseUntil));
            log.debug("message published group={} message={} attempt={} destination={}", key.groupId(),
                    key.messageId(), attempt, publisher.destination(message.target()));
            return;
        }
        log.warn("publish not confirmed, message given back group={} message={} attempt={} error={}", key.groupId(),
                key.messageId(), attempt, error.toString());
        DeliveryClaim claim = new DeliveryClaim(key, attempt, cluster.serverId(), deliveredTo(message.target()),
                leaseUntil);
        store.release(List.of(claim), clock.millis()).whenComplete((applied, failure) -> {
            if (failure != null) {
                log.warn("claim not given back, its lease will end group={} message={} attempt={} error={}",
                        key.groupId(), key.messageId(), attempt, failure.toString());
            }
        });
    }

    /** Who reports a result: an open session of this server or of another live one. */
    private record Reporter(String sessionId, String service, String instanceId) {
        static Reporter of(ClientSession session) {
            return new Reporter(session.sessionId(), session.service(), session.instanceId());
        }
    }

    /** A confirmed publish awaiting its result. */
    private record Awaiting(int attempt, long leaseUntil) {
    }
}
