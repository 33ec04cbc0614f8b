package io.lottor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lottor server} in a child JVM: LOTTOR_* environment variables and what it prints. */
class ServerEnvironmentTest {
    private static final Pattern STARTED = Pattern.compile("lottor server started .* http_port=(\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void generatedAdminTokenIsPrintedOnlyOnTheFirstStartAndEveryStartSaysWhereItIsKept() throws Exception {
        List<String> first = startAndStop(Map.of(), null);
        List<String> second = startAndStop(Map.of(), null);

        Path file = dataDir.toAbsolutePath().normalize().resolve("admin-token");
        String token = Files.readString(file).trim();
        assertThat(first).contains("admin token (stored in " + file + "): " + token);
        assertThat(second).contains("admin token: kept in " + file + " (read it with: cat " + file + ")");
        assertThat(second).noneMatch(line -> line.contains(token));
    }

    @Test
    void aStartThatFailsOnABusyPortStillSaysWhereTheTokenIsKept() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process process = launch(Map.of(), busy.getLocalPort());
            List<String> output = lines(process);

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            Path file = dataDir.toAbsolutePath().normalize().resolve("admin-token");
            assertThat(output).contains("admin token (stored in " + file + "): " + Files.readString(file).trim());
            assertThat(output).anyMatch(line -> line.startsWith("lottor server: cannot start: cannot listen on"));
        }
        Path file = dataDir.toAbsolutePath().normalize().resolve("admin-token");
        assertThat(startAndStop(Map.of(), null)).contains("admin token: kept in " + file + " (read it with: cat " + file + ")");
    }

    private List<String> startAndStop(Map<String, String> env, PortCheck check) throws Exception {
        Process process = launch(env);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> output = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                Matcher started = STARTED.matcher(line);
                if (started.find()) {
                    if (check != null) {
                        check.run(Integer.parseInt(started.group(1)));
                    }
                    break;
                }
            }
            return output;
        } finally {
            process.destroy();
            process.waitFor(15, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    private Process launch(Map<String, String> env) throws Exception {
        return launch(env, 0);
    }

    private Process launch(Map<String, String> env, int httpPort) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LottorMain.class.getName(), "server", "--grpc-port", "0", "--http-port", String.valueOf(httpPort),
                "--data-dir", dataDir.toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("LOTTOR_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static List<String> lines(Process process) throws Exception {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private static String whoami(int port, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/whoami"))
                .header("Authorization", "Bearer " + token).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static java.util.Optional<String> allowedOrigin(int port, String origin) throws Exception {
        HttpRequest preflight = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stats"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "GET").build();
        return HttpClient.newHttpClient().send(preflight, HttpResponse.BodyHandlers.discarding()).headers()
                .firstValue("Access-Control-Allow-Origin");
    }

    @FunctionalInterface
    private interface PortCheck {
        void run(int httpPort) throws Exception;
    }
}
