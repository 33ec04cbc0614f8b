package io.lottor.server.security;

import io.lottor.server.model.Caller;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client token and the services it may act for. Written {@code NAME=TOKEN:svc1,svc2} (bound to those
 * services) or {@code NAME=TOKEN:*} (any service); any other text is a shared token that may act for
 * any service, named {@code shared}. Immutable; {@link #toString()} never shows the token.
 *
 * @param name     how logs and errors name the token
 * @param token    the secret
 * @param services the services it may act for; {@code null} for any service
 */
public record ClientToken(String name, String token, Set<String> services) {
    private static final String NAME = "[A-Za-z0-9._-]{1,64}";
    private static final String SERVICE = "[A-Za-z0-9._-]{1,128}";
    private static final Pattern BOUND = Pattern.compile("(" + NAME + ")=(\\S+):(\\*|" + SERVICE + "(?:," + SERVICE + ")*)");

    public ClientToken {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("client token " + name + ": the token must not be empty");
        }
        services = services == null ? null : Set.copyOf(services);
    }

    /** A token that may act for any service. */
    public static ClientToken shared(String token) {
        return new ClientToken("shared", token.trim(), null);
    }

    /** Parses {@code NAME=TOKEN:svc1,svc2} or {@code NAME=TOKEN:*}; anything else is a {@link #shared} token. */
    public static ClientToken parse(String spec) {
        ClientToken named = parseNamed(spec);
        return named != null ? named : shared(spec);
    }

    /** Parses {@code NAME=TOKEN:svc1,svc2} or {@code NAME=TOKEN:*}; {@code null} if {@code spec} has another form. */
    public static ClientToken parseNamed(String spec) {
        Matcher matcher = BOUND.matcher(spec.trim());
        if (!matcher.matches()) {
            return null;
        }
        Set<String> services = "*".equals(matcher.group(3)) ? null
                : new LinkedHashSet<>(Arrays.asList(matcher.group(3).split(",")));
        return new ClientToken(matcher.group(1), matcher.group(2), services);
    }

    /** The caller a request with this token is. */
    public Caller caller() {
        return services == null ? Caller.ANY_SERVICE : Caller.boundTo(name, services);
    }

    @Override
    public String toString() {
        return "ClientToken[" + name + "=***:" + (services == null ? "*" : String.join(",", services)) + "]";
    }
}
