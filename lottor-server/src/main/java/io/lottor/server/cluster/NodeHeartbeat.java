package io.lottor.server.cluster;

import io.lottor.server.store.ServerNode;
import io.lottor.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this server listed in the store's {@code lottor_node} table: registers it on {@link #start},
 * refreshes its {@code last_seen_at} every interval, drops nodes silent for {@link #STALE_AFTER} (crashed
 * servers), and removes this node on {@link #close}. Errors are logged and retried at the next beat.
 */
public final class NodeHeartbeat implements AutoCloseable {
    /** Nodes not seen for this long are dropped from the list. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final Store store;
    private final ServerNode self;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lottor-node-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public NodeHeartbeat(Store store, ServerNode self, Clock clock) {
        this.store = store;
        this.self = self;
        this.clock = clock;
    }

    /** Registers this node (waiting until stored), then beats every {@code interval}. */
    public void start(Duration interval) {
        store.upsertNode(self.seenAt(clock.millis())).join();
        long every = Math.max(10, interval.toMillis());
        timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
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

    private void beat() {
        long now = clock.millis();
        store.upsertNode(self.seenAt(now))
                .thenCompose(ignored -> store.removeNodesNotSeenSince(now - STALE_AFTER.toMillis()))
                .whenComplete((removed, error) -> {
                    if (error != null) {
                        log.warn("node heartbeat failed server_id={} error={}", self.serverId(), error.toString());
                    } else if (removed > 0) {
                        log.info("silent nodes dropped nodes={}", removed);
                    }
                });
    }
}
