package io.lottor.server.delivery.direct;

import io.lottor.server.session.ClientSession;
import io.lottor.server.store.DeliveryStore;
import io.lottor.server.store.DueClaim;
import io.lottor.server.store.DueMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims of a route's due messages from the store, when the {@link ScanPlan} says so: never a read that
 * something acts on later, always a claim ({@link DeliveryStore#claimDueMessages}) for the free places of this
 * server's sessions of the route. The places are reserved in their sessions' in-flight counts while the
 * claim runs, so what comes back already has a session, and nothing waits in memory. A session takes
 * places in proportion to its free capacity shared among its routes, at least one, so one method's
 * backlog never takes every place from another. Not thread-safe: driven by the dispatcher thread.
 */
final class RouteScans {
    private static final Logger log = LoggerFactory.getLogger(RouteScans.class);
    /** Most messages one claim takes, and most payload bytes. */
    private static final int MAX_PLACES = 500;
    private static final long MAX_BYTES = 16L << 20;

    private final DeliveryStore store;
    private final Routes routes;
    private final ScanPlan plan;
    private final String owner;
    private final long ackTimeoutMs;

    RouteScans(DeliveryStore store, Routes routes, ScanPlan plan, String owner, long ackTimeoutMs) {
        this.store = store;
        this.routes = routes;
        this.plan = plan;
        this.owner = owner;
        this.ackTimeoutMs = ackTimeoutMs;
    }

    /**
     * Starts the claims the plan has due at {@code now} for routes with free places; each, when its write
     * completes, is handed to {@code done} on the dispatcher thread through {@code post}.
     */
    void start(long now, Consumer<Runnable> post, Consumer<Scan> done) {
        for (Route route : plan.due(now, routes.live())) {
            start(route, now, post, done);
        }
    }

    /** Starts a claim of {@code route} if it has free places; answers whether it started. */
    boolean start(Route route, long now, Consumer<Runnable> post, Consumer<Scan> done) {
        List<ClientSession> places = reservePlaces(route);
        if (places.isEmpty()) {
            return false;
        }
        plan.started(route);
        Scan scan = new Scan(route, places, now + ackTimeoutMs);
        DueClaim claim = new DueClaim(route.target(), route.method(), owner,
                places.stream().map(ClientSession::instanceId).toList(), scan.leaseUntil(), MAX_BYTES);
        store.claimDueMessages(claim, now).whenComplete((claimed, error) -> post.accept(() -> {
            if (error != null) {
                log.warn("due messages not claimed target={} method={} error={}", route.target(), route.method(),
                        error.toString());
            }
            done.accept(scan.completed(claimed, error));
        }));
        return true;
    }

    /** One place per message the route's sessions can take now, each counted in its session's in flight. */
    private List<ClientSession> reservePlaces(Route route) {
        List<ClientSession> places = new ArrayList<>();
        for (ClientSession session : routes.consumersOf(route)) {
            int free = session.freePlaces();
            int share = Math.min(free, Math.max(1, free / Math.max(1, routes.of(session).size())));
            int taken = Math.min(share, MAX_PLACES - places.size());
            for (int i = 0; i < taken; i++) {
                places.add(session);
            }
            session.addInFlight(taken);
        }
        return places;
    }

    /**
     * A claim of {@code route} for {@code places} (one session per place), leased until {@code leaseUntil};
     * once completed, the messages claimed (the i-th for the i-th place) or the error.
     */
    record Scan(Route route, List<ClientSession> places, long leaseUntil, List<DueMessage> claimed, Throwable error) {
        Scan(Route route, List<ClientSession> places, long leaseUntil) {
            this(route, places, leaseUntil, List.of(), null);
        }

        Scan completed(List<DueMessage> messages, Throwable failure) {
            return new Scan(route, places, leaseUntil, messages == null ? List.of() : messages, failure);
        }
    }
}
