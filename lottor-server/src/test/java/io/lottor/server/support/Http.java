package io.lottor.server.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain {@link HttpClient} calls with an optional bearer token, for tests of the HTTP API. */
public final class Http {
    private final HttpClient client;

    public Http() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    public Http(HttpClient client) {
        this.client = client;
    }

    /** GET {@code uri}; {@code token} null sends no Authorization header. */
    public HttpResponse<String> get(URI uri, String token) throws Exception {
        return send(request(uri, token).GET());
    }

    /** POST {@code json} to {@code uri}. */
    public HttpResponse<String> post(URI uri, String token, String json) throws Exception {
        return send(request(uri, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpRequest.Builder request(URI uri, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }
}
