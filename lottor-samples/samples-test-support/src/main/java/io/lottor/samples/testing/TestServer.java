package io.lottor.samples.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.LottorServer;
import io.lottor.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real Lottor server in this JVM, on free ports and a fresh data directory, read over its HTTP API
 * as an operator would, with the server's admin token.
 */
public final class TestServer implements AutoCloseable {
    private final Path dataDir;
    private final LottorServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private TestServer(Path dataDir, LottorServer server) {
        this.dataDir = dataDir;
        this.server = server;
    }

    /** A server with the default settings. */
    public static TestServer start() {
        return start(UnaryOperator.identity());
    }

    /** A server with the settings {@code settings} makes of the defaults (ports and data directory are set after). */
    public static TestServer start(UnaryOperator<ServerConfig> settings) {
        try {
            Path dataDir = Files.createTempDirectory("lottor-samples-test");
            return new TestServer(dataDir, LottorServer.start(
                    settings.apply(ServerConfig.defaults()).withGrpcPort(0).withHttpPort(0).withDataDir(dataDir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gRPC address for {@code lottor.server.targets}. */
    public String target() {
        return "127.0.0.1:" + server.grpcPort();
    }

    /** {@code GET /api/v1/groups/{id}}; empty on 404. */
    public Optional<JsonNode> group(String groupId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/groups/" + groupId));
        request.header("Authorization", "Bearer " + server.adminToken());
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(json.readTree(response.body()));
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
