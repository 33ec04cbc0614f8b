package io.lottor.server.api.http;

import java.util.regex.Pattern;

/**
 * Which token an HTTP request needs, by method and path, as the session contract says: the producer
 * endpoints take the client token (when one is configured) or the admin token; every other
 * {@code /api/*} endpoint takes the admin token, but {@code GET /api/v1/whoami}, which takes either;
 * health, metrics, the UI's static files, the OpenAPI document and CORS preflights ({@code OPTIONS}) are
 * open. Access control (a before-handler) asks {@link #of}; this class checks nothing itself.
 */
public enum RouteAccess {
    /** No token needed. */
    OPEN,
    /** The client token when one is configured (else open); the admin token also passes. */
    PRODUCER,
    /** The admin token or the client token, never open (whoami: which one is it?). */
    ANY_TOKEN,
    /** The admin token. */
    ADMIN;

    static final String WHOAMI = "/api/v1/whoami";

    private static final Pattern PRODUCER_POST = Pattern.compile("/api/v1/groups(/[^/]+/(commit|rollback))?");
    private static final Pattern PRODUCER_GET = Pattern.compile("/api/v1/groups/[^/]+");

    /**
     * The access a request to {@code path} (the decoded or raw request path, without query) with HTTP
     * {@code method} needs. A trailing slash is ignored, as the router ignores it.
     */
    public static RouteAccess of(String method, String path) {
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!normalized.startsWith("/api/") || "OPTIONS".equalsIgnoreCase(method)
                || normalized.equals(ProducerRoutes.OPENAPI)) {
            return OPEN;
        }
        if ("POST".equalsIgnoreCase(method) && PRODUCER_POST.matcher(normalized).matches()
                || "GET".equalsIgnoreCase(method) && PRODUCER_GET.matcher(normalized).matches()) {
            return PRODUCER;
        }
        return normalized.equals(WHOAMI) ? ANY_TOKEN : ADMIN;
    }
}
