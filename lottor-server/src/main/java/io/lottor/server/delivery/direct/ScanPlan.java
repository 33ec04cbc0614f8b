package io.lottor.server.delivery.direct;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides which routes the dispatcher should look up in the store, and when: a route is scanned when
 * asked for (a session opened, a queue overflowed, a scan came back full, a claim could not be
 * stored), when a retry it scheduled falls due, and every {@code safetyEveryMs} as a safety net. One
 * scan per route at a time; a route whose queue is well filled is not scanned (it stays wanted). Not
 * thread-safe: owned by the dispatcher thread.
 */
final class ScanPlan {
    private final long safetyEveryMs;
    private final Set<Route> wanted = new HashSet<>();
    private final Set<Route> running = new HashSet<>();
    private final Map<Route, Long> retryDueAt = new HashMap<>();
    private long nextSafetyScanAt;

    ScanPlan(long safetyEveryMs) {
        this.safetyEveryMs = safetyEveryMs;
    }

    void want(Route route) {
        wanted.add(route);
    }

    void retryAt(Route route, long dueAt) {
        retryDueAt.merge(route, dueAt, Math::min);
    }

    /**
     * The routes to scan now, marked running: those wanted or due, among {@code liveRoutes} (others are
     * forgotten: no session would take what they find), for which {@code roomFor} holds.
     */
    List<Route> start(long now, Collection<Route> liveRoutes, Predicate<Route> roomFor) {
        retryDueAt.entrySet().removeIf(due -> {
            boolean isDue = due.getValue() <= now;
            if (isDue) {
                wanted.add(due.getKey());
            }
            return isDue;
        });
        if (now >= nextSafetyScanAt) {
            nextSafetyScanAt = now + safetyEveryMs;
            wanted.addAll(liveRoutes);
        }
        wanted.retainAll(liveRoutes);
        List<Route> starting = new ArrayList<>();
        for (Route route : List.copyOf(wanted)) {
            if (!running.contains(route) && roomFor.test(route)) {
                wanted.remove(route);
                running.add(route);
                starting.add(route);
            }
        }
        return starting;
    }

    void finished(Route route) {
        running.remove(route);
    }
}
