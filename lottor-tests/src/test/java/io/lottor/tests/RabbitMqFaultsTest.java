package io.lottor.tests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lottor.client.CheckBackState;
import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.tests.support.ChildProcess;
import io.lottor.tests.support.ConsumerMain;
import io.lottor.tests.support.Effects;
import io.lottor.tests.support.RabbitVhost;
import io.lottor.tests.support.RunningServer;
import io.lottor.tests.support.TestDatabase;
import io.lottor.tests.support.UserRole;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Consumers and broker connections lost while messages go through RabbitMQ. */
class RabbitMqFaultsTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(45);

    @TempDir
    static Path dir;
    @RegisterExtension
    @Order(1)
    static final RabbitVhost rabbit = new RabbitVhost("faults");
    @RegisterExtension
    @Order(2)
    static final RunningServer server = new RunningServer("rabbitmq-faults",
            "--delivery", "rabbitmq", "--rabbitmq-uri", rabbit.uri(),
            "--retry-initial-backoff", "100ms", "--retry-max-backoff", "1s", "--heartbeat-interval", "500ms");

    @Test
    void redeliversToAnotherInstanceAndAppliesEffectOnceWhenConsumerIsKilledMidFlight() {
        String groupId = "rabbitRedeliversWhenConsumerKilledMidFlight";
        TestDatabase auth = TestDatabase.open(dir.resolve("auth.db"), TestDatabase.AUTH_SCHEMA);
        try (ChildProcess doomed = ChildProcess.start("rabbitmq-consumer-crash-1", ConsumerMain.class,
                server.target(), "auth-crash", "auth-crash-1", auth.file().toString(), "auth-role");
             LottorClient producer = producer("user-crash")) {
            doomed.awaitLine("READY", Duration.ofSeconds(60));
            TransactionGroup group = producer.begin(groupId);
            group.send("auth-crash", "auth-role", new UserRole("dave", "admin"));
            group.prepare();
            group.commit();
            doomed.awaitLine("HANDLING group=" + groupId, EVENTUALLY);

            try (LottorClient survivor = consumer("auth-crash", "auth-crash-2")) {
                survivor.subscribe("auth-role", UserRole.class, auth.dataSource(),
                        (connection, role, context) -> TestDatabase.insertUserRole(connection, role));
                await().atMost(EVENTUALLY).until(survivor::isConsumingFromBroker);
                doomed.kill9();

                await().atMost(EVENTUALLY).untilAsserted(() ->
                        assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
            }
        }
        GroupMessage message = server.inspector().firstMessage(groupId);
        assertThat(message.getState()).isEqualTo(MessageState.CONSUMED);
        assertThat(message.getConsumedBy()).isEqualTo("auth-crash-2");
        assertThat(message.getAttempts()).as("the broker's redelivery is the same attempt").isEqualTo(1);
        assertThat(auth.count("SELECT COUNT(*) FROM user_role WHERE user_id = 'dave'")).isEqualTo(1);
        assertThat(rabbit.messages("lottor.auth-crash")).contains(0L);
    }

    @Test
    void resumesDeliveryAndAppliesEachMessageOnceWhenTheBrokerClosesEveryConnection() {
        String prefix = "rabbitResumesAfterConnectionsClosed-";
        Effects effects = Effects.open(dir.resolve("ledger.db"));
        List<String> groups = new ArrayList<>();
        try (LottorClient consumer = consumer("ledger-drop", "ledger-drop-1");
             LottorClient producer = producer("orders-drop")) {
            consumer.subscribe("record-order", Map.class, effects.database().dataSource(),
                    (connection, payload, context) -> Effects.apply(connection, context.groupId(), context.messageId()));
            await().atMost(EVENTUALLY).until(consumer::isConsumingFromBroker);
            for (int i = 0; i < 10; i++) {
                groups.add(commit(producer, prefix + i));
            }
            await().atMost(EVENTUALLY).until(() -> rabbit.connections() >= 2);

            int closed = rabbit.closeConnections();
            for (int i = 10; i < 20; i++) {
                groups.add(commit(producer, prefix + i));
            }

            assertThat(closed).as("the server's publisher and the client's consumer").isGreaterThanOrEqualTo(2);
            await().atMost(EVENTUALLY).untilAsserted(() -> {
                for (String groupId : groups) {
                    assertThat(server.inspector().existingGroup(groupId).getState()).as(groupId)
                            .isEqualTo(GroupState.COMPLETED);
                }
            });
            await().atMost(EVENTUALLY).until(() -> rabbit.connections() >= 2);
        }
        for (String groupId : groups) {
            assertThat(effects.of(groupId)).as("effects of %s", groupId).isEqualTo(1);
        }
        assertThat(server.inspector().get("/health/ready").status()).isEqualTo(200);
    }

    private static String commit(LottorClient producer, String groupId) {
        TransactionGroup group = producer.begin(groupId);
        group.send("ledger-drop", "record-order", Map.of("order", groupId));
        group.prepare();
        group.commit();
        return groupId;
    }

    private static LottorClient consumer(String service, String instanceId) {
        return LottorClient.builder().target(server.target()).service(service).instanceId(instanceId).build();
    }

    private static LottorClient producer(String service) {
        return LottorClient.builder().target(server.target()).service(service).instanceId(service + "-1")
                .checkBackHandler(id -> CheckBackState.COMMITTED).build();
    }
}
