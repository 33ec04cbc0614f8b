package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.client.fake.FakeCoordinator;
import io.lottor.protocol.v1.Hello;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LottorClientSessionTest {
    private FakeCoordinator coordinator;
    private LottorClient client;

    @BeforeEach
    void startCoordinator() throws Exception {
        coordinator = new FakeCoordinator().start(0);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        coordinator.close();
    }

    @Test
    void helloCarriesServiceInstanceSubscribedMethodsAndCheckBackFlag() {
        client = LottorClient.builder().target(coordinator.target()).service("auth").instanceId("auth-1")
                .maxInFlight(7).checkBackHandler(group -> CheckBackState.UNKNOWN).build();
        client.subscribe("auth-role", String.class, (payload, context) -> { });

        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.hellos.stream()
                .anyMatch(hello -> hello.getMethodsList().contains("auth-role")));
        Hello hello = coordinator.hellos.stream().filter(h -> h.getMethodsList().contains("auth-role")).findFirst()
                .orElseThrow();
        assertThat(hello.getService()).isEqualTo("auth");
        assertThat(hello.getInstanceId()).isEqualTo("auth-1");
        assertThat(hello.getMethodsList()).containsExactly("auth-role");
        assertThat(hello.getAnswersCheckBack()).isTrue();
        assertThat(hello.getMaxInFlight()).isEqualTo(7);
        await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
    }

    @Test
    void producerOnlyClientSaysItSubscribesNothingAndAnswersNoCheckBack() {
        client = LottorClient.builder().target(coordinator.target()).service("user").build();

        assertThat(client.awaitConnected(Duration.ofSeconds(10))).isTrue();
        Hello hello = coordinator.hellos.get(0);
        assertThat(hello.getMethodsList()).isEmpty();
        assertThat(hello.getAnswersCheckBack()).isFalse();
        assertThat(hello.getInstanceId()).endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void sendsHeartbeatsWhileConnected() {
        client = LottorClient.builder().target(coordinator.target()).service("user").build();

        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.frames.stream()
                .filter(frame -> frame.hasHeartbeat()).count() >= 3);
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void reconnectsAfterTheServerGoesAwayAndComesBack() throws Exception {
        client = LottorClient.builder().target(coordinator.target()).service("user")
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(300)).build();
        assertThat(client.awaitConnected(Duration.ofSeconds(10))).isTrue();
        int port = coordinator.port();

        coordinator.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        coordinator = new FakeCoordinator().start(port);

        await().atMost(Duration.ofSeconds(20)).until(client::isConnected);
        assertThat(coordinator.hellos).hasSize(1);
    }

    @Test
    void reconnectsWhenTheServerFallsSilentForThreeHeartbeatIntervals() {
        client = LottorClient.builder().target(coordinator.target()).service("user")
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(300)).build();
        assertThat(client.awaitConnected(Duration.ofSeconds(10))).isTrue();

        coordinator.silent = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.hellos.size() >= 2);
        coordinator.silent = false;

        await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
    }

    @Test
    void closeEndsTheSessionAndStopsReconnecting() {
        client = LottorClient.builder().target(coordinator.target()).service("user").build();
        assertThat(client.awaitConnected(Duration.ofSeconds(10))).isTrue();

        client.close();

        assertThat(client.isConnected()).isFalse();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> coordinator.hellos.size() == 1);
    }
}
