package io.lottor.server.delivery.direct;

import io.lottor.server.group.MessageKey;
import io.lottor.server.store.DueMessage;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The dispatcher's in-memory view of due messages: a FIFO per target service and method, the set of
 * messages it holds (queued or in flight, so a store scan never hands one over twice), and bounds on
 * what it keeps per target. Not thread-safe: owned by the dispatcher thread.
 */
final class ReadyQueues {
    private final int maxMessagesPerTarget;
    private final long maxBytesPerTarget;
    private final Map<String, Map<String, ArrayDeque<DueMessage>>> byTarget = new HashMap<>();
    private final Map<String, long[]> sizeByTarget = new HashMap<>();
    private final Set<MessageKey> held = new HashSet<>();
    private final Set<MessageKey> releasedDuringScans = new HashSet<>();
    private int scansRunning;

    ReadyQueues(int maxMessagesPerTarget, long maxBytesPerTarget) {
        this.maxMessagesPerTarget = maxMessagesPerTarget;
        this.maxBytesPerTarget = maxBytesPerTarget;
    }

    /**
     * Queues a message at the back unless it is already held. Answers false if the target's queue is
     * full: the message stays in the store and a later scan finds it.
     */
    boolean offer(DueMessage message) {
        if (held.contains(message.key())) {
            return true;
        }
        long[] size = size(message.target());
        if (size[0] >= maxMessagesPerTarget || size[1] + message.payload().length > maxBytesPerTarget) {
            return false;
        }
        queue(message.target(), message.method()).addLast(message);
        held.add(message.key());
        grow(size, message, 1);
        return true;
    }

    /** Offers a message found by a scan started at a time when it may have been held already. */
    boolean offerScanned(DueMessage message) {
        return releasedDuringScans.contains(message.key()) || offer(message);
    }

    /** Puts a held message whose delivery was lost back at the front of its queue. */
    void requeueFront(DueMessage message) {
        queue(message.target(), message.method()).addFirst(message);
        held.add(message.key());
        grow(size(message.target()), message, 1);
    }

    /** Takes the next message of a route, still held (it goes in flight). */
    DueMessage poll(String target, String method) {
        ArrayDeque<DueMessage> queue = queue(target, method);
        DueMessage message = queue.pollFirst();
        if (message != null) {
            grow(size(target), message, -1);
        }
        return message;
    }

    boolean isEmpty(String target, String method) {
        return queue(target, method).isEmpty();
    }

    Set<String> methodsQueued(String target) {
        return byTarget.getOrDefault(target, Map.of()).keySet();
    }

    int queued(String target) {
        return (int) size(target)[0];
    }

    /** The dispatcher no longer holds the message (finished, failed until later, or dead). */
    void release(MessageKey key) {
        held.remove(key);
        if (scansRunning > 0) {
            releasedDuringScans.add(key);
        }
    }

    void scanStarted() {
        scansRunning++;
    }

    void scanFinished() {
        scansRunning--;
        if (scansRunning == 0) {
            releasedDuringScans.clear();
        }
    }

    private ArrayDeque<DueMessage> queue(String target, String method) {
        return byTarget.computeIfAbsent(target, t -> new HashMap<>()).computeIfAbsent(method, m -> new ArrayDeque<>());
    }

    private long[] size(String target) {
        return sizeByTarget.computeIfAbsent(target, t -> new long[2]);
    }

    private static void grow(long[] size, DueMessage message, int sign) {
        size[0] += sign;
        size[1] += (long) sign * message.payload().length;
    }
}
