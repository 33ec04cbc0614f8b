package io.lottor.tests;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.GroupState;
import io.lottor.tests.support.Inspector;
import io.lottor.tests.support.RawConsumer;
import io.lottor.tests.support.RawProducer;
import io.lottor.tests.support.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hundreds of one-MiB messages for a service one of whose sessions stopped reading (it still sends
 * heartbeats): every (message, attempt) is delivered exactly once, and the stalled session is never sent
 * more than its {@code max_in_flight}, however many of its deliveries time out.
 */
class DeliveryUnderBackpressureTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(120);
    private static final int MIB = 1 << 20;

    @RegisterExtension
    static final RunningServer server = new RunningServer("backpressure", "--ack-timeout", "1s",
            "--retry-initial-backoff", "100ms", "--retry-max-backoff", "500ms", "--max-attempts", "100");

    @Test
    void deliversEachAttemptOnceWhenASecondSessionJoinsBehindAStalledOne() throws Exception {
        String target = "auth-duplicates";
        try (RawProducer producer = new RawProducer(server.target(), "user-duplicates");
             RawConsumer stalled = RawConsumer.stalled(server.target(), target, "auth-stalled-1", 5, List.of("grant"))) {
            List<String> groups = producer.commitMany("deliversEachAttemptOnce", 200, target, "grant", MIB, 4);
            try (RawConsumer second = RawConsumer.reading(server.target(), target, "auth-second-1", 16,
                    List.of("grant"))) {
                consumeUntilCompleted(second, groups);

                assertThat(second.deliveriesPerAttempt()).as("deliveries per (message, attempt)")
                        .allSatisfy((attempt, count) -> assertThat(count).as(attempt).isEqualTo(1));
                assertThat(distinctGroups(second.deliveriesPerAttempt())).containsAll(groups);
            }
        }
    }

    @Test
    void sendsAStalledSessionNoMoreThanItsMaxInFlightWhileItsDeliveriesTimeOut() throws Exception {
        String target = "auth-flow-control";
        try (RawProducer producer = new RawProducer(server.target(), "user-flow-control");
             RawConsumer stalled = RawConsumer.stalled(server.target(), target, "auth-stalled-2", 4, List.of("grant"));
             RawConsumer slow = RawConsumer.reading(server.target(), target, "auth-slow-2", 1, List.of("grant"))) {
            List<String> groups = producer.commitMany("sendsStalledSessionNoMore", 120, target, "grant", MIB, 4);
            consumeUntilCompleted(slow, groups, Duration.ofMillis(25));

            assertThat(stalled.ended()).as("the stalled session is still open").isFalse();
            assertThat(deliveriesTo("auth-stalled-2", groups)).as("deliveries sent to the stalled session")
                    .isBetween(1, 4);
        }
    }

    /** Succeeds every delivery {@code consumer} gets until every group is COMPLETED. */
    private static void consumeUntilCompleted(RawConsumer consumer, List<String> groups) throws InterruptedException {
        consumeUntilCompleted(consumer, groups, Duration.ZERO);
    }

    /** As above, each handled in {@code work} (the consumer's simulated handler time). */
    private static void consumeUntilCompleted(RawConsumer consumer, List<String> groups, Duration work)
            throws InterruptedException {
        Inspector inspector = server.inspector();
        Set<String> pending = new HashSet<>(groups);
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Delivery delivery = consumer.nextDelivery(500);
            if (delivery != null) {
                Thread.sleep(work.toMillis());
                consumer.succeed(delivery);
            } else {
                pending.removeIf(id -> inspector.existingGroup(id).getState() == GroupState.COMPLETED);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(groups).allSatisfy(id ->
                assertThat(inspector.existingGroup(id).getState()).as(id).isEqualTo(GroupState.COMPLETED)));
    }

    private static Set<String> distinctGroups(Map<String, Integer> perAttempt) {
        Set<String> ids = new HashSet<>();
        perAttempt.keySet().forEach(key -> ids.add(key.substring(0, key.indexOf('/'))));
        return ids;
    }

    /** DELIVERED events to {@code instance} in the histories of {@code groups}, as the admin API shows them. */
    private static int deliveriesTo(String instance, List<String> groups) {
        Map<String, Integer> byGroup = new HashMap<>();
        for (String groupId : groups) {
            JsonNode history = server.inspector().get("/api/v1/groups/" + groupId).body().get("history");
            for (JsonNode event : history) {
                if (event.get("kind").asText().equals("DELIVERED")
                        && event.get("actor").asText().equals("consumer:" + instance)) {
                    byGroup.merge(groupId, 1, Integer::sum);
                }
            }
        }
        return byGroup.values().stream().mapToInt(Integer::intValue).sum();
    }
}
