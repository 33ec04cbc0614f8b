package io.lottor.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.server.ServerConfig;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectDeliveryTest {
    @TempDir
    Path dataDir;

    private ServerConfig config() {
        return TestServer.config(dataDir).withRetryInitialBackoff(Duration.ofMillis(50))
                .withRetryMaxBackoff(Duration.ofMillis(200)).withMaxAttempts(3).withAckTimeout(Duration.ofSeconds(30));
    }

    @Test
    void deliversCommittedMessageAndCompletesGroupOnSuccess() throws Exception {
        try (TestServer server = new TestServer(config());
             RawSession consumer = RawSession.open(server.channel(), "auth", "auth-1", 8, false, List.of("auth-role"))) {
            server.prepare("delivers-1", "user", "auth", "auth-role", 60_000);
            assertThat(consumer.nextDelivery(300)).as("nothing is delivered before commit").isNull();
            server.commit("delivers-1");

            Delivery delivery = consumer.nextDelivery(5000);
            assertThat(delivery.getGroupId()).isEqualTo("delivers-1");
            assertThat(delivery.getSource()).isEqualTo("user");
            assertThat(delivery.getAttempt()).isEqualTo(1);
            assertThat(delivery.getMessage().getPayload().toStringUtf8()).isEqualTo("{\"n\":1}");
            consumer.succeed(delivery);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(server.group("delivers-1").getState()).isEqualTo(GroupState.COMPLETED));
            assertThat(server.group("delivers-1").getMessages(0).getConsumedBy()).isEqualTo("auth-1");
        }
    }

    @Test
    void deliversOnlyToSessionsOfTheTargetThatListTheMethod() throws Exception {
        try (TestServer server = new TestServer(config());
             RawSession otherService = RawSession.open(server.channel(), "billing", "b-1", 8, false, List.of("auth-role"));
             RawSession otherMethod = RawSession.open(server.channel(), "auth", "a-1", 8, false, List.of("other"))) {
            server.prepare("routes-1", "user", "auth", "auth-role", 60_000);
            server.commit("routes-1");
            assertThat(otherService.nextDelivery(500)).isNull();
            assertThat(otherMethod.nextDelivery(100)).isNull();

            try (RawSession right = RawSession.open(server.channel(), "auth", "a-2", 8, false, List.of("auth-role"))) {
                Delivery delivery = right.nextDelivery(5000);
                assertThat(delivery.getGroupId()).isEqualTo("routes-1");
                right.succeed(delivery);
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(server.group("routes-1").getState()).isEqualTo(GroupState.COMPLETED));
            }
        }
    }

    @Test
    void neverExceedsMaxInFlightAndSpreadsOverLeastLoadedSessions() throws Exception {
        try (TestServer server = new TestServer(config());
             RawSession first = RawSession.open(server.channel(), "auth", "a-1", 2, false, List.of("auth-role"));
             RawSession second = RawSession.open(server.channel(), "auth", "a-2", 2, false, List.of("auth-role"))) {
            for (int i = 0; i < 6; i++) {
                server.prepare("in-flight-" + i, "user", "auth", "auth-role", 60_000);
                server.commit("in-flight-" + i);
            }
            List<Delivery> atFirst = drain(first, 2);
            List<Delivery> atSecond = drain(second, 2);
            assertThat(atFirst).hasSize(2);
            assertThat(atSecond).hasSize(2);
            assertThat(first.nextDelivery(300)).as("max_in_flight of 2 reached").isNull();

            first.succeed(atFirst.get(0));
            assertThat(first.nextDelivery(5000)).as("a freed slot takes the next message").isNotNull();
        }
    }

    @Test
    void retriesFailedDeliveryWithTheConsumerErrorThenMarksItDead() throws Exception {
        try (TestServer server = new TestServer(config());
             RawSession consumer = RawSession.open(server.channel(), "auth", "a-1", 8, false, List.of("auth-role"))) {
            server.prepare("dead-1", "user", "auth", "auth-role", 60_000);
            server.commit("dead-1");
            for (int attempt = 1; attempt <= 3; attempt++) {
                Delivery delivery = consumer.nextDelivery(5000);
                assertThat(delivery.getAttempt()).isEqualTo(attempt);
                consumer.fail(delivery, "Column 'user_id' cannot be null");
                if (attempt == 1) {
                    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                        var message = server.group("dead-1").getMessages(0);
                        assertThat(message.getState()).isIn(MessageState.FAILED, MessageState.IN_FLIGHT);
                        assertThat(message.getLastError()).contains("cannot be null");
                    });
                }
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                var message = server.group("dead-1").getMessages(0);
                assertThat(message.getState()).isEqualTo(MessageState.DEAD);
                assertThat(message.getAttempts()).isEqualTo(3);
                assertThat(message.getLastError()).contains("Column 'user_id' cannot be null");
            });
            assertThat(consumer.nextDelivery(500)).as("a dead message is not delivered again").isNull();
            assertThat(server.group("dead-1").getState()).isEqualTo(GroupState.COMMITTED);
        }
    }

    @Test
    void redeliversAtOnceToAnotherSessionWhenTheFirstCloses() throws Exception {
        try (TestServer server = new TestServer(config());
             RawSession survivor = RawSession.open(server.channel(), "auth", "a-2", 8, false, List.of("auth-role"))) {
            RawSession doomed = RawSession.open(server.channel(), "auth", "a-1", 8, false, List.of("auth-role"));
            // The survivor is busy with nothing, so make the doomed one the only candidate first.
            survivor.close();
            server.prepare("lost-1", "user", "auth", "auth-role", 60_000);
            server.commit("lost-1");
            assertThat(doomed.nextDelivery(5000).getAttempt()).isEqualTo(1);

            try (RawSession rescuer = RawSession.open(server.channel(), "auth", "a-3", 8, false, List.of("auth-role"))) {
                doomed.close();
                Delivery again = rescuer.nextDelivery(5000);
                assertThat(again.getGroupId()).isEqualTo("lost-1");
                assertThat(again.getAttempt()).isEqualTo(2);
                rescuer.succeed(again);
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(server.group("lost-1").getState()).isEqualTo(GroupState.COMPLETED));
            }
        }
    }

    @Test
    void retriesWhenNoResultArrivesWithinTheAckTimeout() throws Exception {
        try (TestServer server = new TestServer(config().withAckTimeout(Duration.ofMillis(300)));
             RawSession consumer = RawSession.open(server.channel(), "auth", "a-1", 8, false, List.of("auth-role"))) {
            server.prepare("timeout-1", "user", "auth", "auth-role", 60_000);
            server.commit("timeout-1");
            assertThat(consumer.nextDelivery(5000).getAttempt()).isEqualTo(1);
            Delivery retry = consumer.nextDelivery(5000);
            assertThat(retry.getAttempt()).isEqualTo(2);
            assertThat(server.group("timeout-1").getMessages(0).getLastError()).contains("ack timeout");
            consumer.succeed(retry);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(server.group("timeout-1").getState()).isEqualTo(GroupState.COMPLETED));
        }
    }

    @Test
    void redeliversMessagesThatWereInFlightWhenTheServerStopped() throws Exception {
        try (TestServer server = new TestServer(config());
             RawSession consumer = RawSession.open(server.channel(), "auth", "a-1", 8, false, List.of("auth-role"))) {
            server.prepare("restart-1", "user", "auth", "auth-role", 60_000);
            server.commit("restart-1");
            assertThat(consumer.nextDelivery(5000)).isNotNull();
        }
        try (TestServer server = new TestServer(config());
             RawSession consumer = RawSession.open(server.channel(), "auth", "a-1", 8, false, List.of("auth-role"))) {
            Delivery again = consumer.nextDelivery(5000);
            assertThat(again.getGroupId()).isEqualTo("restart-1");
            consumer.succeed(again);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(server.group("restart-1").getState()).isEqualTo(GroupState.COMPLETED));
        }
    }

    @Test
    void deliversEveryMessageOfManyGroupsExactlyOnceToHealthyConsumers() throws Exception {
        try (TestServer server = new TestServer(config());
             RawSession first = RawSession.open(server.channel(), "auth", "a-1", 16, false, List.of("auth-role"));
             RawSession second = RawSession.open(server.channel(), "auth", "a-2", 16, false, List.of("auth-role"))) {
            int groups = 300;
            for (int i = 0; i < groups; i++) {
                server.prepare("many-" + i, "user", "auth", "auth-role", 60_000);
                server.commit("many-" + i);
                if (i % 20 == 0) {
                    // the consumers are alive, only busy: on a loaded machine this loop outlasts three heartbeats
                    first.heartbeat();
                    second.heartbeat();
                }
            }
            Set<String> seen = new HashSet<>();
            List<String> duplicates = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.size() < groups && System.currentTimeMillis() < deadline) {
                for (RawSession session : List.of(first, second)) {
                    Delivery delivery = session.nextDelivery(20);
                    if (delivery != null) {
                        if (!seen.add(delivery.getGroupId())) {
                            duplicates.add(delivery.getGroupId());
                        }
                        session.succeed(delivery);
                    }
                }
            }
            assertThat(seen).hasSize(groups);
            assertThat(duplicates).isEmpty();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(server.group("many-" + (groups - 1)).getState()).isEqualTo(GroupState.COMPLETED));
        }
    }

    @Test
    void recordsAResultReportedOutsideTheSessionOnceItIsDurable() throws Exception {
        try (TestServer server = new TestServer(config());
             RawSession consumer = RawSession.open(server.channel(), "auth", "a-1", 8, false, List.of("auth-role"))) {
            server.prepare("reported-1", "user", "auth", "auth-role", 60_000);
            server.commit("reported-1");
            Delivery delivery = consumer.nextDelivery(5000);

            server.stub().reportConsumption(ConsumeResult.newBuilder().setGroupId("reported-1")
                    .setMessageId(delivery.getMessage().getMessageId()).setAttempt(delivery.getAttempt())
                    .setSuccess(true).setSessionId(consumer.sessionId()).build());

            var group = server.group("reported-1");
            assertThat(group.getState()).as("answered after the outcome is durable").isEqualTo(GroupState.COMPLETED);
            assertThat(group.getMessages(0).getConsumedBy()).isEqualTo("a-1");
        }
    }

    @Test
    void deliversAMessageWaitingForItsMethodOnceASessionConsumingItOpens() throws Exception {
        try (TestServer server = new TestServer(config());
             RawSession other = RawSession.open(server.channel(), "auth", "a-1", 8, false, List.of("other"))) {
            server.prepare("waits-1", "user", "auth", "auth-role", 60_000);
            server.commit("waits-1");
            assertThat(other.nextDelivery(300)).isNull();
            assertThat(server.group("waits-1").getMessages(0).getState()).isEqualTo(MessageState.READY);

            try (RawSession consumer = RawSession.open(server.channel(), "auth", "a-2", 8, false, List.of("auth-role"))) {
                Delivery delivery = consumer.nextDelivery(5000);
                assertThat(delivery.getGroupId()).isEqualTo("waits-1");
                consumer.succeed(delivery);
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(server.group("waits-1").getState()).isEqualTo(GroupState.COMPLETED));
            }
        }
    }

    @Test
    void takesTurnsBetweenTheMethodsOfOneSessionSoThatNoBacklogHoldsUpAnother() throws Exception {
        try (TestServer server = new TestServer(config());
             RawSession consumer = RawSession.open(server.channel(), "auth", "a-1", 1, false, List.of("grant", "audit"))) {
            for (int i = 0; i < 20; i++) {
                server.prepare("turns-audit-" + i, "user", "auth", "audit", 60_000);
                server.commit("turns-audit-" + i);
            }
            server.prepare("turns-grant", "user", "auth", "grant", 60_000);
            server.commit("turns-grant");

            List<String> order = new ArrayList<>();
            while (!order.contains("turns-grant") && order.size() < 21) {
                Delivery delivery = consumer.nextDelivery(5000);
                assertThat(delivery).as("delivery " + order.size()).isNotNull();
                order.add(delivery.getGroupId());
                consumer.succeed(delivery);
            }
            assertThat(order.indexOf("turns-grant")).as("grant's place among the deliveries " + order).isLessThan(4);
        }
    }

    private static List<Delivery> drain(RawSession session, int max) throws InterruptedException {
        List<Delivery> deliveries = new ArrayList<>();
        Delivery delivery;
        while (deliveries.size() < max && (delivery = session.nextDelivery(5000)) != null) {
            deliveries.add(delivery);
        }
        return deliveries;
    }
}
