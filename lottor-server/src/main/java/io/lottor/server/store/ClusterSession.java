package io.lottor.server.store;

import java.util.Set;

/**
 * One client session as every server sharing the database sees it: the row a server writes when the
 * session opens, refreshes with its node heartbeat and deletes when the session ends. Times are epoch
 * milliseconds.
 *
 * @param serverId        the server (node) holding the session
 * @param inFlight        deliveries unanswered on it, as of its server's last heartbeat
 * @param lastHeartbeatAt the last frame its server received from the client, as of that heartbeat
 */
public record ClusterSession(String sessionId, String serverId, String service, String instanceId, Set<String> methods,
                             boolean answersCheckBack, int maxInFlight, int inFlight, String remoteAddress,
                             long connectedAt, long lastHeartbeatAt) {

    public ClusterSession {
        methods = Set.copyOf(methods);
    }
}
