package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.lottor.client.fake.FakeCoordinator;
import io.lottor.client.fake.SelfSignedCertificate;
import io.lottor.protocol.v1.PrepareRequest;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the client reaches the coordinator: client token, TLS, several targets, deferred session start. */
class LottorClientConnectionTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : reversed(closeables)) {
            closeable.close();
        }
    }

    @Test
    void sendsTheClientTokenOnUnaryCallsAndOnTheSessionStream() throws Exception {
        Map<String, String> authorization = new ConcurrentHashMap<>();
        FakeCoordinator coordinator = coordinator(new FakeCoordinator().start(InsecureServerCredentials.create(),
                recordAuthorization(authorization)));
        LottorClient client = client(LottorClient.builder().target(coordinator.target()).service("user")
                .clientToken("s3cret-token"));

        assertThat(client.awaitConnected(Duration.ofSeconds(10))).isTrue();
        TransactionGroup group = client.begin("token-group");
        group.send("auth", "auth-role", "x");
        group.prepare();
        assertThat(authorization).containsEntry("lottor.v1.Coordinator/Session", "Bearer s3cret-token")
                .containsEntry("lottor.v1.Coordinator/Prepare", "Bearer s3cret-token");
    }

    @Test
    void sendsNoAuthorizationWithoutAToken() throws Exception {
        Map<String, String> authorization = new ConcurrentHashMap<>();
        FakeCoordinator coordinator = coordinator(new FakeCoordinator().start(InsecureServerCredentials.create(),
                recordAuthorization(authorization)));
        LottorClient client = client(LottorClient.builder().target(coordinator.target()).service("user"));

        assertThat(client.awaitConnected(Duration.ofSeconds(10))).isTrue();
        assertThat(authorization).containsEntry("lottor.v1.Coordinator/Session", "none");
    }

    @Test
    void connectsOverTlsTrustingTheServersPemCertificate(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.createIn(dir);
        FakeCoordinator coordinator = coordinator(new FakeCoordinator().start(
                TlsServerCredentials.create(certificate.certificate().toFile(), certificate.privateKey().toFile())));
        LottorClient client = client(LottorClient.builder().target("localhost:" + coordinator.port()).service("user")
                .trustCertificate(certificate.certificate()));

        assertThat(client.awaitConnected(Duration.ofSeconds(20))).isTrue();
        TransactionGroup group = client.begin("tls-group");
        group.send("auth", "auth-role", "x");
        group.prepare();
        assertThat(coordinator.events).contains("prepare:tls-group");
    }

    @Test
    void refusesATlsServerWhoseCertificateItDoesNotTrust(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.createIn(dir);
        FakeCoordinator coordinator = coordinator(new FakeCoordinator().start(
                TlsServerCredentials.create(certificate.certificate().toFile(), certificate.privateKey().toFile())));
        LottorClient client = client(LottorClient.builder().target("localhost:" + coordinator.port()).service("user")
                .tls(true).requestTimeout(Duration.ofSeconds(2)));

        TransactionGroup group = client.begin("untrusted-group");
        group.send("auth", "auth-role", "x");
        assertThatThrownBy(group::prepare).isInstanceOf(LottorRpcException.class)
                .satisfies(e -> assertThat(((LottorRpcException) e).code()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(coordinator.events).isEmpty();
    }

    @Test
    void spreadsCallsOverSeveralTargetsAndSkipsOneThatIsDown() throws Exception {
        FakeCoordinator first = coordinator(new FakeCoordinator().start(0));
        FakeCoordinator second = coordinator(new FakeCoordinator().start(0));
        LottorClient client = client(LottorClient.builder()
                .targets(List.of(first.target(), "127.0.0.1:" + freePort(), second.target())).service("user"));

        for (int i = 0; i < 20; i++) {
            TransactionGroup group = client.begin("spread-" + i);
            group.send("auth", "auth-role", i);
            group.prepare();
        }
        assertThat(first.prepares).isNotEmpty();
        assertThat(second.prepares).isNotEmpty();
        assertThat(first.prepares.size() + second.prepares.size()).isEqualTo(20);
    }

    @Test
    void aCommaSeparatedTargetListsSeveralServers() throws Exception {
        FakeCoordinator first = coordinator(new FakeCoordinator().start(0));
        FakeCoordinator second = coordinator(new FakeCoordinator().start(0));
        LottorClient client = client(LottorClient.builder().target(first.target() + ", " + second.target())
                .service("user"));

        for (int i = 0; i < 20; i++) {
            TransactionGroup group = client.begin("comma-" + i);
            group.send("auth", "auth-role", i);
            group.prepare();
        }
        assertThat(first.prepares).isNotEmpty();
        assertThat(second.prepares).isNotEmpty();
    }

    @Test
    void aSessionWhoseServerDiesReconnectsToAnotherTarget() throws Exception {
        FakeCoordinator first = coordinator(new FakeCoordinator().start(0));
        FakeCoordinator second = coordinator(new FakeCoordinator().start(0));
        LottorClient client = client(LottorClient.builder().target(first.target() + "," + second.target())
                .service("auth"));
        client.subscribe("auth-role", String.class, (payload, context) -> { });
        assertThat(client.awaitConnected(Duration.ofSeconds(10))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.hellos.size() + second.hellos.size() > 0);
        FakeCoordinator holder = first.hellos.isEmpty() ? second : first;
        FakeCoordinator other = holder == first ? second : first;
        int hellosBefore = other.hellos.size();

        holder.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> other.hellos.size() > hellosBefore && client.isConnected());
        TransactionGroup group = client.begin("after-failover");
        group.send("auth", "auth-role", "x");
        group.prepare();
        assertThat(other.prepares).extracting(PrepareRequest::getGroupId).contains("after-failover");
    }

    @Test
    void aTargetListWithAnEmptyEntryIsRefusedNamingTheTarget() {
        assertThatThrownBy(() -> LottorClient.builder().target("127.0.0.1:9888,,127.0.0.1:9889").service("user").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
    }

    @Test
    void withoutStartOnBuildSaysHelloOnceWithEveryMethodWhenStarted() throws Exception {
        FakeCoordinator coordinator = coordinator(new FakeCoordinator().start(0));
        LottorClient client = client(LottorClient.builder().target(coordinator.target()).service("auth")
                .startOnBuild(false));
        client.subscribe("auth-role", String.class, (payload, context) -> { });
        client.subscribe("auth-revoke", String.class, (payload, context) -> { });
        assertThat(client.isConnected()).isFalse();

        client.start();
        client.start();
        assertThat(client.awaitConnected(Duration.ofSeconds(10))).isTrue();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> coordinator.hellos.size() == 1);
        assertThat(coordinator.hellos.get(0).getMethodsList()).containsExactlyInAnyOrder("auth-role", "auth-revoke");
    }

    @Test
    void aCallToAServerThatIsNotRunningNamesTheAddressItTried() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        String target = "127.0.0.1:" + freePort;
        LottorClient client = client(LottorClient.builder().target(target).service("user"));
        TransactionGroup group = client.begin("unreachable-1");
        group.send("auth", "auth-role", Map.of("user", "ann"));

        assertThatThrownBy(group::prepare).isInstanceOfSatisfying(LottorRpcException.class, e -> {
            assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getMessage()).contains("prepare failed group=unreachable-1")
                    .contains("target=" + target)
                    .contains("the Lottor server at " + target + " cannot be reached");
        });
    }

    @Test
    void sessionReconnectBackoffIsCappedAt2SecondsByDefault() {
        ClientOptions.Draft defaults = new ClientOptions.Draft();

        assertThat(defaults.reconnectInitial).isEqualTo(Duration.ofMillis(200));
        assertThat(defaults.reconnectMax).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesABlankKafkaBootstrapOverrideOrAKafkaPropertyWithoutValueNamingTheSetting() {
        assertThatThrownBy(() -> LottorClient.builder().target("127.0.0.1:9888").service("user")
                .kafkaBootstrapServers(" ").startOnBuild(false).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafkaBootstrapServers");
        assertThatThrownBy(() -> LottorClient.builder().target("127.0.0.1:9888").service("user")
                .kafkaProperty("security.protocol", null).startOnBuild(false).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafkaProperty");
    }

    @Test
    void rejectsATargetWithoutPort() {
        assertThatThrownBy(() -> LottorClient.builder().targets(List.of("127.0.0.1:9888", "localhost")).service("user").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
    }

    private FakeCoordinator coordinator(FakeCoordinator coordinator) {
        closeables.add(coordinator);
        return coordinator;
    }

    private LottorClient client(LottorClient.Builder builder) {
        LottorClient client = builder.build();
        closeables.add(client);
        return client;
    }

    private static ServerInterceptor recordAuthorization(Map<String, String> seen) {
        Metadata.Key<String> key = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                String value = headers.get(key);
                seen.put(call.getMethodDescriptor().getFullMethodName(), value == null ? "none" : value);
                return next.startCall(call, headers);
            }
        };
    }

    private static List<AutoCloseable> reversed(List<AutoCloseable> list) {
        List<AutoCloseable> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
