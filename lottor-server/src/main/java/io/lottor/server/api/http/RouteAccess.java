package io.lottor.server.api.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which token an HTTP request needs, by method and path alone (so a route added later is admin-only
 * unless listed here). {@link AccessControl} asks {@link #of} before any route runs; this enum checks
 * nothing itself.
 * <ul>
 *   <li>{@link #OPEN}: every path not under {@code /api/} (health, {@code /metrics}, the UI's
 *       static files), {@code GET /api/v1/openapi.json}, and CORS preflights ({@code OPTIONS});</li>
 *   <li>{@link #PRODUCER}: {@code POST /api/v1/groups}, {@code POST /api/v1/groups/{id}/commit},
 *       {@code POST /api/v1/groups/{id}/rollback}, {@code GET /api/v1/groups/{id}};</li>
 *   <li>{@link #ANY_TOKEN}: {@code GET /api/v1/whoami}, which tells a token's role;</li>
 *   <li>{@link #ADMIN}: everything else under {@code /api/}.</li>
 * </ul>
 * The {@code /api/} test is made on the decoded, lower-cased path with repeated slashes collapsed, so
 * no spelling of an API path escapes it.
 */
public enum RouteAccess {
    /** No token needed. */
    OPEN,
    /** The client token when one is configured (else open); the admin token also passes. */
    PRODUCER,
    /** The admin token or the client token, never open. */
    ANY_TOKEN,
    /** The admin token. */
    ADMIN;

    private static final String GROUPS = "/api/v1/groups";

    /**
     * The access a request with {@code httpMethod} to {@code path} (the raw request path,
     * without query) needs. A trailing slash is ignored, as the router ignores it.
     */
    public static RouteAccess of(String httpMethod, String path) {
        String method = httpMethod.toUpperCase(Locale.ROOT);
        if ("OPTIONS".equals(method) || !isApi(path)) {
            return OPEN;
        }
        String canonical = collapse(path).toLowerCase(Locale.ROOT);
        if (canonical.endsWith("/") && canonical.length() > 1) {
            canonical = canonical.substring(0, canonical.length() - 1);
        }
        if ("GET".equals(method) && canonical.equals("/api/v1/openapi.json")) {
            return OPEN;
        }
        if ("GET".equals(method) && canonical.equals("/api/v1/whoami")) {
            return ANY_TOKEN;
        }
        return isProducer(method, canonical) ? PRODUCER : ADMIN;
    }

    private static boolean isProducer(String method, String path) {
        if ("POST".equals(method) && path.equals(GROUPS)) {
            return true;
        }
        if (!path.startsWith(GROUPS + "/")) {
            return false;
        }
        String[] rest = path.substring(GROUPS.length() + 1).split("/", -1);
        if (rest[0].isEmpty() || rest[0].contains("%2f") || rest[0].contains("%5c")) {
            return false;
        }
        if (rest.length == 1) {
            return "GET".equals(method) || "HEAD".equals(method);
        }
        return rest.length == 2 && "POST".equals(method) && (rest[1].equals("commit") || rest[1].equals("rollback"));
    }

    private static boolean isApi(String path) {
        String decoded;
        try {
            decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return true;
        }
        String canonical = collapse(decoded.replace('\\', '/')).toLowerCase(Locale.ROOT);
        return canonical.equals("/api") || canonical.startsWith("/api/");
    }

    private static String collapse(String path) {
        return path.replaceAll("/{2,}", "/");
    }
}
