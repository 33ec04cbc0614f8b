package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.LottorServer;
import io.lottor.server.ServerConfig;
import io.lottor.spring.app.JdbcApp;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot web application with Actuator, asked over HTTP as a load balancer or a monitor
 * asks it, while its Lottor server runs, stops and comes back. By default a lost Lottor connection is
 * reported ({@code /actuator/health/lottor}, reachable with {@code management.endpoint.health.show-components},
 * says DISCONNECTED) without taking the service DOWN; the readiness group takes the instance out of
 * rotation only when the application puts {@code lottor} in it (the README's recipe);
 * {@code lottor.health.down-when-disconnected=true} takes the whole service DOWN instead.
 */
class HealthEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void aLottorOutageLeavesTheServiceUpAndIsReportedAtActuatorHealthLottor() throws Exception {
        LottorServer server = startServer(0);
        int grpcPort = server.grpcPort();
        try (ConfigurableApplicationContext app = application("health-default", "127.0.0.1:" + grpcPort,
                "--management.endpoint.health.show-components=always")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> status(app, "/actuator/health/lottor").equals("UP"));
            assertThat(get(app, "/actuator/health").statusCode()).isEqualTo(200);

            server.close();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(app, "/actuator/health/lottor").equals("DISCONNECTED"));
            HttpResponse<String> lottor = get(app, "/actuator/health/lottor");
            assertThat(lottor.statusCode()).isEqualTo(200);
            HttpResponse<String> aggregate = get(app, "/actuator/health");
            assertThat(aggregate.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(aggregate.body()).get("status").asText()).isEqualTo("UP");

            server = startServer(grpcPort);
            await().atMost(Duration.ofSeconds(30)).until(() -> status(app, "/actuator/health/lottor").equals("UP"));
        } finally {
            server.close();
        }
    }

    @Test
    void whileDisconnectedTheComponentSaysWhereItTriesToConnectWhenDetailsAreShown() throws Exception {
        String target = "127.0.0.1:" + closedPort();
        try (ConfigurableApplicationContext app = application("health-details", target,
                "--management.endpoint.health.show-details=always")) {
            JsonNode lottor = JSON.readTree(get(app, "/actuator/health/lottor").body());

            assertThat(lottor.get("status").asText()).isEqualTo("DISCONNECTED");
            assertThat(lottor.at("/details/targets").asText()).isEqualTo(target);
            assertThat(lottor.at("/details/connected").asBoolean(true)).isFalse();
            assertThat(lottor.at("/details/session").asText()).contains("reconnecting");
            assertThat(lottor.at("/details/service").asText()).isEqualTo("health-details");
        }
    }

    @Test
    void withLottorInTheReadinessGroupOnlyReadinessFailsWhileDisconnected() throws Exception {
        try (ConfigurableApplicationContext app = application("health-readiness", "127.0.0.1:" + closedPort(),
                "--management.endpoint.health.probes.enabled=true",
                "--management.endpoint.health.group.readiness.include=readinessState,lottor",
                "--management.endpoint.health.group.readiness.status.order=DOWN,OUT_OF_SERVICE,DISCONNECTED,UP,UNKNOWN",
                "--management.endpoint.health.group.readiness.status.http-mapping.DOWN=503",
                "--management.endpoint.health.group.readiness.status.http-mapping.OUT_OF_SERVICE=503",
                "--management.endpoint.health.group.readiness.status.http-mapping.DISCONNECTED=503")) {
            assertThat(get(app, "/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertThat(get(app, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(get(app, "/actuator/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withBootsDefaultsTheServiceStaysUpWhileTheLottorServerIsUnreachable() throws Exception {
        try (ConfigurableApplicationContext app = application("health-boot-defaults", "127.0.0.1:" + closedPort())) {
            HttpResponse<String> aggregate = get(app, "/actuator/health");

            assertThat(aggregate.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(aggregate.body()).get("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void downWhenDisconnectedTakesTheWholeServiceDown() throws Exception {
        try (ConfigurableApplicationContext app = application("health-down", "127.0.0.1:" + closedPort(),
                "--lottor.health.down-when-disconnected=true", "--management.endpoint.health.show-components=always")) {
            HttpResponse<String> aggregate = get(app, "/actuator/health");

            assertThat(aggregate.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(aggregate.body()).get("status").asText()).isEqualTo("DOWN");
            assertThat(status(app, "/actuator/health/lottor")).isEqualTo("DOWN");
        }
    }

    private LottorServer startServer(int grpcPort) {
        return LottorServer.start(ServerConfig.defaults().withGrpcPort(grpcPort).withHttpPort(0).withDataDir(dataDir)
                .withHeartbeatInterval(Duration.ofMillis(500)));
    }

    private static ConfigurableApplicationContext application(String service, String target, String... more) {
        String[] args = {"--spring.application.name=" + service, "--lottor.server.targets=" + target,
                "--server.port=0", "--server.address=127.0.0.1", "--lottor.reconnect.max-backoff=300ms"};
        return new SpringApplicationBuilder(JdbcApp.class).web(WebApplicationType.SERVLET)
                .run(Stream.concat(Arrays.stream(args), Arrays.stream(more)).toArray(String[]::new));
    }

    private String status(ConfigurableApplicationContext app, String path) throws Exception {
        return JSON.readTree(get(app, path).body()).path("status").asText();
    }

    private HttpResponse<String> get(ConfigurableApplicationContext app, String path) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
