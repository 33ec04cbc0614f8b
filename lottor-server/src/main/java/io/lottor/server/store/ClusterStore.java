package io.lottor.server.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster's side of the store: the servers sharing it (nodes and their heartbeats) and the client
 * sessions each holds, which every server reads. See {@link Store} for what every write promises.
 */
public interface ClusterStore {
    /**
     * Registers {@code node} or, when a node with its server id exists, replaces it (a heartbeat is an
     * upsert with a new {@code lastSeenAt}).
     */
    CompletableFuture<Void> upsertNode(ServerNode node);

    /** Removes every node whose last heartbeat is before {@code before}. Answers how many. */
    CompletableFuture<Integer> removeNodesNotSeenSince(long before);

    /**
     * Removes the node {@code serverId} and its sessions, if registered (a server leaving cleanly). Answers
     * whether it was.
     */
    CompletableFuture<Boolean> removeNode(String serverId);

    /** Every registered node, by {@code started_at}. */
    List<ServerNode> nodes();

    /** Stores a session that just opened, seen at {@code now} (a session already stored is left as it is). */
    CompletableFuture<Void> openSession(ClusterSession session, long now);

    /** Deletes the session {@code sessionId}, if stored. Answers whether it was. */
    CompletableFuture<Boolean> closeSession(String sessionId);

    /**
     * A server's heartbeat for its sessions: stores each of {@code sessions} as it is now (in flight, last
     * heartbeat), seen at {@code now}, inserting those that are missing, and deletes the sessions of
     * {@code serverId} last seen before {@code now}: those that ended while the refresh was on its way. A
     * session opened after {@code sessions} was taken must have been stored seen at {@code now} or later.
     */
    CompletableFuture<Void> refreshSessions(String serverId, List<ClusterSession> sessions, long now);

    /**
     * Deletes the sessions of every server whose node heartbeat is before {@code nodesSeenSince} or that is
     * no longer registered: their server is dead. Answers how many.
     */
    CompletableFuture<Integer> removeSessionsOfDeadNodes(long nodesSeenSince);

    /**
     * The sessions of every server whose node heartbeat is at or after {@code nodesSeenSince}, by service,
     * then instance.
     */
    List<ClusterSession> liveSessions(long nodesSeenSince);

    /** The session {@code sessionId}, if stored and its server's node heartbeat is at or after {@code nodesSeenSince}. */
    Optional<ClusterSession> liveSession(String sessionId, long nodesSeenSince);
}
