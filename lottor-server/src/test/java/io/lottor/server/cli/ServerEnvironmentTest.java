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
    void generatedAdminTokenIsPrintedOnlyOnTheFirstStart() throws Exception {
        List<String> first = startAndStop(Map.of(), null);
        List<String> second = startAndStop(Map.of(), null);

        String token = Files.readString(dataDir.resolve("admin-token")).trim();
        assertThat(first).contains("admin token (stored in " + dataDir.toAbsolutePath().normalize().resolve("admin-token")
                + "): " + token);
        assertThat(second).noneMatch(line -> line.contains("admin token"));
    }

    @Test
    void tokensAndCorsOriginsComeFromTheEnvironment() throws Exception {
        List<String> output = startAndStop(Map.of("LOTTOR_ADMIN_TOKEN", "env-admin", "LOTTOR_CLIENT_TOKEN", "env-client",
                "LOTTOR_CORS_ORIGINS", "https://a.example.com,https://b.example.com"), port -> {
                    assertThat(whoami(port, "env-admin")).isEqualTo("{\"role\":\"admin\"}");
                    assertThat(whoami(port, "env-client")).isEqualTo("{\"role\":\"client\"}");
                    assertThat(allowedOrigin(port, "https://b.example.com")).contains("https://b.example.com");
                    assertThat(allowedOrigin(port, "https://c.example.com")).isEmpty();
                });

        assertThat(output).noneMatch(line -> line.contains("admin token"));
        assertThat(dataDir.resolve("admin-token")).doesNotExist();
    }

    @Test
    void aTlsCertificateFromTheEnvironmentWithoutItsKeyExitsWithOneLine() throws Exception {
        Path cert = Files.writeString(dataDir.resolve("cert.pem"), "x");
        Process process = launch(Map.of("LOTTOR_TLS_CERT", cert.toString()));
        List<String> output = lines(process);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output).containsExactly("lottor server: --tls-key is missing: TLS needs both --tls-cert and --tls-key");
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LottorMain.class.getName(), "server", "--grpc-port", "0", "--http-port", "0",
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
