package io.lottor.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lottor.protocol.v1.CheckBackReply;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.server.ServerConfig;
import io.lottor.server.StoreSettings;
import io.lottor.server.support.ApiClient;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.ServerDatabase;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-process servers sharing one PostgreSQL database (a fresh one per test): a server that starts never
 * takes back another live server's deliveries; sessions and nodes are listed cluster-wide; a consumer's
 * result may be reported through any server; messages committed through a server without their consumer
 * are delivered by the server that has it; check-backs go to the server that has the producer.
 */
class ServersSharingADatabaseTest {
    @TempDir
    Path dir;
    private ServerDatabase database;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        database = ServerDatabase.create(ServerDatabase.Kind.POSTGRES, "cluster");
    }

    @AfterEach
    void stopServersAndDropDatabase() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        database.close();
    }

    private TestServer server(String name) {
        return server(name, 3);
    }

    private TestServer server(String name, int maxAttempts) {
        ServerConfig config = TestServer.config(dir.resolve(name))
                .withStore(new StoreSettings(StoreSettings.Kind.POSTGRES, database.url(), database.user(), null))
                .withAckTimeout(Duration.ofSeconds(60)).withCheckAfter(Duration.ofSeconds(1))
                .withRetryInitialBackoff(Duration.ofMillis(100)).withRetryMaxBackoff(Duration.ofSeconds(60))
                .withMaxAttempts(maxAttempts);
        return opened(new TestServer(config));
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private RawSession consumer(TestServer server, String instance) throws InterruptedException {
        return opened(RawSession.open(server.channel(), "auth", instance, 8, false, List.of("auth-role")));
    }

    @Test
    void aServerThatStartsNeverTakesBackADeliveryInFlightOnAnotherLiveServer() throws Exception {
        TestServer first = server("first");
        RawSession consumer = consumer(first, "auth-1");
        first.prepare("startNeverTakesBackALiveServersDelivery", "user", "auth", "auth-role", 60_000);
        first.commit("startNeverTakesBackALiveServersDelivery");
        Delivery delivery = consumer.nextDelivery(10_000);
        assertThat(delivery.getAttempt()).isEqualTo(1);

        server("second");

        GroupMessage message = first.group("startNeverTakesBackALiveServersDelivery").getMessages(0);
        assertThat(message.getState()).isEqualTo(MessageState.IN_FLIGHT);
        assertThat(message.getAttempts()).isEqualTo(1);
        assertThat(consumer.nextDelivery(2_000)).as("no second attempt while the first is in flight").isNull();
        consumer.succeed(delivery);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                first.group("startNeverTakesBackALiveServersDelivery").getState()).isEqualTo(GroupState.COMPLETED));
    }

    @Test
    void sessionsOfEveryServerAreListedWithTheServerTheyAreOn() throws Exception {
        TestServer first = server("first");
        TestServer second = server("second");
        RawSession onFirst = consumer(first, "auth-on-first");
        RawSession onSecond = consumer(second, "auth-on-second");

        JsonNode sessions = new ApiClient(second).get("/api/v1/sessions").body().get("sessions");

        assertThat(sessions).hasSize(2);
        JsonNode remote = byField(sessions, "session_id", onFirst.sessionId());
        assertThat(remote.get("instance_id").asText()).isEqualTo("auth-on-first");
        assertThat(remote.get("server_id").asText()).isEqualTo(first.server().serverId());
        assertThat(remote.get("self").asBoolean()).isFalse();
        assertThat(remote.get("methods").get(0).asText()).isEqualTo("auth-role");
        JsonNode local = byField(sessions, "session_id", onSecond.sessionId());
        assertThat(local.get("server_id").asText()).isEqualTo(second.server().serverId());
        assertThat(local.get("self").asBoolean()).isTrue();

        onFirst.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(new ApiClient(second).get("/api/v1/sessions").body().get("sessions")).hasSize(1));
    }

    @Test
    void nodesAreListedAliveWithThisServerMarked() {
        TestServer first = server("first");
        TestServer second = server("second");

        JsonNode nodes = new ApiClient(first).get("/api/v1/nodes").body().get("nodes");

        assertThat(nodes).hasSize(2);
        JsonNode self = byField(nodes, "server_id", first.server().serverId());
        assertThat(self.get("self").asBoolean()).isTrue();
        assertThat(self.get("alive").asBoolean()).isTrue();
        JsonNode other = byField(nodes, "server_id", second.server().serverId());
        assertThat(other.get("self").asBoolean()).isFalse();
        assertThat(other.get("alive").asBoolean()).isTrue();
    }

    @Test
    void aResultReportedThroughAnotherServerCountsForTheSessionItWasDeliveredTo() throws Exception {
        TestServer first = server("first");
        TestServer second = server("second");
        RawSession consumer = consumer(first, "auth-1");
        first.prepare("resultReportedThroughAnotherServer", "user", "auth", "auth-role", 60_000);
        first.commit("resultReportedThroughAnotherServer");
        Delivery delivery = consumer.nextDelivery(10_000);

        second.stub().reportConsumption(ConsumeResult.newBuilder().setGroupId(delivery.getGroupId())
                .setMessageId(delivery.getMessage().getMessageId()).setAttempt(delivery.getAttempt()).setSuccess(true)
                .setSessionId(consumer.sessionId()).build());

        Group group = second.group("resultReportedThroughAnotherServer");
        assertThat(group.getState()).isEqualTo(GroupState.COMPLETED);
        assertThat(group.getMessages(0).getConsumedBy()).isEqualTo("auth-1");
    }

    @Test
    void aMessageCommittedThroughAServerWithoutItsConsumerIsDeliveredByTheServerThatHasOne() throws Exception {
        TestServer withConsumer = server("with-consumer");
        TestServer without = server("without");
        RawSession consumer = consumer(withConsumer, "auth-1");

        without.prepare("committedThroughAServerWithoutItsConsumer", "user", "auth", "auth-role", 60_000);
        without.commit("committedThroughAServerWithoutItsConsumer");

        Delivery delivery = consumer.nextDelivery(10_000);
        assertThat(delivery).isNotNull();
        assertThat(delivery.getGroupId()).isEqualTo("committedThroughAServerWithoutItsConsumer");
        consumer.succeed(delivery);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                without.group("committedThroughAServerWithoutItsConsumer").getState()).isEqualTo(GroupState.COMPLETED));
    }

    @Test
    void anOperatorsResolveAndRetryThroughAServerWithoutTheConsumerAreDeliveredByTheServerThatHasOne()
            throws Exception {
        TestServer withConsumer = server("with-consumer", 1);
        TestServer operators = server("operators", 1);
        RawSession consumer = consumer(withConsumer, "auth-1");
        withConsumer.prepare("resolvedThroughAnotherServer", "user", "auth", "auth-role", 600_000);

        ApiClient api = new ApiClient(operators);
        assertThat(api.post("/api/v1/groups/resolvedThroughAnotherServer/resolve", ApiClient.json(
                "{'outcome': 'COMMITTED', 'actor': 'alice', 'reason': 'producer confirmed by phone'}")).status())
                .isEqualTo(200);
        Delivery first = consumer.nextDelivery(10_000);
        assertThat(first.getGroupId()).isEqualTo("resolvedThroughAnotherServer");
        consumer.fail(first, "not yet");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                operators.group("resolvedThroughAnotherServer").getMessages(0).getState()).isEqualTo(MessageState.DEAD));
        assertThat(api.post("/api/v1/groups/resolvedThroughAnotherServer/messages/m1/retry", ApiClient.json(
                "{'actor': 'alice'}")).status()).isEqualTo(200);

        Delivery again = consumer.nextDelivery(10_000);
        assertThat(again.getAttempt()).isEqualTo(2);
        consumer.succeed(again);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                operators.group("resolvedThroughAnotherServer").getState()).isEqualTo(GroupState.COMPLETED));
    }

    @Test
    void checkBacksGoOnlyToTheServerWithASessionOfTheProducer() throws Exception {
        TestServer withProducer = server("with-producer");
        server("without-producer");
        RawSession producer = opened(RawSession.open(withProducer.channel(), "user", "user-1", 8, true, List.of()));
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            groups.add("checkBackGoesToTheProducersServer-" + i);
            // due times spread over more than one sweep period, so that every server's sweeps see some first
            withProducer.prepare(groups.get(i), "user", "auth", "auth-role", 1_000 + 37L * i);
        }

        List<String> asked = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            String groupId = producer.nextCheckBack(10_000);
            assertThat(groupId).as("check-back %d of %d", i + 1, groups.size()).isNotNull();
            asked.add(groupId);
            producer.reply(groupId, CheckBackReply.State.COMMITTED);
        }

        assertThat(asked).containsExactlyInAnyOrderElementsOf(groups);
        for (String groupId : groups) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(withProducer.group(groupId).getState()).isEqualTo(GroupState.COMMITTED));
            assertThat(withProducer.group(groupId).getCheckBacks()).as("check-backs of %s: none postponed", groupId)
                    .isEqualTo(1);
        }
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(node -> node.get(field).asText().equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no element with " + field + "=" + value + " in " + array));
    }
}
