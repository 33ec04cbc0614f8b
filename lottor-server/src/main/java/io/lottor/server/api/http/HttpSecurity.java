package io.lottor.server.api.http;

import io.lottor.server.security.Tokens;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * How the HTTP listener admits callers.
 *
 * @param tokens      the tokens {@link AccessControl} checks
 * @param corsOrigins origins allowed to call cross-origin; empty for none
 * @param tls         the TLS context of the listener, or {@code null} for plaintext
 */
public record HttpSecurity(Tokens tokens, List<String> corsOrigins, SSLContext tls) {
    public HttpSecurity {
        corsOrigins = List.copyOf(corsOrigins);
    }
}
