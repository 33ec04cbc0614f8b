package io.lottor.client.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * The offsets of one partition handed to handlers and not yet safe to commit. A Kafka commit says
 * "everything below this offset is done", so the committable offset only advances over the prefix of
 * handed-out records that were all acknowledged: with records 5, 6, 7 handed out and 7 and 5
 * acknowledged, it is 6 (5 is done, 6 still runs); once 6 is acknowledged it is 8. Offsets need not be
 * contiguous (compaction, transaction markers): only the handed-out ones count. Not thread-safe: owned by
 * the consumer's poll thread.
 */
final class AcknowledgedOffsets {
    private final TreeMap<Long, Boolean> outstanding = new TreeMap<>();
    private long committable = -1;
    private long committed = -1;

    /** Record {@code offset} was handed to a handler (offsets are handed out in increasing order). */
    void handedOut(long offset) {
        outstanding.put(offset, Boolean.FALSE);
    }

    /** Record {@code offset} was acknowledged; advances the committable offset over the acknowledged prefix. */
    void acknowledged(long offset) {
        if (outstanding.replace(offset, Boolean.TRUE) == null) {
            return;
        }
        while (!outstanding.isEmpty() && outstanding.firstEntry().getValue()) {
            Map.Entry<Long, Boolean> done = outstanding.pollFirstEntry();
            committable = done.getKey() + 1;
        }
    }

    /** The offset to commit now (the next record to consume after a restart), or -1 when nothing new is. */
    long toCommit() {
        return committable > committed ? committable : -1;
    }

    /** {@code offset} (from {@link #toCommit()}) was committed. */
    void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /** How many handed-out records are not yet acknowledged. */
    int unacknowledged() {
        return (int) outstanding.values().stream().filter(done -> !done).count();
    }
}
