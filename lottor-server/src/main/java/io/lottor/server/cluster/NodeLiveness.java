package io.lottor.server.cluster;

import io.lottor.server.store.ServerNode;
import java.time.Duration;

/**
 * When a server sharing the database counts as alive: its node heartbeat (every {@code heartbeatInterval})
 * is at most {@value #MISSED_HEARTBEATS} intervals old. A dead server's sessions are ignored and deleted,
 * its node stays listed (as dead) for {@link #forgetAfter()}, and its in-flight work is taken back by the
 * next server that starts or, at the latest, when its leases end.
 */
public record NodeLiveness(Duration heartbeatInterval) {
    /** Heartbeats a server may miss before it counts as dead. */
    public static final int MISSED_HEARTBEATS = 3;
    private static final Duration FORGET_AFTER = Duration.ofMinutes(1);

    /** How long a server may stay silent and still count as alive. */
    public Duration deadAfter() {
        return heartbeatInterval.multipliedBy(MISSED_HEARTBEATS);
    }

    /** How long a dead server stays listed before its node row is removed. */
    public Duration forgetAfter() {
        return FORGET_AFTER.compareTo(deadAfter()) > 0 ? FORGET_AFTER : deadAfter();
    }

    /** The oldest heartbeat of a server still alive at {@code now}. */
    public long liveSince(long now) {
        return now - deadAfter().toMillis();
    }

    public boolean isAlive(ServerNode node, long now) {
        return node.lastSeenAt() >= liveSince(now);
    }
}
