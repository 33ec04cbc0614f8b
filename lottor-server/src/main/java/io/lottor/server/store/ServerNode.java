package io.lottor.server.store;

/**
 * One Lottor server sharing the database, as it registered itself. Times are epoch milliseconds.
 *
 * @param serverId   random per server start
 * @param host       the host name (or bind address) the server runs on
 * @param lastSeenAt the server's last heartbeat
 */
public record ServerNode(String serverId, String host, int grpcPort, int httpPort, String version, long startedAt,
                         long lastSeenAt) {

    /** This node, seen again at {@code now}. */
    public ServerNode seenAt(long now) {
        return new ServerNode(serverId, host, grpcPort, httpPort, version, startedAt, now);
    }
}
