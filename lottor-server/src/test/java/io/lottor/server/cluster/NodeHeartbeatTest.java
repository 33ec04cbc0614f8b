package io.lottor.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.server.store.ClusterSession;
import io.lottor.server.store.ServerNode;
import io.lottor.server.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeHeartbeatTest {
    private static final NodeLiveness LIVENESS = new NodeLiveness(Duration.ofMillis(20));

    @TempDir
    Path dataDir;

    private static ClusterSession session(String id, String serverId, long now) {
        return new ClusterSession(id, serverId, "auth", id + "-instance", Set.of("auth-role"), false, 8, 0,
                "127.0.0.1:5000", now, now);
    }

    @Test
    void registersBeatsDropsSilentNodesAndLeavesOnClose() {
        Clock clock = Clock.systemUTC();
        long now = clock.millis();
        try (JdbcStore store = JdbcStore.openSqlite(dataDir)) {
            ServerNode crashed = new ServerNode("crashed", "host-b", 1, 2, "dev", now - 600_000, now - 120_000);
            store.upsertNode(crashed).join();
            NodeHeartbeat heartbeat = new NodeHeartbeat(store, new ServerNode("self", "host-a", 0, 0, "dev",
                    now, now), clock, LIVENESS, List::of);

            heartbeat.start();
            heartbeat.listening(9888, 9666);
            assertThat(store.nodes()).filteredOn(node -> node.serverId().equals("self")).singleElement()
                    .satisfies(node -> assertThat(node.grpcPort()).isEqualTo(9888));
            await().atMost(Duration.ofSeconds(5)).until(() -> store.nodes().stream()
                    .noneMatch(node -> node.serverId().equals("crashed")));
            await().atMost(Duration.ofSeconds(5)).until(() -> store.nodes().get(0).lastSeenAt() > now);

            heartbeat.close();
            assertThat(store.nodes()).isEmpty();
        }
    }

    @Test
    void keepsItsSessionsStoredAndDeletesThoseOfDeadServers() {
        Clock clock = Clock.systemUTC();
        long now = clock.millis();
        try (JdbcStore store = JdbcStore.openSqlite(dataDir)) {
            store.upsertNode(new ServerNode("dead", "host-b", 1, 2, "dev", now - 60_000, now - 10_000)).join();
            store.openSession(session("of-dead", "dead", now - 10_000), now - 10_000).join();
            List<ClusterSession> open = new CopyOnWriteArrayList<>(List.of(session("mine", "self", now)));
            NodeHeartbeat heartbeat = new NodeHeartbeat(store, new ServerNode("self", "host-a", 1, 2, "dev", now, now),
                    clock, LIVENESS, () -> open);

            heartbeat.start();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(store.liveSessions(Long.MIN_VALUE))
                    .extracting(ClusterSession::sessionId).containsExactly("mine"));
            open.clear();
            await().atMost(Duration.ofSeconds(5)).until(() -> store.liveSessions(Long.MIN_VALUE).isEmpty());
            heartbeat.close();
        }
    }
}
