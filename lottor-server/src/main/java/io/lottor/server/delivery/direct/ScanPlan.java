package io.lottor.server.delivery.direct;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides when the dispatcher claims a route's due messages from the store. Every route some session of
 * this server consumes is scanned on a cadence that adapts to what the scans find: every
 * {@value #BUSY_EVERY_MS} ms while they claim messages, doubling up to {@value #IDLE_EVERY_MS} ms while
 * they find none (messages committed through another server, retries another server scheduled, leases
 * another server's sweep expired are found this way). A route is also scanned at once when asked for (a
 * session opened, a queue overflowed, a claim could not be stored) and when a retry it scheduled falls
 * due; and, when its last scan filled every free place, again as soon as places free up. One scan per
 * route at a time. Not thread-safe: owned by the dispatcher thread.
 */
final class ScanPlan {
    static final long BUSY_EVERY_MS = 20;
    static final long IDLE_EVERY_MS = 500;

    private final Map<Route, Long> nextAt = new HashMap<>();
    private final Map<Route, Long> cadence = new HashMap<>();
    private final Set<Route> running = new HashSet<>();
    private final Set<Route> full = new HashSet<>();

    /** Scan {@code route} at the next opportunity. */
    void want(Route route) {
        nextAt.put(route, Long.MIN_VALUE);
    }

    /** A retry of {@code route} falls due at {@code dueAt}: scan it then at the latest. */
    void retryAt(Route route, long dueAt) {
        nextAt.merge(route, dueAt, Math::min);
    }

    /**
     * The routes among {@code liveRoutes} to scan at {@code now}: due and not running. Routes no longer live
     * are forgotten; a route seen for the first time is due at once.
     */
    List<Route> due(long now, Collection<Route> liveRoutes) {
        nextAt.keySet().retainAll(liveRoutes);
        cadence.keySet().retainAll(liveRoutes);
        full.retainAll(liveRoutes);
        List<Route> due = new ArrayList<>();
        for (Route route : liveRoutes) {
            if (!running.contains(route) && nextAt.computeIfAbsent(route, r -> now) <= now) {
                due.add(route);
            }
        }
        return due;
    }

    /** Whether {@code route}'s last scan filled every place it had, and no scan of it runs now. */
    boolean wantsMoreOnceRoomFrees(Route route) {
        return full.contains(route) && !running.contains(route);
    }

    /** A scan of {@code route} starts: its due time is used up (a want or retry while it runs sets a new one). */
    void started(Route route) {
        running.add(route);
        nextAt.put(route, Long.MAX_VALUE);
    }

    /** A scan of {@code route} claimed {@code claimed} messages for {@code places} places. */
    void finished(Route route, long now, int claimed, int places) {
        running.remove(route);
        if (claimed > 0 && claimed >= places) {
            full.add(route);
        } else {
            full.remove(route);
        }
        long every = claimed > 0 ? BUSY_EVERY_MS
                : Math.min(IDLE_EVERY_MS, 2 * cadence.getOrDefault(route, BUSY_EVERY_MS / 2));
        cadence.put(route, every);
        nextAt.merge(route, now + every, Math::min);
    }

    /** A scan of {@code route} failed (the store could not be written): try again after the idle cadence. */
    void failed(Route route, long now) {
        running.remove(route);
        full.remove(route);
        nextAt.merge(route, now + IDLE_EVERY_MS, Math::min);
    }
}
