package io.lottor.server.store;

import java.util.Set;

/**
 * Which due check-backs a server claims ({@link Store#claimDueCheckBacks(long, int, CheckBackDelay,
 * CheckBackScope)}): those it can ask, and those nobody can ask, whose postponement anyone may write.
 *
 * @param sources          services with a session on this server that answers check-backs: their groups
 *                         are this server's to ask
 * @param nodesSeenSince   a session counts as live when its server's node heartbeat is at or after this
 *                         time; groups whose source has no live session answering check-backs on any
 *                         server are claimed too (and postponed: no one can be asked)
 * @param unscoped         claim every due group whatever its source (one server owns the database)
 */
public record CheckBackScope(Set<String> sources, long nodesSeenSince, boolean unscoped) {

    public CheckBackScope {
        sources = Set.copyOf(sources);
    }

    /** Every due group, whatever its source. */
    public static CheckBackScope everySource() {
        return new CheckBackScope(Set.of(), Long.MIN_VALUE, true);
    }

    /** The groups of {@code sources}, those with a check-back URL, and those no live session can answer. */
    public static CheckBackScope of(Set<String> sources, long nodesSeenSince) {
        return new CheckBackScope(sources, nodesSeenSince, false);
    }
}
