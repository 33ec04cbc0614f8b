package io.lottor.server.delivery.broker;

import io.lottor.server.session.ClusterSessions;
import io.lottor.server.store.ClusterSession;
import io.lottor.server.store.DeliveryStore;
import io.lottor.server.store.DueRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How many due messages of which routes a broker delivery may claim now. A target's window is the sum of
 * the {@code max_in_flight} of its live sessions (on every server sharing the store, as RabbitMQ prefetch
 * and Kafka's paused partitions bound each consumer to it), less what is IN_FLIGHT for the target; it is
 * shared among the target's due routes in the order the store lists them, at most {@value #MAX_PER_CLAIM} a
 * claim. A route whose method no live session of its target handles takes nothing: it waits READY. The
 * reads may be stale (another server may claim at the same moment): the window is a bound on the broker's
 * backlog, not a correctness condition, which the guarded claims keep. Not thread-safe.
 */
final class ClaimPlan {
    static final int MAX_PER_CLAIM = 256;
    /** Routes read per plan: more than a deployment has, so that routes nobody consumes cannot crowd out the rest. */
    private static final int MAX_ROUTES = 1000;

    private final DeliveryStore store;
    private final ClusterSessions cluster;

    ClaimPlan(DeliveryStore store, ClusterSessions cluster) {
        this.store = store;
        this.cluster = cluster;
    }

    /** The claims to make now; empty when nothing is due or no consumer has room. */
    List<Take> plan(long now) {
        Map<String, List<ClusterSession>> consumers = cluster.live().stream()
                .collect(Collectors.groupingBy(ClusterSession::service));
        if (consumers.isEmpty()) {
            return List.of();
        }
        List<DueRoute> due = store.dueRoutes(now, MAX_ROUTES);
        if (due.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> inFlight = store.inFlightByTarget();
        Map<String, Integer> free = new HashMap<>();
        List<Take> takes = new ArrayList<>();
        for (DueRoute route : due) {
            List<ClusterSession> sessions = consumers.getOrDefault(route.target(), List.of());
            if (sessions.stream().noneMatch(session -> session.methods().contains(route.method()))) {
                continue;
            }
            int room = free.computeIfAbsent(route.target(), target -> window(sessions)
                    - inFlight.getOrDefault(target, 0));
            int places = Math.min(room, MAX_PER_CLAIM);
            if (places > 0) {
                takes.add(new Take(route, places));
                free.put(route.target(), room - places);
            }
        }
        return takes;
    }

    private static int window(List<ClusterSession> sessions) {
        return sessions.stream().mapToInt(ClusterSession::maxInFlight).sum();
    }

    /** Claim at most {@code places} due messages of {@code route}. */
    record Take(DueRoute route, int places) {
    }
}
