package io.lottor.tests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lottor.client.CheckBackState;
import io.lottor.client.LottorClient;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupState;
import io.lottor.tests.support.Effects;
import io.lottor.tests.support.AcknowledgedLoad;
import io.lottor.tests.support.Inspector;
import io.lottor.tests.support.RabbitVhost;
import io.lottor.tests.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server killed with kill -9 while producers commit groups delivered through RabbitMQ, then restarted
 * on the same data dir: every group a producer saw acknowledged is kept, and every committed message is
 * consumed, its effect applied once, whatever copies of earlier attempts the queue still held.
 */
class RabbitMqServerCrashTest {
    private static final int PRODUCERS = 3;
    private static final int GROUPS_PER_PRODUCER = 100;
    private static final int COMMITTED_BEFORE_CRASH = 40;
    private static final Duration LOAD_TIME_LIMIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final RabbitVhost rabbit = new RabbitVhost("server-crash");
    @TempDir
    Path dir;

    private final AcknowledgedLoad acknowledged = new AcknowledgedLoad("rabbitKeepsAcknowledgedGroupsWhenServerKilled", GROUPS_PER_PRODUCER);
    private final Set<String> prepared = acknowledged.prepared();
    private final Set<String> committed = acknowledged.committed();
    private final AtomicInteger failedCalls = acknowledged.failedCalls();

    @Test
    void keepsEveryAcknowledgedGroupAndAppliesEveryCommittedMessageOnceWhenServerIsKilledUnderLoad() throws Exception {
        Effects effects = Effects.open(dir.resolve("ledger.db"));
        ExecutorService load = Executors.newFixedThreadPool(PRODUCERS);
        try (ServerProcess server = ServerProcess.start("rabbitmq-server-crash", dir.resolve("server"),
                     "--delivery", "rabbitmq", "--rabbitmq-uri", rabbit.uri(),
                     "--check-after", "1s", "--retry-initial-backoff", "200ms", "--retry-max-backoff", "2s");
             Inspector inspector = new Inspector(server);
             LottorClient consumer = LottorClient.builder().target(server.target()).service("ledger")
                     .instanceId("ledger-1").build();
             LottorClient producer = LottorClient.builder().target(server.target()).service("orders")
                     .instanceId("orders-1").checkBackHandler(id -> CheckBackState.COMMITTED).build()) {
            consumer.subscribe("record-order", Map.class, effects.database().dataSource(),
                    (connection, payload, context) -> Effects.apply(connection, context.groupId(), context.messageId()));
            await().atMost(Duration.ofSeconds(30)).until(consumer::isConsumingFromBroker);
            List<Future<?>> producers = new ArrayList<>();
            long deadline = System.nanoTime() + LOAD_TIME_LIMIT.toNanos();
            for (int p = 0; p < PRODUCERS; p++) {
                int producerIndex = p;
                producers.add(load.submit(() -> acknowledged.produce(producer, producerIndex, deadline)));
            }

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> committed.size() >= COMMITTED_BEFORE_CRASH);
            server.kill9();
            int committedAtCrash = committed.size();
            server.restart();
            for (Future<?> running : producers) {
                running.get(LOAD_TIME_LIMIT.toSeconds() + 30, TimeUnit.SECONDS);
            }

            assertThat(committed.size()).as("groups committed after the restart (%d calls failed meanwhile)",
                    failedCalls.get()).isGreaterThan(committedAtCrash);
            assertThat(prepared).containsAll(committed);
            for (String groupId : prepared) {
                assertThat(inspector.group(groupId)).as("acknowledged-prepared group %s", groupId).isPresent();
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (String groupId : committed) {
                    assertThat(inspector.group(groupId).map(Group::getState)).as("group %s", groupId)
                            .isEqualTo(Optional.of(GroupState.COMPLETED));
                }
            });
        } finally {
            load.shutdownNow();
        }
        for (String groupId : committed) {
            assertThat(effects.of(groupId)).as("effects of %s", groupId).isEqualTo(1);
        }
        assertThat(effects.total()).as("no message applied twice").isEqualTo(effects.distinct());
    }
}
