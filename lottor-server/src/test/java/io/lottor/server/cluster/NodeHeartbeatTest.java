package io.lottor.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.server.store.ServerNode;
import io.lottor.server.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeHeartbeatTest {
    @TempDir
    Path dataDir;

    @Test
    void registersBeatsDropsSilentNodesAndLeavesOnClose() {
        Clock clock = Clock.systemUTC();
        long now = clock.millis();
        try (JdbcStore store = JdbcStore.openSqlite(dataDir)) {
            ServerNode crashed = new ServerNode("crashed", "host-b", 1, 2, "dev", now - 600_000, now - 120_000);
            store.upsertNode(crashed).join();
            NodeHeartbeat heartbeat = new NodeHeartbeat(store, new ServerNode("self", "host-a", 9888, 9666, "dev",
                    now, now), clock);

            heartbeat.start(Duration.ofMillis(20));
            assertThat(store.nodes()).extracting(ServerNode::serverId).contains("self");
            await().atMost(Duration.ofSeconds(5)).until(() -> store.nodes().stream()
                    .noneMatch(node -> node.serverId().equals("crashed")));
            await().atMost(Duration.ofSeconds(5)).until(() -> store.nodes().get(0).lastSeenAt() > now);

            heartbeat.close();
            assertThat(store.nodes()).isEmpty();
        }
    }
}
