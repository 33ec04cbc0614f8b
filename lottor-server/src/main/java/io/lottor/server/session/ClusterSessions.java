package io.lottor.server.session;

import io.lottor.server.cluster.NodeLiveness;
import io.lottor.server.store.ClusterSession;
import io.lottor.server.store.ClusterStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of every server sharing the store, as the store's session table has them: this server
 * writes a row for each of its sessions when it opens (before its Welcome) and deletes it when it ends;
 * its node heartbeat refreshes them ({@link #local()}). Reads see the sessions of live servers only
 * ({@link NodeLiveness}). On a store of one server (SQLite) these are this server's sessions. Thread-safe.
 */
public final class ClusterSessions {
    private static final Logger log = LoggerFactory.getLogger(ClusterSessions.class);

    private final ClusterStore store;
    private final String serverId;
    private final NodeLiveness liveness;
    private final Clock clock;
    private final Map<String, ClientSession> local = new ConcurrentHashMap<>();

    public ClusterSessions(ClusterStore store, String serverId, NodeLiveness liveness, Clock clock) {
        this.store = store;
        this.serverId = serverId;
        this.liveness = liveness;
        this.clock = clock;
    }

    /**
     * Stores {@code session}, which just said Hello on this server; completes once its row is durable, or
     * fails (UnavailableException) when the store cannot write it, and then the session is forgotten.
     */
    public CompletableFuture<Void> open(ClientSession session) {
        local.put(session.sessionId(), session);
        // seen after it was added: a heartbeat refresh that missed it cannot prune it (see ClusterStore#refreshSessions)
        return store.openSession(row(session), clock.millis()).whenComplete((ignored, error) -> {
            if (error != null) {
                local.remove(session.sessionId(), session);
            }
        });
    }

    /** {@code session} ended: its row is deleted (a failure is logged; a later heartbeat prunes the row). */
    public void close(ClientSession session) {
        if (local.remove(session.sessionId(), session)) {
            store.closeSession(session.sessionId()).whenComplete((ignored, error) -> {
                if (error != null) {
                    log.warn("session row not deleted session={} error={}", session.sessionId(), error.toString());
                }
            });
        }
    }

    /** The rows of this server's sessions as they are now, for its node heartbeat. */
    public List<ClusterSession> local() {
        return local.values().stream().map(this::row).toList();
    }

    /** The sessions of every live server, by service, then instance. */
    public List<ClusterSession> live() {
        return store.liveSessions(liveness.liveSince(clock.millis()));
    }

    /** The session {@code sessionId}, if it is open on a live server. */
    public Optional<ClusterSession> live(String sessionId) {
        return store.liveSession(sessionId, liveness.liveSince(clock.millis()));
    }

    /** This server's id, as its sessions' rows name it. */
    public String serverId() {
        return serverId;
    }

    private ClusterSession row(ClientSession session) {
        return new ClusterSession(session.sessionId(), serverId, session.service(), session.instanceId(),
                session.methods(), session.answersCheckBack(), session.maxInFlight(), Math.max(0, session.inFlight()),
                session.remoteAddress(), session.connectedAt(), session.lastSeenAt());
    }
}
