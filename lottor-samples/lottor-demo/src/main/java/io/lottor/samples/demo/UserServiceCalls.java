package io.lottor.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
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

/** {@code POST /user} on user-service, as a user of the sample would call it. */
final class UserServiceCalls {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;

    UserServiceCalls(URI base) {
        this.base = base;
    }

    Answer createUser(String result, String username) {
        URI uri = base.resolve("/user?result=" + encode(result) + "&username=" + encode(username));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), json.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The HTTP status and JSON body of an answer. */
    record Answer(int status, JsonNode body) {
        /** The new user's id; {@code null} when none was created. */
        String userId() {
            JsonNode id = body.path("user_id");
            return id.isTextual() ? id.asText() : null;
        }

        /** The Lottor group user-service answered; {@code null} when none. */
        String groupId() {
            JsonNode id = body.path("group_id");
            return id.isTextual() ? id.asText() : null;
        }

        String describe() {
            if (status == 201) {
                return "answered 201: created user " + body.path("username").asText() + " (id " + userId()
                        + ") and sent auth-role message " + body.path("message_id").asText() + " to auth-service";
            }
            return "answered " + status + ": " + body.path("message").asText(body.toString());
        }
    }
}
