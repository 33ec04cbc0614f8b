package io.lottor.server.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The URLs the server may call to ask a producer about its group (a Prepare's {@code check_back_url}):
 * the {@code --check-back-urls} allow-list, so that a client cannot make the server call arbitrary
 * addresses. Each entry is an exact http(s) URL, or a prefix ending in {@code *} right after a {@code /}
 * of the path ({@code http://orders.internal/lottor/*}), so a pattern always pins scheme, host and port.
 * Empty (the default) permits none. Immutable, thread-safe.
 *
 * <p>URLs are compared in a canonical form: scheme and host lower-cased, the port made explicit, the raw
 * path and query as given. A URL with user info, a fragment, or a {@code .}/{@code ..} path segment (plain
 * or percent-encoded) is refused whatever the list says: each could point somewhere else than it reads.
 */
public final class CheckBackUrls {
    /** Permits nothing. */
    public static final CheckBackUrls NONE = new CheckBackUrls(List.of(), List.of());
    /** The longest {@code check_back_url} accepted, in characters. */
    public static final int MAX_LENGTH = 2048;

    private final List<String> patterns;
    private final List<String> canonical;

    private CheckBackUrls(List<String> patterns, List<String> canonical) {
        this.patterns = List.copyOf(patterns);
        this.canonical = List.copyOf(canonical);
    }

    /**
     * The allow-list of {@code patterns}.
     *
     * @throws IllegalArgumentException naming the first pattern that is not an http(s) URL or whose
     *                                  {@code *} is not at the end, after a {@code /} of the path
     */
    public static CheckBackUrls of(List<String> patterns) {
        List<String> canonical = patterns.stream().map(CheckBackUrls::canonicalPattern).toList();
        return new CheckBackUrls(patterns, canonical);
    }

    /** The patterns as configured. */
    public List<String> patterns() {
        return patterns;
    }

    /**
     * Checks a Prepare's {@code check_back_url}; {@code null} or empty is fine (check-backs then go to
     * sessions).
     *
     * @throws InvalidArgumentException naming {@code check_back_url}: malformed, too long, or not permitted
     */
    public void require(String url) {
        if (url == null || url.isEmpty()) {
            return;
        }
        if (url.length() > MAX_LENGTH) {
            throw invalid("check_back_url is " + url.length() + " characters, over the limit of " + MAX_LENGTH);
        }
        String candidate = canonicalUrl(url);
        if (candidate == null) {
            throw invalid("check_back_url must be an absolute http or https URL without user info, fragment or"
                    + " dot segments, got \"" + url + "\"");
        }
        if (patterns.isEmpty()) {
            throw invalid("check_back_url \"" + url + "\" is not allowed: the server calls only URLs its"
                    + " --check-back-urls allow-list permits, and --check-back-urls is not set");
        }
        if (!permits(candidate)) {
            throw invalid("check_back_url \"" + url + "\" is not allowed by the server's --check-back-urls ("
                    + String.join(", ", patterns) + ")");
        }
    }

    private boolean permits(String candidate) {
        for (String pattern : canonical) {
            boolean prefix = pattern.endsWith("*");
            if (prefix ? candidate.startsWith(pattern.substring(0, pattern.length() - 1)) : candidate.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static InvalidArgumentException invalid(String message) {
        return new InvalidArgumentException("check_back_url", message);
    }

    private static String canonicalPattern(String pattern) {
        String trimmed = pattern.trim();
        int star = trimmed.indexOf('*');
        boolean prefix = star >= 0;
        if (prefix && (star != trimmed.length() - 1 || !trimmed.substring(0, star).endsWith("/"))) {
            throw new IllegalArgumentException("'" + pattern + "': a * may only end the pattern, right after a /"
                    + " of the path, e.g. http://orders.internal/lottor/*");
        }
        String canonical = canonicalUrl(prefix ? trimmed.substring(0, star) : trimmed);
        if (canonical == null) {
            throw new IllegalArgumentException("'" + pattern + "' is not an http or https URL with a host, e.g."
                    + " http://orders.internal/lottor/*");
        }
        return prefix ? canonical + "*" : canonical;
    }

    /** {@code scheme://host:port/raw-path[?raw-query]}, or null when the URL is not one the server calls. */
    private static String canonicalUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null || hasDotSegment(uri.getRawPath())) {
            return null;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static boolean hasDotSegment(String rawPath) {
        if (rawPath == null) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            String decoded = segment.replaceAll("(?i)%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "CheckBackUrls" + patterns;
    }
}
