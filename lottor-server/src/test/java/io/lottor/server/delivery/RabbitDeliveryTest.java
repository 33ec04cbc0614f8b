package io.lottor.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lottor.protocol.v1.BrokerDelivery;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.server.DeliverySettings;
import io.lottor.server.ServerConfig;
import io.lottor.server.support.Http;
import io.lottor.server.support.RabbitVhost;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --delivery rabbitmq} against the machine's RabbitMQ, in a vhost of the test's own: what the
 * server publishes, tells consumers, and which reported results count. The consumer side is a raw AMQP
 * channel and raw gRPC sessions.
 */
class RabbitDeliveryTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;
    private RabbitVhost vhost;
    private TestServer server;
    private Connection amqp;

    @AfterEach
    void stop() throws Exception {
        if (amqp != null) {
            amqp.abort();
        }
        if (server != null) {
            server.close();
        }
        if (vhost != null) {
            vhost.close();
        }
    }

    private void start(boolean createVhost) throws Exception {
        vhost = RabbitVhost.named();
        if (createVhost) {
            vhost.create();
        }
        ServerConfig config = TestServer.config(dataDir).withAckTimeout(Duration.ofSeconds(30))
                .withRetryInitialBackoff(Duration.ofMillis(50)).withRetryMaxBackoff(Duration.ofMillis(200))
                .withDelivery(DeliverySettings.direct().withKind(DeliverySettings.Kind.RABBITMQ)
                        .withRabbitmqUri(vhost.uri()).withPrefix("test."));
        server = new TestServer(config);
    }

    private Channel channel() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(vhost.uri());
        amqp = factory.newConnection();
        return amqp.createChannel();
    }

    /**
     * The next message of {@code queue}, unacknowledged, within the eventual timeout. The queue is declared
     * as the server and the clients declare it, so that it may be read before the first publish.
     */
    private static GetResponse next(Channel channel, String queue) throws Exception {
        channel.queueDeclare(queue, true, false, false, null);
        GetResponse[] got = new GetResponse[1];
        await().atMost(EVENTUALLY).until(() -> (got[0] = channel.basicGet(queue, false)) != null);
        return got[0];
    }

    @Test
    void welcomeNamesTheBrokerWithoutCredentialsAndTheServiceQueue() throws Exception {
        start(true);
        try (RawSession session = RawSession.open(server.channel(), "auth", "auth-1", 4, false, List.of("auth-role"))) {
            BrokerDelivery broker = session.welcome().getBroker();

            assertThat(broker.getKind()).isEqualTo(BrokerDelivery.Kind.RABBITMQ);
            assertThat(broker.getAddress()).isEqualTo("amqp://127.0.0.1:5672/" + vhost.name()).doesNotContain("guest");
            assertThat(broker.getDestination()).isEqualTo("test.auth");
        }
    }

    @Test
    void publishesACommittedMessageAsAPersistentDeliveryAndCountsASuccessFromAnyInstanceOfTheTarget() throws Exception {
        start(true);
        try (RawSession first = RawSession.open(server.channel(), "auth", "auth-1", 4, false, List.of("auth-role"));
             RawSession second = RawSession.open(server.channel(), "auth", "auth-2", 4, false, List.of("auth-role"))) {
            server.prepare("published", "user", "auth", "auth-role", 60_000);
            server.commit("published");

            GetResponse message = next(channel(), "test.auth");
            Delivery delivery = Delivery.parseFrom(message.getBody());
            assertThat(delivery.getGroupId()).isEqualTo("published");
            assertThat(delivery.getAttempt()).isEqualTo(1);
            assertThat(message.getProps().getDeliveryMode()).isEqualTo(2);
            assertThat(message.getProps().getContentType()).isEqualTo("application/x-protobuf");
            assertThat(message.getProps().getHeaders()).containsKeys("group_id", "message_id", "method", "attempt");
            assertThat(server.group("published").getMessages(0).getState()).isEqualTo(MessageState.IN_FLIGHT);

            server.stub().reportConsumption(result("published", 1, true).setSessionId(second.sessionId()).build());

            GroupMessage consumed = server.group("published").getMessages(0);
            assertThat(consumed.getState()).isEqualTo(MessageState.CONSUMED);
            assertThat(consumed.getConsumedBy()).isEqualTo("auth-2");
            assertThat(server.group("published").getState()).isEqualTo(GroupState.COMPLETED);
        }
    }

    @Test
    void refusesResultsFromAnotherServiceOrForAnotherAttemptAndRepublishesAFailureAsTheNextAttempt()
            throws Exception {
        start(true);
        try (RawSession auth = RawSession.open(server.channel(), "auth", "auth-1", 4, false, List.of("auth-role"));
             RawSession billing = RawSession.open(server.channel(), "billing", "billing-1", 4, false,
                     List.of("auth-role"))) {
            server.prepare("refused", "user", "auth", "auth-role", 60_000);
            server.commit("refused");
            Channel channel = channel();
            channel.basicAck(next(channel, "test.auth").getEnvelope().getDeliveryTag(), false);

            assertRefused(result("refused", 1, true).setSessionId(billing.sessionId()), "attempt");
            assertRefused(result("refused", 1, false).setSessionId(billing.sessionId()), "attempt");
            assertRefused(result("refused", 2, true).setSessionId(auth.sessionId()), "attempt");
            assertRefused(result("refused", 1, true).setSessionId("no-such-session"), "session_id");
            assertThat(server.group("refused").getMessages(0).getState()).isEqualTo(MessageState.IN_FLIGHT);

            server.stub().reportConsumption(result("refused", 1, false).setError("boom").setSessionId(auth.sessionId())
                    .build());

            Delivery again = Delivery.parseFrom(next(channel, "test.auth").getBody());
            assertThat(again.getAttempt()).isEqualTo(2);
            assertThat(server.group("refused").getMessages(0).getLastError()).isEqualTo("boom");
        }
    }

    @Test
    void keepsMessagesReadyAndReportsNotReadyWhileTheBrokerIsUnreachableThenPublishesThem() throws Exception {
        start(false);
        Http http = new Http();
        assertThat(http.get(server.httpUri("/health/ready"), null).statusCode()).isEqualTo(503);
        try (RawSession session = RawSession.open(server.channel(), "auth", "auth-1", 4, false, List.of("auth-role"))) {
            server.prepare("waits", "user", "auth", "auth-role", 60_000);
            server.commit("waits");
            Thread.sleep(500);
            assertThat(server.group("waits").getMessages(0).getState()).isEqualTo(MessageState.READY);
            assertThat(server.group("waits").getMessages(0).getAttempts()).isZero();

            vhost.create();

            await().atMost(EVENTUALLY).until(() -> http.get(server.httpUri("/health/ready"), null).statusCode() == 200);
            Delivery delivery = Delivery.parseFrom(next(channel(), "test.auth").getBody());
            assertThat(delivery.getGroupId()).isEqualTo("waits");
            assertThat(delivery.getAttempt()).isEqualTo(1);
        }
    }

    @Test
    void publishesNothingWhileNoSessionOfTheTargetHandlesTheMethod() throws Exception {
        start(true);
        try (RawSession other = RawSession.open(server.channel(), "auth", "auth-1", 4, false, List.of("other"))) {
            server.prepare("unhandled", "user", "auth", "auth-role", 60_000);
            server.commit("unhandled");
            Thread.sleep(500);

            assertThat(server.group("unhandled").getMessages(0).getState()).isEqualTo(MessageState.READY);
            try (RawSession handler = RawSession.open(server.channel(), "auth", "auth-2", 4, false,
                    List.of("auth-role"))) {
                assertThat(Delivery.parseFrom(next(channel(), "test.auth").getBody()).getGroupId()).isEqualTo("unhandled");
            }
        }
    }

    private static ConsumeResult.Builder result(String groupId, int attempt, boolean success) {
        return ConsumeResult.newBuilder().setGroupId(groupId).setMessageId("m1").setAttempt(attempt).setSuccess(success);
    }

    private void assertRefused(ConsumeResult.Builder result, String field) {
        assertThatThrownBy(() -> server.stub().reportConsumption(result.build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains(field);
                });
    }
}
