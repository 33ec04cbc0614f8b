package io.lottor.samples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads groups over the server's public HTTP API, with the admin token, as an operator or the admin UI
 * would. Thread-safe.
 */
final class ServerView {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final String adminToken;

    ServerView(URI base, String adminToken) {
        this.base = base;
        this.adminToken = adminToken;
    }

    /** {@code GET /api/v1/groups/{id}}; empty when the server has no such group (404). */
    Optional<GroupSnapshot> group(String groupId) {
        String path = "/api/v1/groups/" + URLEncoder.encode(groupId, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5));
        if (adminToken != null) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return Optional.of(GroupSnapshot.of(json.readTree(response.body())));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " answered no JSON", e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the server at " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
