package io.lottor.server.delivery.direct;

import io.lottor.server.group.MessageKey;
import io.lottor.server.store.DueMessage;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dispatcher's in-memory view of due messages: a FIFO per {@link Route}, bounded in count and bytes
 * per route (so one method's backlog never holds up another's), and the set of messages it holds
 * (queued, being claimed or in flight), so a message is never queued twice.
 *
 * <p>Store scans run off the dispatcher thread and may find a message that the dispatcher delivered and
 * released (finished) after the scan's snapshot was taken; offering that stale copy would deliver it
 * again. So every release and every scan start takes a number from one sequence: a scanned message is
 * skipped if it was released after its scan started, and queued otherwise. Releases are remembered only
 * while a scan that started before them runs, so the bookkeeping is bounded by the releases during the
 * longest running scan. (Claims are guarded by attempt in the store as well, so a stale offer can only
 * waste a claim, never deliver an attempt twice.) Not thread-safe: owned by the dispatcher thread.
 */
final class ReadyQueues {
    private final int maxMessagesPerRoute;
    private final long maxBytesPerRoute;
    private final Map<Route, ArrayDeque<DueMessage>> queues = new HashMap<>();
    private final Map<Route, long[]> sizes = new HashMap<>();
    private final Set<MessageKey> held = new HashSet<>();
    private final Map<MessageKey, Long> releasedAt = new HashMap<>();
    private final ArrayDeque<Released> releases = new ArrayDeque<>();
    private final TreeMap<Long, Integer> runningScans = new TreeMap<>();
    private long sequence;

    ReadyQueues(int maxMessagesPerRoute, long maxBytesPerRoute) {
        this.maxMessagesPerRoute = maxMessagesPerRoute;
        this.maxBytesPerRoute = maxBytesPerRoute;
    }

    /**
     * Queues a message at the back of its route unless it is already held. Answers false, holding
     * nothing, if the route's queue is full: the message stays in the store and a later scan finds it.
     */
    boolean offer(DueMessage message) {
        if (held.contains(message.key())) {
            return true;
        }
        Route route = Route.of(message);
        long[] size = size(route);
        if (size[0] >= maxMessagesPerRoute || (size[0] > 0 && size[1] + message.payload().length > maxBytesPerRoute)) {
            return false;
        }
        queue(route).addLast(message);
        held.add(message.key());
        grow(size, message, 1);
        return true;
    }

    /**
     * Offers a message found by the scan that {@link #scanStarted} numbered {@code scan}: skipped (true)
     * if it was released after that scan started, since the scan may have read it before it was finished.
     */
    boolean offerScanned(DueMessage message, long scan) {
        Long released = releasedAt.get(message.key());
        return released != null && released > scan || offer(message);
    }

    /** Puts a held message whose delivery was lost back at the front of its route. */
    void requeueFront(DueMessage message) {
        Route route = Route.of(message);
        queue(route).addFirst(message);
        held.add(message.key());
        grow(size(route), message, 1);
    }

    /** Takes the next message of a route, still held (it is claimed next), or null when none is queued. */
    DueMessage poll(Route route) {
        ArrayDeque<DueMessage> queue = queues.get(route);
        DueMessage message = queue == null ? null : queue.pollFirst();
        if (message != null) {
            grow(size(route), message, -1);
        }
        return message;
    }

    boolean isEmpty(Route route) {
        ArrayDeque<DueMessage> queue = queues.get(route);
        return queue == null || queue.isEmpty();
    }

    /** The routes with queued messages. */
    Set<Route> routesQueued() {
        return queues.keySet();
    }

    /** Whether the route's queue is less than half full (by count and bytes): worth a scan. */
    boolean wantsMore(Route route) {
        long[] size = size(route);
        return size[0] < maxMessagesPerRoute / 2 && size[1] < maxBytesPerRoute / 2;
    }

    /** How many more messages the route's queue takes. */
    int freeCount(Route route) {
        return (int) Math.max(0, maxMessagesPerRoute - size(route)[0]);
    }

    /** How many more payload bytes the route's queue takes. */
    long freeBytes(Route route) {
        return Math.max(0, maxBytesPerRoute - size(route)[1]);
    }

    /** Forgets every queued message of {@code route} (no session consumes it any more); they stay in the store. */
    void drop(Route route) {
        ArrayDeque<DueMessage> queue = queues.remove(route);
        sizes.remove(route);
        if (queue != null) {
            queue.forEach(message -> release(message.key()));
        }
    }

    /** The dispatcher no longer holds the message (finished, failed until later, dead, or dropped). */
    void release(MessageKey key) {
        held.remove(key);
        if (!runningScans.isEmpty()) {
            long at = ++sequence;
            releasedAt.put(key, at);
            releases.addLast(new Released(key, at));
        }
    }

    /** A scan is about to read the store; answers its number, for {@link #offerScanned} and {@link #scanFinished}. */
    long scanStarted() {
        long scan = ++sequence;
        runningScans.merge(scan, 1, Integer::sum);
        return scan;
    }

    /**
     * Scan {@code scan} is done (call it after offering what it found); releases that no running scan
     * started before are forgotten.
     */
    void scanFinished(long scan) {
        runningScans.computeIfPresent(scan, (s, count) -> count == 1 ? null : count - 1);
        long oldestRunning = runningScans.isEmpty() ? Long.MAX_VALUE : runningScans.firstKey();
        while (!releases.isEmpty() && releases.peekFirst().at() < oldestRunning) {
            Released released = releases.pollFirst();
            releasedAt.remove(released.key(), released.at());
        }
    }

    /** Releases remembered for running scans (for tests of the bound). */
    int releasesRemembered() {
        return releasedAt.size();
    }

    private ArrayDeque<DueMessage> queue(Route route) {
        return queues.computeIfAbsent(route, r -> new ArrayDeque<>());
    }

    private long[] size(Route route) {
        return sizes.computeIfAbsent(route, r -> new long[2]);
    }

    private static void grow(long[] size, DueMessage message, int sign) {
        size[0] += sign;
        size[1] += (long) sign * message.payload().length;
    }

    /** A release and its number in the sequence. */
    private record Released(MessageKey key, long at) {
    }
}
