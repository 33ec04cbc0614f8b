package io.lottor.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Calls a test server's HTTP API with {@link HttpClient}, as any client in any language would, sending
 * the server's admin token (which every endpoint accepts).
 */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    /** Calls {@code server} with its admin token, which every endpoint accepts. */
    public ApiClient(TestServer server) {
        this.base = "http://127.0.0.1:" + server.server().httpPort();
        this.token = server.adminToken();
    }

    /** A response: its status and its body as JSON (null when the body is not JSON). */
    public record Response(int status, JsonNode body, String text) {
        /** The error body's {@code error}, {@code field}: e.g. {@code "INVALID_ARGUMENT limit"}. */
        public String error() {
            return body.get("error").asText() + " " + body.get("field").asText();
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** POSTs {@code json} (a JSON text, or null for no body). */
    public Response post(String path, String json) {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json);
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(body));
    }

    /** JSON text from single-quoted JSON, for readable test bodies: {@code json("{'a': 1}")}. */
    public static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private Response send(HttpRequest.Builder request) {
        try {
            request.header("Authorization", "Bearer " + token);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), parse(response.body()), response.body());
        } catch (IOException e) {
            throw new AssertionError("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body.isEmpty() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
