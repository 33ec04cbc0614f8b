package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.lottor.client.db.H2Database;
import io.lottor.client.fake.FakeCoordinator;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.Hello;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class LottorClientConsumerTest {
    record UserRole(String user, String role) {
    }

    private FakeCoordinator coordinator;
    private LottorClient client;
    private String group;

    @BeforeEach
    void start(TestInfo test) throws Exception {
        coordinator = new FakeCoordinator().start(0);
        client = LottorClient.builder().target(coordinator.target()).service("auth").instanceId("auth-1").build();
        String name = test.getTestMethod().orElseThrow().getName();
        group = name.substring(0, Math.min(name.length(), 64));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        coordinator.close();
    }

    @Test
    void reportsSuccessAfterTheHandlerGotTheDecodedPayload() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        subscribe("auth-role", (payload, context) -> {
            seen.add(payload);
            seen.add(context);
        });

        coordinator.push(delivery("m1", "auth-role", "{\"user\":\"ann\",\"role\":\"admin\"}", 2));

        ConsumeResult result = awaitResult("m1");
        assertThat(result.getSuccess()).isTrue();
        assertThat(result.getGroupId()).isEqualTo(group);
        assertThat(result.getAttempt()).isEqualTo(2);
        assertThat(seen).containsExactly(new UserRole("ann", "admin"),
                new MessageContext(group, "m1", "user", "auth-role", 2, java.util.Map.of("trace", "t1")));
    }

    @Test
    void reportsTheHandlersExceptionMessageAndCauseAsFailure() {
        subscribe("auth-role", (payload, context) -> {
            throw new IllegalStateException("role table locked", new SQLException("lock wait timeout"));
        });

        coordinator.push(delivery("m1", "auth-role", "{\"user\":\"ann\",\"role\":\"admin\"}", 1));

        ConsumeResult result = awaitResult("m1");
        assertThat(result.getSuccess()).isFalse();
        assertThat(result.getError()).contains("role table locked").contains("SQLException: lock wait timeout");
    }

    @Test
    void reportsFailureNamingTheTypeWhenThePayloadCannotBeDecoded() {
        subscribe("auth-role", (payload, context) -> { });

        coordinator.push(delivery("m1", "auth-role", "not json", 1));

        ConsumeResult result = awaitResult("m1");
        assertThat(result.getSuccess()).isFalse();
        assertThat(result.getError()).contains(UserRole.class.getName());
    }

    @Test
    void reportsNoHandlerForAMethodNobodySubscribedTo() {
        subscribe("auth-role", (payload, context) -> { });

        coordinator.push(delivery("m1", "auth-revoke", "{}", 1));

        ConsumeResult result = awaitResult("m1");
        assertThat(result.getSuccess()).isFalse();
        assertThat(result.getError()).isEqualTo("no handler for method auth-revoke");
    }

    @Test
    void idempotentSubscriptionAppliesARedeliveredMessageOnce() throws Exception {
        try (H2Database database = new H2Database("consumer" + System.nanoTime())) {
            execute(database, "CREATE TABLE role_grant (user_name VARCHAR(64), role VARCHAR(64))");
            client.subscribe("auth-role", UserRole.class, database.dataSource(), (connection, payload, context) -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO role_grant VALUES ('" + payload.user() + "', '" + payload.role() + "')");
                }
            });
            awaitSubscribed("auth-role");

            coordinator.push(delivery("m1", "auth-role", "{\"user\":\"ann\",\"role\":\"admin\"}", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> results("m1").size() == 1);
            coordinator.push(delivery("m1", "auth-role", "{\"user\":\"ann\",\"role\":\"admin\"}", 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> results("m1").size() == 2);

            assertThat(results("m1")).allMatch(ConsumeResult::getSuccess);
            assertThat(count(database, "SELECT COUNT(*) FROM role_grant")).isEqualTo(1);
            assertThat(count(database, "SELECT COUNT(*) FROM lottor_consumed")).isEqualTo(1);
        }
    }

    @Test
    void idempotentSubscriptionRollsBackTheMarkWhenTheHandlerFails() throws Exception {
        try (H2Database database = new H2Database("consumer" + System.nanoTime())) {
            client.subscribe("auth-role", UserRole.class, database.dataSource(), (connection, payload, context) -> {
                throw new IllegalStateException("no such user " + payload.user());
            });
            awaitSubscribed("auth-role");

            coordinator.push(delivery("m1", "auth-role", "{\"user\":\"ann\",\"role\":\"admin\"}", 1));

            ConsumeResult result = awaitResult("m1");
            assertThat(result.getSuccess()).isFalse();
            assertThat(result.getError()).contains("no such user ann");
            assertThat(count(database, "SELECT COUNT(*) FROM lottor_consumed")).isZero();
        }
    }

    @Test
    void runsAtMostMaxInFlightHandlersAtOnce() throws Exception {
        client.close();
        client = LottorClient.builder().target(coordinator.target()).service("auth").maxInFlight(2).build();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        subscribe("auth-role", (payload, context) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            release.await();
            running.decrementAndGet();
        });

        for (int i = 1; i <= 5; i++) {
            coordinator.push(delivery("m" + i, "auth-role", "{\"user\":\"u" + i + "\",\"role\":\"r\"}", 1));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> running.get() == 2);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.frames.stream()
                .filter(ClientFrame::hasConsumeResult).count() == 5);
        assertThat(mostAtOnce).hasValue(2);
    }

    @Test
    void closeWaitsForARunningHandlerAndSendsItsResult() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        subscribe("auth-role", (payload, context) -> {
            started.countDown();
            release.await();
        });
        coordinator.push(delivery("m1", "auth-role", "{\"user\":\"ann\",\"role\":\"admin\"}", 1));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(client::close);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !closing.isDone());
        release.countDown();
        closing.get(20, TimeUnit.SECONDS);

        assertThat(results("m1")).singleElement().satisfies(result -> assertThat(result.getSuccess()).isTrue());
    }

    @Test
    void refusesDeliveriesBeyondTwiceMaxInFlightWhileHandlersAreBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (LottorClient narrow = LottorClient.builder().target(coordinator.target()).service("auth")
                .instanceId("auth-narrow").maxInFlight(2).build()) {
            narrow.subscribe("auth-role", UserRole.class, (payload, context) -> release.await());
            await().atMost(Duration.ofSeconds(10)).until(() -> narrow.isConnected() && coordinator.hellos.stream()
                    .anyMatch(hello -> hello.getInstanceId().equals("auth-narrow") && hello.getMethodsCount() == 1));

            for (int i = 1; i <= 5; i++) {
                coordinator.push("auth-narrow", delivery("m" + i, "auth-role", "{\"user\":\"ann\",\"role\":\"admin\"}", 1));
            }

            ConsumeResult refused = awaitResult("m5");
            assertThat(refused.getSuccess()).isFalse();
            assertThat(refused.getError()).contains("client overloaded");
            assertThat(results("m1")).isEmpty();
            release.countDown();
            for (String id : List.of("m1", "m2", "m3", "m4")) {
                assertThat(awaitResult(id).getSuccess()).as(id).isTrue();
            }
        }
    }

    private void subscribe(String method, MessageHandler<UserRole> handler) {
        client.subscribe(method, UserRole.class, handler);
        awaitSubscribed(method);
    }

    private void awaitSubscribed(String method) {
        // the session a delivery is pushed on (the coordinator's newest) must be the one whose Hello lists the method
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Hello newest = coordinator.newestSessionHello();
            return client.isConnected() && newest != null && newest.getMethodsList().contains(method);
        });
    }

    private ServerFrame delivery(String messageId, String method, String json, int attempt) {
        Message message = Message.newBuilder().setMessageId(messageId).setTarget("auth").setMethod(method)
                .setPayload(ByteString.copyFrom(json, StandardCharsets.UTF_8)).setContentType("application/json")
                .putHeaders("trace", "t1").build();
        return ServerFrame.newBuilder().setDelivery(Delivery.newBuilder().setGroupId(group).setSource("user")
                .setMessage(message).setAttempt(attempt)).build();
    }

    private ConsumeResult awaitResult(String messageId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !results(messageId).isEmpty());
        return results(messageId).get(0);
    }

    private List<ConsumeResult> results(String messageId) {
        return coordinator.frames.stream().filter(ClientFrame::hasConsumeResult).map(ClientFrame::getConsumeResult)
                .filter(result -> result.getMessageId().equals(messageId)).toList();
    }

    private static void execute(H2Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int count(H2Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
