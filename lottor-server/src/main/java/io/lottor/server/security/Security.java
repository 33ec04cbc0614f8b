package io.lottor.server.security;

import java.nio.file.Path;
import java.util.List;

/**
 * Access settings of a server: tokens, TLS and CORS. Immutable.
 *
 * @param adminToken  the token of every admin endpoint; {@code null}: generated on first start and kept
 *                    in {@code <data-dir>/admin-token}
 * @param clientToken the token producer endpoints and gRPC calls need; {@code null}: they are open
 * @param tlsCert     PEM certificate chain of both listeners; {@code null} with {@code tlsKey}: plaintext
 * @param tlsKey      PEM PKCS#8 private key of {@code tlsCert}
 * @param corsOrigins origins a browser may call the HTTP API from; empty: no cross-origin calls
 * @param checkBackUrls the URLs (exact, or prefixes ending in {@code /*}) a Prepare's {@code check_back_url}
 *                    may name, so that the server calls no other address; empty: none is accepted
 */
public record Security(String adminToken, String clientToken, Path tlsCert, Path tlsKey, List<String> corsOrigins,
                       List<String> checkBackUrls) {

    public Security {
        adminToken = blankToNull(adminToken);
        clientToken = blankToNull(clientToken);
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        checkBackUrls = checkBackUrls == null ? List.of() : List.copyOf(checkBackUrls);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException(tlsCert == null
                    ? "--tls-cert is missing: --tls-key needs the certificate too"
                    : "--tls-key is missing: --tls-cert needs the private key too");
        }
    }

    /** As above, with no check-back URL allowed. */
    public Security(String adminToken, String clientToken, Path tlsCert, Path tlsKey, List<String> corsOrigins) {
        this(adminToken, clientToken, tlsCert, tlsKey, corsOrigins, List.of());
    }

    /** No tokens configured (the admin token is generated), no TLS, no CORS, no check-back URL allowed. */
    public static Security defaults() {
        return new Security(null, null, null, null, List.of(), List.of());
    }

    /** Whether both listeners use TLS. */
    public boolean tls() {
        return tlsCert != null;
    }

    public Security withAdminToken(String value) {
        return new Security(value, clientToken, tlsCert, tlsKey, corsOrigins, checkBackUrls);
    }

    public Security withClientToken(String value) {
        return new Security(adminToken, value, tlsCert, tlsKey, corsOrigins, checkBackUrls);
    }

    /** Both PEM files, or both {@code null} for plaintext. */
    public Security withTls(Path cert, Path key) {
        return new Security(adminToken, clientToken, cert, key, corsOrigins, checkBackUrls);
    }

    public Security withCorsOrigins(List<String> value) {
        return new Security(adminToken, clientToken, tlsCert, tlsKey, value, checkBackUrls);
    }

    /** The {@code --check-back-urls} allow-list. */
    public Security withCheckBackUrls(List<String> value) {
        return new Security(adminToken, clientToken, tlsCert, tlsKey, corsOrigins, value);
    }

    /** Names which tokens are set, never their values: configurations get logged. */
    @Override
    public String toString() {
        return "Security[adminToken=" + (adminToken == null ? "generated" : "***") + ", clientToken="
                + (clientToken == null ? "none" : "***") + ", tlsCert=" + tlsCert + ", tlsKey=" + tlsKey
                + ", corsOrigins=" + corsOrigins + ", checkBackUrls=" + checkBackUrls + "]";
    }

    private static String blankToNull(String token) {
        return token == null || token.isBlank() ? null : token.trim();
    }
}
