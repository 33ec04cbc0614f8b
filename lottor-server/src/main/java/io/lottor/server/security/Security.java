package io.lottor.server.security;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Access settings of a server: tokens, TLS and CORS. Immutable.
 *
 * @param adminToken   the token of every admin endpoint; {@code null}: generated on first start and kept
 *                     in {@code <data-dir>/admin-token}
 * @param clientTokens the tokens producer endpoints and gRPC calls need, each bound to services or not;
 *                     empty: they are open
 * @param tlsCert      PEM certificate chain of both listeners; {@code null} with {@code tlsKey}: plaintext
 * @param tlsKey       PEM PKCS#8 private key of {@code tlsCert}
 * @param corsOrigins  origins a browser may call the HTTP API from; empty: no cross-origin calls
 */
public record Security(String adminToken, List<ClientToken> clientTokens, Path tlsCert, Path tlsKey,
                       List<String> corsOrigins) {

    public Security {
        adminToken = blankToNull(adminToken);
        clientTokens = clientTokens == null ? List.of() : List.copyOf(clientTokens);
        requireDistinctSecrets(clientTokens);
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException(tlsCert == null
                    ? "--tls-cert is missing: --tls-key needs the certificate too"
                    : "--tls-key is missing: --tls-cert needs the private key too");
        }
    }

    /** No tokens configured (the admin token is generated), no TLS, no CORS. */
    public static Security defaults() {
        return new Security(null, List.of(), null, null, List.of());
    }

    /** Whether both listeners use TLS. */
    public boolean tls() {
        return tlsCert != null;
    }

    /** Whether callers need a client token (or the admin token) for producer endpoints and gRPC. */
    public boolean clientTokenRequired() {
        return !clientTokens.isEmpty();
    }

    /** The secret of the first client token, {@code null} when there is none (one shared token: that token). */
    public String clientToken() {
        return clientTokens.isEmpty() ? null : clientTokens.get(0).token();
    }

    public Security withAdminToken(String value) {
        return new Security(value, clientTokens, tlsCert, tlsKey, corsOrigins);
    }

    /**
     * One client token, {@code NAME=TOKEN:svc1,svc2} (bound to services) or a shared token (any other text);
     * {@code null} or blank for none. See {@link ClientToken#parse}.
     */
    public Security withClientToken(String value) {
        String spec = blankToNull(value);
        return withClientTokens(spec == null ? List.of() : List.of(ClientToken.parse(spec)));
    }

    public Security withClientTokens(List<ClientToken> value) {
        return new Security(adminToken, value, tlsCert, tlsKey, corsOrigins);
    }

    /** Both PEM files, or both {@code null} for plaintext. */
    public Security withTls(Path cert, Path key) {
        return new Security(adminToken, clientTokens, cert, key, corsOrigins);
    }

    public Security withCorsOrigins(List<String> value) {
        return new Security(adminToken, clientTokens, tlsCert, tlsKey, value);
    }

    /** Names which tokens are set, never their values: configurations get logged. */
    @Override
    public String toString() {
        return "Security[adminToken=" + (adminToken == null ? "generated" : "***") + ", clientTokens="
                + (clientTokens.isEmpty() ? "none" : clientTokens) + ", tlsCert=" + tlsCert + ", tlsKey=" + tlsKey
                + ", corsOrigins=" + corsOrigins + "]";
    }

    private static void requireDistinctSecrets(List<ClientToken> tokens) {
        Set<String> secrets = new HashSet<>();
        for (ClientToken token : tokens) {
            if (!secrets.add(token.token())) {
                throw new IllegalArgumentException("--client-token: client token " + token.name()
                        + " has the same secret as an earlier one; give every token its own");
            }
        }
    }

    private static String blankToNull(String token) {
        return token == null || token.isBlank() ? null : token.trim();
    }
}
