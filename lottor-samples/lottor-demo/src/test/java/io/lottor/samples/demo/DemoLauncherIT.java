package io.lottor.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code ./lottor demo} through the real launcher script, as a child process on free ports. */
class DemoLauncherIT {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final String LOGIN = "Log in with the admin token: ";

    @Test
    void runsTheThreeSeedScenariosAndExitsZeroWhenAllEndAsExpected() throws Exception {
        int httpPort = DemoProcess.freePort();
        int grpcPort = DemoProcess.freePort();
        try (DemoProcess demo = DemoProcess.start("--exit", "--http-port", "" + httpPort, "--grpc-port", "" + grpcPort)) {
            int exitCode = demo.awaitExit(RUN_TIMEOUT);

            String out = demo.stdout();
            assertThat(exitCode).as("exit code; stdout:\n%s\nstderr:\n%s", out, demo.stderr()).isZero();
            assertThat(out).contains("gRPC 127.0.0.1:" + grpcPort + ", HTTP http://127.0.0.1:" + httpPort + "/")
                    .contains("Scenario 1/3: success", "Scenario 2/3: fail", "Scenario 3/3: consumer-fail")
                    .contains("group COMPLETED: every message consumed")
                    .contains("no group was ever prepared")
                    .contains("is DEAD after 3 attempts")
                    .contains("All 3 scenarios ended as expected.");
            assertThat(Pattern.compile("result:\\s+as expected").matcher(out).results().count()).isEqualTo(3);
            assertThat(out).as("logs go to stderr, not into the story").doesNotContain(" WARN ", " INFO ");
        }
    }

    @Test
    void runsTheScenariosThroughRabbitMqAndNamesTheQueueEachMessagePassedThrough() throws Exception {
        String vhost = "lottor-demo-it-" + ProcessHandle.current().pid();
        Assumptions.assumeTrue(rabbitmqctl("status") == 0 || "true".equals(System.getenv("CI")),
                "RabbitMQ is not running at 127.0.0.1:5672");
        assertThat(rabbitmqctl("add_vhost", vhost)).isZero();
        try {
            assertThat(rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")).isZero();
            try (DemoProcess demo = DemoProcess.start("--exit", "--http-port", "" + DemoProcess.freePort(),
                    "--grpc-port", "" + DemoProcess.freePort(), "--delivery", "rabbitmq",
                    "--rabbitmq-uri", "amqp://guest:guest@127.0.0.1:5672/" + vhost)) {
                int exitCode = demo.awaitExit(RUN_TIMEOUT);

                String out = demo.stdout();
                assertThat(exitCode).as("exit code; stdout:\n%s\nstderr:\n%s", out, demo.stderr()).isZero();
                assertThat(out).contains("delivers messages through RabbitMQ at amqp://127.0.0.1:5672/" + vhost)
                        .contains("published m1 (attempt 1) to RabbitMQ queue lottor.auth-service for auth-service")
                        .contains("retried: published m1 (attempt 2) to RabbitMQ queue lottor.auth-service")
                        .contains("All 3 scenarios ended as expected.")
                        .doesNotContain("guest:guest");
            }
        } finally {
            rabbitmqctl("delete_vhost", vhost);
        }
    }

    @Test
    void runsTheScenariosThroughAnInProcessKafkaBrokerAndNamesTheTopicEachAttemptWentTo() throws Exception {
        try (DemoProcess demo = DemoProcess.start("--exit", "--http-port", "" + DemoProcess.freePort(),
                "--grpc-port", "" + DemoProcess.freePort(), "--delivery", "kafka")) {
            int exitCode = demo.awaitExit(RUN_TIMEOUT);

            String out = demo.stdout();
            assertThat(exitCode).as("exit code; stdout:\n%s\nstderr:\n%s", out, demo.stderr()).isZero();
            assertThat(out).contains("delivers messages through Kafka at ")
                    .contains("a topic per service (lottor.auth-service for auth-service)")
                    .contains("published m1 (attempt 1) to Kafka topic lottor.auth-service for auth-service")
                    .contains("retried: published m1 (attempt 2) to Kafka topic lottor.auth-service")
                    .contains("All 3 scenarios ended as expected.");
        }
    }

    @Test
    void refusesABusyPortWithAClearErrorAndExitCodeTwo() throws Exception {
        try (ServerSocket busy = new ServerSocket(0);
             DemoProcess demo = DemoProcess.start("--exit", "--http-port", "" + busy.getLocalPort(),
                     "--grpc-port", "" + DemoProcess.freePort())) {
            int exitCode = demo.awaitExit(RUN_TIMEOUT);

            assertThat(exitCode).isEqualTo(DemoCommand.CANNOT_START);
            assertThat(demo.stderr()).contains("lottor demo: cannot start the server")
                    .contains("--http-port " + busy.getLocalPort());
        }
    }

    @Test
    void keepsServingTheAdminUiUntilStoppedThenShutsDownCleanly() throws Exception {
        int httpPort = DemoProcess.freePort();
        try (DemoProcess demo = DemoProcess.start("--http-port", "" + httpPort, "--grpc-port", "" + DemoProcess.freePort())) {
            demo.awaitLine("Press Ctrl-C to stop.", RUN_TIMEOUT);

            assertThat(demo.stdout()).contains("Admin UI: http://127.0.0.1:" + httpPort + "/");
            String token = demo.stdout().lines().filter(line -> line.startsWith(LOGIN)).findFirst()
                    .map(line -> line.substring(LOGIN.length())).orElseThrow();
            assertThat(get("http://127.0.0.1:" + httpPort + "/api/v1/groups?limit=1", token))
                    .as("the told token opens the admin API").isEqualTo(200);
            assertThat(get("http://127.0.0.1:" + httpPort + "/api/v1/groups?limit=1", "not-the-token")).isEqualTo(401);
            demo.terminate();
            int exitCode = demo.awaitExit(Duration.ofSeconds(60));
            assertThat(demo.stdout()).as("exit code %d, stderr:\n%s", exitCode, demo.stderr()).contains("lottor demo: stopped");
            try (ServerSocket again = new ServerSocket(httpPort)) {
                assertThat(again.getLocalPort()).as("the HTTP port is free again").isEqualTo(httpPort);
            }
        }
    }

    private static int rabbitmqctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static int get(String uri, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
