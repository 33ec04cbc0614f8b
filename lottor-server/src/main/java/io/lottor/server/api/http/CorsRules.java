package io.lottor.server.api.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin access to the HTTP API, closed unless origins are configured. A request whose
 * {@code Origin} is configured gets {@code Access-Control-Allow-Origin} with that origin; its preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered 204 with the allowed methods
 * and headers ({@code Authorization}, {@code Content-Type}) and goes no further. Other origins get no
 * CORS header, so browsers refuse them. Credentials (cookies) are never allowed: the API uses bearer tokens.
 */
final class CorsRules implements Handler {
    private static final String METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    private static final String HEADERS = "Authorization, Content-Type";

    private final Set<String> origins;

    CorsRules(List<String> origins) {
        this.origins = origins.stream().map(CorsRules::normalize).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || !origins.contains(normalize(origin))) {
            return;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Vary", "Origin");
        if ("OPTIONS".equals(ctx.method().name()) && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", METHODS);
            ctx.header("Access-Control-Allow-Headers", HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            ctx.skipRemainingHandlers();
        }
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
