package io.lottor.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.server.LottorServer;
import io.lottor.server.ServerConfig;
import io.lottor.server.ServerStartException;
import io.lottor.server.security.Security;
import io.lottor.server.support.Http;
import io.lottor.server.support.SelfSignedCert;
import io.lottor.server.support.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    @TempDir
    Path dataDir;

    @TempDir
    Path certDir;

    @Test
    void bothListenersServeTlsWithTheConfiguredPemCertificate() throws Exception {
        SelfSignedCert cert = SelfSignedCert.generate(certDir, "EC");
        ServerConfig config = TestServer.config(dataDir)
                .withSecurity(Security.defaults().withTls(cert.certPem(), cert.keyPem()));
        try (TestServer server = new TestServer(config)) {
            Http https = new Http(HttpClient.newBuilder().sslContext(cert.clientContext()).build());
            String base = "https://127.0.0.1:" + server.server().httpPort();
            assertThat(https.get(URI.create(base + "/health/ready"), null).statusCode()).isEqualTo(200);
            assertThat(https.get(URI.create(base + "/api/v1/stats"), server.adminToken()).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> new Http().get(server.httpUri("/health/ready"), null)).isInstanceOf(IOException.class);

            assertThat(prepareOverTls(server.server().grpcPort(), cert)).isEqualTo("tls-1");
            assertThatThrownBy(() -> server.prepare("plain-1", "user", "auth", "m", 1000))
                    .isInstanceOf(StatusRuntimeException.class);
        }
    }

    @Test
    void rsaKeysWorkToo() throws Exception {
        SelfSignedCert cert = SelfSignedCert.generate(certDir, "RSA");
        ServerConfig config = TestServer.config(dataDir)
                .withSecurity(Security.defaults().withTls(cert.certPem(), cert.keyPem()));
        try (TestServer server = new TestServer(config)) {
            assertThat(prepareOverTls(server.server().grpcPort(), cert)).isEqualTo("tls-1");
        }
    }

    @Test
    void aKeyFileThatIsNotPkcs8PemFailsTheStartNamingTheFlag() throws Exception {
        SelfSignedCert cert = SelfSignedCert.generate(certDir, "EC");
        Path badKey = Files.writeString(certDir.resolve("bad.pem"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        ServerConfig config = TestServer.config(dataDir).withSecurity(Security.defaults().withTls(cert.certPem(), badKey));

        assertThatThrownBy(() -> LottorServer.start(config)).isInstanceOf(ServerStartException.class)
                .hasMessageContaining("--tls-key").hasMessageContaining("PKCS#8");
        assertThatThrownBy(() -> LottorServer.start(config.withSecurity(Security.defaults()
                .withTls(badKey, cert.keyPem())))).isInstanceOf(ServerStartException.class)
                .hasMessageContaining("--tls-cert");
    }

    private static String prepareOverTls(int port, SelfSignedCert cert) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
                TlsChannelCredentials.newBuilder().trustManager(cert.certPem().toFile()).build()).build();
        try {
            CoordinatorGrpc.CoordinatorBlockingStub stub = CoordinatorGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            stub.prepare(PrepareRequest.newBuilder().setGroupId("tls-1").setSource("user")
                    .addMessages(Message.newBuilder().setMessageId("m1").setTarget("auth").setMethod("auth-role")
                            .setPayload(ByteString.copyFromUtf8("{}"))).build());
            return stub.getGroup(GetGroupRequest.newBuilder().setGroupId("tls-1").build()).getGroupId();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
