package io.lottor.server.cluster;

import io.lottor.server.store.ClusterSession;
import io.lottor.server.store.ClusterStore;
import io.lottor.server.store.ServerNode;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this server listed in the store's {@code lottor_node} table and its sessions in
 * {@code lottor_session}: registers it on {@link #start}, and every heartbeat interval refreshes its
 * {@code last_seen_at} and its sessions' rows, deletes the sessions of dead servers (silent for
 * {@link NodeLiveness#deadAfter()}) and the node rows of servers silent for
 * {@link NodeLiveness#forgetAfter()}; removes this node and its sessions on {@link #close}. Errors are
 * logged and retried at the next beat. Thread-safe.
 */
public final class NodeHeartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final ClusterStore store;
    private final Clock clock;
    private final NodeLiveness liveness;
    private final Supplier<List<ClusterSession>> sessions;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lottor-node-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ServerNode self;

    /**
     * @param sessions this server's sessions as they are at each call (their rows, refreshed every beat)
     */
    public NodeHeartbeat(ClusterStore store, ServerNode self, Clock clock, NodeLiveness liveness,
                         Supplier<List<ClusterSession>> sessions) {
        this.store = store;
        this.self = self;
        this.clock = clock;
        this.liveness = liveness;
        this.sessions = sessions;
    }

    /** Registers this node (waiting until stored), then beats every heartbeat interval. */
    public void start() {
        store.upsertNode(self.seenAt(clock.millis())).join();
        long every = Math.max(10, liveness.heartbeatInterval().toMillis());
        timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** The server listens on these ports now: they are registered at once (waiting until stored). */
    public void listening(int grpcPort, int httpPort) {
        ServerNode node = self;
        self = new ServerNode(node.serverId(), node.host(), grpcPort, httpPort, node.version(), node.startedAt(),
                node.lastSeenAt());
        store.upsertNode(self.seenAt(clock.millis())).join();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            store.removeNode(self.serverId()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("node not removed on shutdown server_id={} error={}", self.serverId(), e.toString());
        }
    }

    /** Submits the beat's writes at once (the store applies them in order) and logs what they did. */
    private void beat() {
        long now = clock.millis();
        ServerNode node = self.seenAt(now);
        // taken after now: a session opened later was stored seen at now or after, so the refresh keeps it
        List<ClusterSession> open = sessions.get();
        CompletableFuture<Void> upserted = store.upsertNode(node);
        CompletableFuture<Void> refreshed = store.refreshSessions(node.serverId(), open, now);
        CompletableFuture<Integer> sessionsRemoved = store.removeSessionsOfDeadNodes(liveness.liveSince(now));
        CompletableFuture<Integer> nodesRemoved = store.removeNodesNotSeenSince(now - liveness.forgetAfter().toMillis());
        CompletableFuture.allOf(upserted, refreshed, sessionsRemoved, nodesRemoved).whenComplete((ignored, error) -> {
            if (error != null) {
                log.warn("node heartbeat failed server_id={} error={}", node.serverId(), error.toString());
            } else {
                logRemoved(sessionsRemoved.join(), nodesRemoved.join());
            }
        });
    }

    private static void logRemoved(int sessions, int nodes) {
        if (sessions > 0) {
            log.info("sessions of dead servers removed sessions={}", sessions);
        }
        if (nodes > 0) {
            log.info("silent nodes dropped nodes={}", nodes);
        }
    }
}
