package io.lottor.server.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.model.CheckBackAnswer;
import io.lottor.server.store.DueCheckBack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a producer about its group at the group's {@code check_back_url}: {@code POST <url>} with
 * {@code {"group_id": …, "source": …, "check_back": n}}, expecting {@code 2xx} and
 * {@code {"state": "COMMITTED" | "ROLLED_BACK" | "UNKNOWN"}}. Asynchronous, with short timeouts (connect
 * 2 s, whole call 5 s); redirects are not followed (they could lead past the allow-list). The answer
 * never fails: a transport error, a timeout, another status or body is an {@link Answer} without a state,
 * which the sweeper treats as silence (asked again later, never rolled back). Thread-safe.
 */
final class CheckBackUrlCaller {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_DETAIL = 200;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * What the producer answered.
     *
     * @param state  COMMITTED, ROLLED_BACK or UNKNOWN; null when there was no usable answer
     * @param detail why there was none (or the HTTP status), for the log
     */
    record Answer(CheckBackAnswer.Verdict state, String detail) {
    }

    CompletableFuture<Answer> ask(DueCheckBack group) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(group.checkBackUrl())).timeout(CALL_TIMEOUT)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("User-Agent", "lottor-server")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body(group))).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Answer(null, "bad check_back_url: " + e.getMessage()));
        }
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        // the request timeout covers the response headers; this bounds the body too
        return call.orTimeout(2 * CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).handle((response, error) -> {
            if (error != null) {
                call.cancel(true);
                return new Answer(null, failure(error));
            }
            return answer(response);
        });
    }

    private byte[] body(DueCheckBack group) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("group_id", group.groupId());
        body.put("source", group.source());
        body.put("check_back", group.checkBacks());
        try {
            return json.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers cannot fail to serialize", e);
        }
    }

    private Answer answer(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            return new Answer(null, "HTTP " + response.statusCode() + ": " + cut(response.body()));
        }
        try {
            JsonNode state = json.readTree(response.body()).path("state");
            return switch (state.asText("").toUpperCase(java.util.Locale.ROOT)) {
                case "COMMITTED" -> new Answer(CheckBackAnswer.Verdict.COMMITTED, "HTTP " + response.statusCode());
                case "ROLLED_BACK" -> new Answer(CheckBackAnswer.Verdict.ROLLED_BACK, "HTTP " + response.statusCode());
                case "UNKNOWN" -> new Answer(CheckBackAnswer.Verdict.UNKNOWN, "HTTP " + response.statusCode());
                default -> new Answer(null, "answer is not {\"state\": \"COMMITTED\"|\"ROLLED_BACK\"|\"UNKNOWN\"}: "
                        + cut(response.body()));
            };
        } catch (java.io.IOException e) {
            return new Answer(null, "answer is not JSON: " + cut(response.body()));
        }
    }

    private static String failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException || cause instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + CALL_TIMEOUT.toSeconds() + " s";
        }
        if (cause instanceof java.net.ConnectException) {
            return "cannot connect (" + cause.getClass().getSimpleName() + ")";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static String cut(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
    }
}
