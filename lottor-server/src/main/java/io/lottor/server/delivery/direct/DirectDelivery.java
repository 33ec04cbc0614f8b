package io.lottor.server.delivery.direct;

import io.lottor.server.delivery.Delivery;
import io.lottor.server.delivery.DeliveryCounters;
import io.lottor.server.delivery.EventLoop;
import io.lottor.server.delivery.LeaseSweep;
import io.lottor.server.model.ConsumerResult;
import io.lottor.server.model.FailedPreconditionException;
import io.lottor.server.model.MessageKey;
import io.lottor.server.recovery.RetrySchedule;
import io.lottor.server.session.ClientSession;
import io.lottor.server.session.ClusterSessions;
import io.lottor.server.session.SessionRegistry;
import io.lottor.server.store.ClusterSession;
import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.DeliveryStore;
import io.lottor.server.store.DueMessage;
import io.lottor.server.store.DueRoute;
import io.lottor.server.store.OutcomeResult;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes committed messages over the sessions of their target services, with no broker.
 *
 * <p>All state lives on one dispatcher thread; every public method only posts an event to it. A message
 * goes to the least-loaded session of its route (target and method) that is under its
 * {@code max_in_flight} and whose transport is ready, and only once it is <em>claimed</em> in the store:
 * IN_FLIGHT with its next attempt, this server as owner, a lease of one ack timeout and the consumer
 * instance it goes to. Messages come two ways. The ones this server handed itself (the commit fast path
 * {@link #dispatch}, an operator's retry) wait in memory per route, bounded, while some session here
 * consumes the route, and are claimed by key, guarded by the attempt the dispatcher saw, batched with the
 * other claims of the events already waiting. Everything else (messages committed through another server
 * sharing the database, retries that fell due, queues that overflowed, a restart) is claimed by
 * {@link RouteScans}: a write that takes a route's due messages for the free places of this server's
 * sessions, skipping rows another server is claiming, so what it answers is already this server's. Where
 * the database passes the word (PostgreSQL), a server that commits messages no session of its own consumes
 * announces their route ({@link DeliveryStore#announceDue}), and the servers that consume it scan it at once. The
 * Delivery frame is sent only after the claim is durable; a claim that cannot be sent any more (its
 * session went away) is given back with its attempt number ({@link DeliveryStore#release}).
 *
 * <p>Results count only from the session the attempt went to, for its current attempt ({@link Results}),
 * also when reported through ReportConsumption on another server; results, timeouts and lost sessions
 * become store outcomes through {@link RetrySchedule}. A periodic lease sweep of the store expires
 * IN_FLIGHT messages whose lease passed, whichever server owned them, so a delivery whose result could
 * not be stored, or whose server died, is retried all the same.
 */
public final class DirectDelivery implements Delivery {
    private static final Logger log = LoggerFactory.getLogger(DirectDelivery.class);
    private static final int MAX_QUEUED_PER_ROUTE = 2000;
    private static final long MAX_QUEUED_BYTES_PER_ROUTE = 16L << 20;
    /** A route committed here after this long without a commit is announced to the others ({@link #announceSoon}). */
    static final long QUIET_MS = 100;

    private final DeliveryStore store;
    private final SessionRegistry sessions;
    private final ClusterSessions cluster;
    private final RetrySchedule retries;
    private final long ackTimeoutMs;
    private final Clock clock;
    private final DeliveryCounters counters;
    private final EventLoop loop = new EventLoop();
    private final ReadyQueues queues = new ReadyQueues(MAX_QUEUED_PER_ROUTE, MAX_QUEUED_BYTES_PER_ROUTE);
    private final InFlightTable inFlight = new InFlightTable();
    private final Routes routes = new Routes();
    private final ScanPlan scans = new ScanPlan();
    private final RouteScans scanner;
    private final Claims claims;
    private final Results results;
    private final LeaseSweep sweep;
    private final Set<Route> unconsumedHere = new HashSet<>();
    /** When messages of a route no session here consumes were last committed here, for the last {@link #QUIET_MS}. */
    private final Map<Route, Long> committedAt = new HashMap<>();
    private final AutoCloseable announcements;
    private int turn;

    /**
     * @param cluster      the sessions of every server sharing the store; this server's id is the owner of
     *                     its claims
     * @param tickInterval how often the dispatcher looks for timeouts, due scans and the lease sweep
     */
    public DirectDelivery(DeliveryStore store, SessionRegistry sessions, ClusterSessions cluster, RetrySchedule retries,
                          Duration ackTimeout, Duration tickInterval, Clock clock, DeliveryCounters counters) {
        this.counters = counters;
        this.store = store;
        this.sessions = sessions;
        this.cluster = cluster;
        this.retries = retries;
        this.ackTimeoutMs = ackTimeout.toMillis();
        this.clock = clock;
        this.claims = new Claims(store, cluster.serverId(), ackTimeoutMs);
        this.results = new Results(inFlight);
        this.sweep = new LeaseSweep(store, retries);
        this.scanner = new RouteScans(store, routes, scans, cluster.serverId(), ackTimeoutMs);
        loop.every(Math.max(10, tickInterval.toMillis()), this::tick);
        this.announcements = store.listenForDue(cluster.serverId(),
                due -> post(() -> announced(new Route(due.target(), due.method()))));
    }

    @Override
    public void dispatch(List<DueMessage> ready) {
        post(() -> {
            Set<Route> offered = new HashSet<>();
            for (DueMessage message : ready) {
                Route route = Route.of(message);
                if (routes.hasConsumers(route)) {
                    if (!queues.offer(message)) {
                        scans.want(route);
                    }
                    offered.add(route);
                } else {
                    announceSoon(route);
                }
            }
            offered.forEach(this::pump);
        });
    }

    @Override
    public void sessionOpened(ClientSession session) {
        sessions.add(session);
        post(() -> routes.add(session).forEach(route -> {
            scans.want(route);
            pump(route);
        }));
    }

    /** Its in-flight messages are redelivered at once (or DEAD when out of attempts). */
    @Override
    public void sessionClosed(ClientSession session, String reason) {
        session.markClosed();
        sessions.remove(session);
        post(() -> {
            List<Route> orphaned = routes.remove(session);
            List<InFlight> lost = inFlight.of(session);
            lost.forEach(delivery -> loseDelivery(delivery, "session closed: " + reason));
            orphaned.forEach(queues::drop);
            if (!lost.isEmpty()) {
                log.info("session lost deliveries session={} service={} messages={}", session.sessionId(),
                        session.service(), lost.size());
            }
            Routes.routesOf(session).forEach(this::pump);
        });
    }

    @Override
    public void sessionWritable(ClientSession session) {
        post(() -> pumpFreed(session));
    }

    /** A refused result is logged and counted, nothing else. */
    @Override
    public void onResult(ClientSession session, ConsumerResult result) {
        post(() -> settle(Results.Reporter.of(session), result));
    }

    /** The reporting session may be one of this server, or of another live server sharing the database. */
    @Override
    public CompletableFuture<Void> onReport(ConsumerResult result) {
        Results.Reporter reporter;
        try {
            Results.requireReport(result);
            reporter = reporter(result.sessionId()).orElse(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            CompletableFuture<Void> settled = reporter != null ? settle(reporter, result)
                    : refused(Results.Refusal.unknownSession(result));
            settled.whenComplete((ignored, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            });
        });
        return done;
    }

    @Override
    public int inFlightCount() {
        return inFlight.size();
    }

    @Override
    public void close() {
        try {
            announcements.close();
        } catch (Exception e) {
            log.debug("due announcements not stopped error={}", e.toString());
        }
        loop.close();
    }

    /** The open session {@code sessionId} of this server or, looked up in the store, of another live server. */
    private Optional<Results.Reporter> reporter(String sessionId) {
        Optional<ClientSession> local = sessions.byId(sessionId);
        if (local.isPresent()) {
            return local.map(Results.Reporter::of);
        }
        Optional<ClusterSession> remote = cluster.live(sessionId);
        return remote.filter(session -> !session.serverId().equals(cluster.serverId())).map(Results.Reporter::remote);
    }

    private CompletableFuture<Void> settle(Results.Reporter reporter, ConsumerResult result) {
        Results.Verdict verdict = results.judge(reporter, result);
        if (verdict instanceof Results.Refusal refusal) {
            return refused(refusal);
        }
        long now = clock.millis();
        if (verdict instanceof Results.LateSuccess late) {
            return lateSuccess(late, now);
        }
        InFlight delivery = ((Results.Current) verdict).delivery();
        ClientSession session = delivery.session();
        finish(delivery);
        DeliveryOutcome outcome = result.success()
                ? new DeliveryOutcome.Consumed(session.service(), session.instanceId())
                : retries.afterFailure(delivery.attempt(), delivery.message().attemptBase(), Results.errorText(result), now);
        CompletableFuture<OutcomeResult> write = recordOutcome(delivery, outcome, now);
        pumpFreed(session);
        return write.thenApply(ignored -> null);
    }

    private CompletableFuture<Void> lateSuccess(Results.LateSuccess late, long now) {
        return counted(store.recordOutcome(late.key(), late.attempt(), late.consumed(), now), late.consumed())
                .thenApply(result -> {
                    if (!result.applied()) {
                        throw refusal(Results.Refusal.notCurrent(late));
                    }
                    return null;
                });
    }

    private CompletableFuture<Void> refused(Results.Refusal refusal) {
        return CompletableFuture.failedFuture(refusal(refusal));
    }

    private FailedPreconditionException refusal(Results.Refusal refusal) {
        counters.resultRefused(refusal.reason());
        log.info("result refused reason={} group={} message={} attempt={} session={}", refusal.reason(),
                refusal.key().groupId(), refusal.key().messageId(), refusal.attempt(), refusal.sessionId());
        return new FailedPreconditionException(refusal.field(), refusal.message());
    }

    private void tick() {
        long now = clock.millis();
        if (!committedAt.isEmpty()) {
            committedAt.values().removeIf(at -> now - at >= QUIET_MS);
        }
        for (InFlight delivery : inFlight.expired(now)) {
            timeOut(delivery, now);
        }
        scanner.start(now, this::post, this::scanned);
        sweep.maybeStart(now, this::post, this::leasesExpired);
    }

    private void timeOut(InFlight delivery, long now) {
        finish(delivery);
        MessageKey key = delivery.message().key();
        String error = "no result within ack timeout " + ackTimeoutMs + "ms from " + delivery.session();
        recordOutcome(delivery, retries.afterFailure(delivery.attempt(), delivery.message().attemptBase(), error, now),
                now);
        log.warn("delivery timed out group={} message={} attempt={}", key.groupId(), key.messageId(), delivery.attempt());
        pumpFreed(delivery.session());
    }

    private void leasesExpired(List<LeaseSweep.Expired> expired) {
        for (LeaseSweep.Expired lease : expired) {
            InFlight delivery = inFlight.get(lease.key());
            if (delivery != null && delivery.attempt() == lease.attempt()) {
                finish(delivery);
                pumpFreed(delivery.session());
            }
            lease.retryAt().ifPresent(at -> scans.retryAt(new Route(lease.target(), lease.method()), at));
            counters.outcomeApplied(lease.outcome(), new OutcomeResult(true, false));
        }
    }

    /**
     * A claiming scan came back: the i-th message claimed goes to the i-th place's session, places left
     * over are freed, and a message whose session went away meanwhile is given back.
     */
    private void scanned(RouteScans.Scan scan) {
        long now = clock.millis();
        List<DueMessage> claimed = scan.claimed();
        Set<ClientSession> freed = new HashSet<>();
        for (int i = 0; i < scan.places().size(); i++) {
            ClientSession session = scan.places().get(i);
            if (i < claimed.size()) {
                DueMessage message = claimed.get(i);
                send(new InFlight(message, session, message.attempts() + 1, scan.leaseUntil()));
            } else {
                session.addInFlight(-1);
                freed.add(session);
            }
        }
        if (scan.error() != null) {
            scans.failed(scan.route(), now);
        } else {
            scans.finished(scan.route(), now, claimed.size(), scan.places().size());
        }
        freed.forEach(this::pumpFreed);
    }

    /**
     * A place freed up in {@code session}: every route it consumes may use it, starting each time from
     * the next one, so that no method's backlog holds up another's; a route whose last scan filled every
     * place it had is claimed again now.
     */
    private void pumpFreed(ClientSession session) {
        List<Route> consumed = routes.of(session);
        int start = Math.floorMod(turn++, Math.max(1, consumed.size()));
        for (int i = 0; i < consumed.size(); i++) {
            Route route = consumed.get((start + i) % consumed.size());
            pump(route);
            if (scans.wantsMoreOnceRoomFrees(route) && session.freePlaces() > 0) {
                scanner.start(route, clock.millis(), this::post, this::scanned);
            }
        }
    }

    private void pump(Route route) {
        while (!queues.isEmpty(route)) {
            ClientSession session = routes.leastLoaded(route);
            if (session == null) {
                return;
            }
            DueMessage message = queues.poll(route);
            session.addInFlight(1);
            if (claims.add(message, session)) {
                loop.post(this::flushClaims);
            }
        }
    }

    /**
     * {@code route}, which no session here consumes, had messages committed here: the other servers are
     * told when none of its messages was committed here in the last {@value #QUIET_MS} ms. The word is for
     * the first messages after a quiet spell, which would wait up to the idle scan cadence (500 ms); while
     * messages keep coming, the scans of a route that finds work run every 20 ms, and a word for every
     * burst of commits (a statement of the writer, a scan of each listener) cost a cluster of three
     * PostgreSQL servers 10–15 % of its groups/s.
     */
    private void announceSoon(Route route) {
        long now = clock.millis();
        Long last = committedAt.put(route, now);
        if (last != null && now - last < QUIET_MS) {
            return;
        }
        if (unconsumedHere.add(route) && unconsumedHere.size() == 1) {
            loop.post(this::announceUnconsumed);
        }
    }

    /**
     * Tells the other servers sharing the database of the routes committed here that no session here
     * consumes, in one write for the commits of a burst (scheduled as {@link #flushClaims} is).
     */
    private void announceUnconsumed() {
        List<DueRoute> due = unconsumedHere.stream()
                .map(route -> new DueRoute(route.target(), route.method())).toList();
        unconsumedHere.clear();
        store.announceDue(due, cluster.serverId()).whenComplete((ignored, error) -> {
            if (error != null) {
                log.debug("due routes not announced routes={} error={}", due.size(), error.toString());
            }
        });
    }

    /** Another server announced {@code route}'s messages due: claimed now if a session here consumes it. */
    private void announced(Route route) {
        if (routes.hasConsumers(route)) {
            scans.want(route);
            scanner.start(clock.millis(), this::post, this::scanned);
        }
    }

    /**
     * Stores the claims made since the last flush in one write. Scheduled behind the events already
     * posted when the first of them was made, so the claims of a burst of events share one write.
     */
    private void flushClaims() {
        claims.flush(clock.millis(), (batch, applied, error) -> post(() -> claimed(batch, applied, error)));
    }

    private void claimed(List<Claims.Pending> batch, List<Boolean> applied, Throwable error) {
        if (error != null) {
            log.warn("deliveries not claimed: the store failed messages={} error={}", batch.size(), error.toString());
        }
        Set<ClientSession> freed = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Claims.Pending claim = batch.get(i);
            if (error != null || !applied.get(i)) {
                unclaimed(claim, error != null);
                freed.add(claim.session());
            } else {
                send(new InFlight(claim.message(), claim.session(), claim.attempt(), claim.leaseUntil()));
            }
        }
        freed.forEach(this::pumpFreed);
    }

    private void unclaimed(Claims.Pending claim, boolean storeFailed) {
        claim.session().addInFlight(-1);
        queues.release(claim.message().key());
        if (storeFailed) {
            scans.want(claim.route());
        }
    }

    /** Sends a claimed delivery; one its session can no longer take was never sent, and is given back. */
    private void send(InFlight delivery) {
        if (delivery.session().deliver(delivery.message(), delivery.attempt())) {
            inFlight.add(delivery);
            return;
        }
        delivery.session().addInFlight(-1);
        claims.release(delivery.message(), delivery.session(), delivery.attempt(), delivery.deadline(), clock.millis());
        if (routes.hasConsumers(delivery.route())) {
            queues.requeueFront(delivery.message());
            pump(delivery.route());
        } else {
            queues.release(delivery.message().key());
        }
    }

    private void loseDelivery(InFlight delivery, String error) {
        inFlight.finish(delivery);
        DeliveryOutcome outcome = retries.afterLostSession(delivery.attempt(), delivery.message().attemptBase(), error);
        recordOutcome(delivery, outcome, clock.millis());
        if (outcome instanceof DeliveryOutcome.Requeued && routes.hasConsumers(delivery.route())) {
            queues.requeueFront(delivery.delivered());
        } else {
            queues.release(delivery.message().key());
        }
    }

    private void finish(InFlight delivery) {
        inFlight.finish(delivery);
        queues.release(delivery.message().key());
    }

    private CompletableFuture<OutcomeResult> recordOutcome(InFlight delivery, DeliveryOutcome outcome, long now) {
        MessageKey key = delivery.message().key();
        CompletableFuture<OutcomeResult> write = counted(store.recordOutcome(key, delivery.attempt(), outcome, now),
                outcome);
        write.whenComplete((ignored, error) -> {
            if (error != null) {
                log.error("delivery state not stored group={} message={} attempt={} error={}", key.groupId(),
                        key.messageId(), delivery.attempt(), error.toString());
            }
        });
        if (outcome instanceof DeliveryOutcome.Failed failed) {
            scans.retryAt(delivery.route(), failed.nextAttemptAt());
        }
        return write;
    }

    private CompletableFuture<OutcomeResult> counted(CompletableFuture<OutcomeResult> write, DeliveryOutcome outcome) {
        write.thenAccept(result -> counters.outcomeApplied(outcome, result));
        return write;
    }

    /** Runs {@code event} on the dispatcher thread. */
    private void post(Runnable event) {
        loop.post(event);
    }
}
