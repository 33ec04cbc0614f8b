package io.lottor.server.delivery.direct;

import io.lottor.server.model.MessageKey;
import io.lottor.server.store.DueMessage;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The messages this server handed itself (the commit fast path, an operator's retry, a delivery lost
 * with its session) waiting for a place in a session of their route: a FIFO per {@link Route}, bounded
 * in count and bytes per route (so one method's backlog never holds up another's), and the set of
 * messages held (queued, or being claimed), so a message is never queued twice. What does not fit
 * stays in the store, where the route's claiming scans find it. Messages claimed by a scan never wait
 * here: a scan claims only as many as there are free places. Not thread-safe: owned by the dispatcher
 * thread.
 */
final class ReadyQueues {
    private final int maxMessagesPerRoute;
    private final long maxBytesPerRoute;
    private final Map<Route, ArrayDeque<DueMessage>> queues = new HashMap<>();
    private final Map<Route, long[]> sizes = new HashMap<>();
    private final Set<MessageKey> held = new HashSet<>();

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

    /** Puts a message whose delivery was lost (or never sent) back at the front of its route. */
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
}
