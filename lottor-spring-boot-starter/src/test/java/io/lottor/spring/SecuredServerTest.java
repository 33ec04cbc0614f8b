package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.lottor.client.LottorRpcException;
import io.lottor.client.fake.SelfSignedCertificate;
import io.lottor.spring.app.JdbcApp;
import io.lottor.spring.app.RoleListener;
import io.lottor.spring.app.Users;
import io.lottor.server.LottorServer;
import io.lottor.server.ServerConfig;
import io.lottor.server.security.Security;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A server that wants a client token and speaks TLS only: an application with {@code lottor.client-token}
 * and {@code lottor.tls.trust-certificate} produces and consumes; one without the token is refused.
 */
class SecuredServerTest {
    private static final String TOKEN = "starter-client-token";
    @TempDir
    static Path dir;
    private static SelfSignedCertificate certificate;
    private static LottorServer server;

    @BeforeAll
    static void startServer() throws Exception {
        certificate = SelfSignedCertificate.createIn(dir);
        server = LottorServer.start(ServerConfig.defaults().withGrpcPort(0).withHttpPort(0)
                .withDataDir(dir.resolve("data")).withSecurity(Security.defaults().withClientToken(TOKEN)
                        .withTls(certificate.certificate(), certificate.privateKey())));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void applicationWithTokenAndTrustedCertificateProducesAndConsumes() {
        try (ConfigurableApplicationContext app = application("starter-secured", "--lottor.client-token=" + TOKEN)) {
            String groupId = app.getBean(Users.class).create("secured-user", "admin");

            RoleListener listener = app.getBean(RoleListener.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> listener.roles("secured-user") == 1);
            assertThat(listener.received).anySatisfy(m -> assertThat(m.groupId()).isEqualTo(groupId));
        }
    }

    @Test
    void applicationWithoutTheTokenIsRefused() {
        try (ConfigurableApplicationContext app = application("starter-tokenless")) {
            assertThatThrownBy(() -> app.getBean(Users.class).create("tokenless-user", "admin"))
                    .isInstanceOf(LottorRpcException.class)
                    .satisfies(e -> assertThat(((LottorRpcException) e).code()).isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThat(app.getBean(Users.class).count("tokenless-user")).isZero();
        }
    }

    private static ConfigurableApplicationContext application(String service, String... more) {
        String[] args = {"--spring.application.name=" + service,
                "--lottor.server.targets=localhost:" + server.grpcPort(),
                "--lottor.tls.trust-certificate=" + certificate.certificate()};
        String[] all = Stream.concat(Arrays.stream(args), Arrays.stream(more)).toArray(String[]::new);
        return new SpringApplicationBuilder(JdbcApp.class).web(WebApplicationType.NONE).run(all);
    }
}
