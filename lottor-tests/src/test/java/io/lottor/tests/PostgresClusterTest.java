package io.lottor.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.client.LottorClient;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.tests.support.Effects;
import io.lottor.tests.support.ServerDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Three server processes sharing one database on the machine's PostgreSQL. */
class PostgresClusterTest extends ClusterScenariosTest {
    @Override
    protected ServerDatabase.Kind kind() {
        return ServerDatabase.Kind.POSTGRES;
    }

    /**
     * The server that commits a message no session of its own consumes announces its route (NOTIFY), and the
     * server with the consumer claims it at once: without the word it would wait for that route's next scan,
     * every 500 ms on a quiet cluster (three messages in four would wait over 150 ms; with the word, ~35 ms).
     */
    @Test
    void onAQuietClusterAMessageCommittedThroughAServerWithoutItsConsumerIsConsumedAtOnce() throws Exception {
        Effects effects = Effects.open(dir.resolve("effects-quiet.db"));
        List<Long> waits = new ArrayList<>();
        try (LottorClient consumer = consumer("ledger-quiet", "ledger-quiet-1", cluster.server(2).target(), effects)) {
            for (int i = 0; i <= 5; i++) { // the first one warms the path up and is not counted
                // the route's scans have backed off to every 500 ms; a random phase against them
                TimeUnit.MILLISECONDS.sleep(1_200 + ThreadLocalRandom.current().nextInt(500));
                String groupId = "quiet-" + i;
                cluster.inspector(0).stub().prepare(prepareRequest(groupId, "orders-quiet", "ledger-quiet", 600_000));
                long committing = System.nanoTime();
                cluster.inspector(0).stub().commit(CommitRequest.newBuilder().setGroupId(groupId).build());
                await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                        .until(() -> effects.of(groupId) == 1);
                if (i > 0) {
                    waits.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committing));
                }
            }
        }
        assertThat(waits).as("ms from Commit through server A to the effect applied through server C")
                .allMatch(ms -> ms < 150);
    }
}
