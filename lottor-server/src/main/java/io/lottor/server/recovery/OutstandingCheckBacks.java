package io.lottor.server.recovery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The check-backs this server asked and no one answered yet, by group id, each with the group's source
 * service. An answer counts only if it claims an outstanding check-back of its group from a session of
 * that source; the claim takes it, so one check-back is answered at most once. A check-back asked again
 * replaces the earlier one; unanswered ones are forgotten after a while. Thread-safe.
 */
final class OutstandingCheckBacks {
    private final Map<String, Asked> asked = new ConcurrentHashMap<>();

    /** What a reply for a group gets. */
    enum Claim {
        /** The reply answers an outstanding check-back of the group, from its source: it counts. */
        ACCEPTED,
        /** No check-back of the group is outstanding on this server. */
        NOT_ASKED,
        /** The reply comes from a session of another service than the group's source. */
        OTHER_SERVICE
    }

    private record Asked(String source, long at) {
    }

    /** A check-back of {@code groupId} (whose source is {@code source}) is about to be sent. */
    void asking(String groupId, String source, long now) {
        asked.put(groupId, new Asked(source, now));
    }

    /** The check-back of {@code groupId} asked at {@code now} could not be sent: nothing is outstanding. */
    void notSent(String groupId, String source, long now) {
        asked.remove(groupId, new Asked(source, now));
    }

    /** Claims the outstanding check-back of {@code groupId} for a reply from a session of {@code service}. */
    Claim claim(String groupId, String service) {
        Asked outstanding = asked.get(groupId);
        if (outstanding == null) {
            return Claim.NOT_ASKED;
        }
        if (!outstanding.source().equals(service)) {
            return Claim.OTHER_SERVICE;
        }
        return asked.remove(groupId, outstanding) ? Claim.ACCEPTED : Claim.NOT_ASKED;
    }

    /** Forgets check-backs asked before {@code before}: their answers no longer count. */
    void expire(long before) {
        asked.values().removeIf(outstanding -> outstanding.at() < before);
    }
}
