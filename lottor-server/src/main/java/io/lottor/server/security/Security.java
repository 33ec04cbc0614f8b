package io.lottor.server.security;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Access settings of a server: tokens, TLS, CORS and check-back URLs. Immutable.
 *
 * @param adminToken    the token of every admin endpoint; {@code null}: generated on first start and kept
 *                      in {@code <data-dir>/admin-token}
 * @param clientTokens  the tokens producer endpoints and gRPC calls need, each bound to services or not;
 *                      empty: they are open
 * @param tlsCert       PEM certificate chain of both listeners; {@code null} with {@code tlsKey}: plaintext
 * @param tlsKey        PEM PKCS#8 private key of {@code tlsCert}
 * @param corsOrigins   origins a browser may call the HTTP API from; empty: no cross-origin calls
 * @param checkBackUrls the URLs (exact, or prefixes ending in {@code /*}) a Prepare's {@code check_back_url}
 *                      may name, so that the server calls no other address; empty: none is accepted
 */
public record Security(String adminToken, List<ClientToken> clientTokens, Path tlsCert, Path tlsKey,
                       List<String> corsOrigins, List<String> checkBackUrls) {

    public Security {
        adminToken = blankToNull(adminToken);
        clientTokens = clientTokens == null ? List.of() : List.copyOf(clientTokens);
        requireDistinctSecrets(clientTokens);
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        checkBackUrls = checkBackUrls == null ? List.of() : List.copyOf(checkBackUrls);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException(tlsCert == null
                    ? "--tls-cert is missing: --tls-key needs the certificate too"
                    : "--tls-key is missing: --tls-cert needs the private key too");
        }
    }

    /**
     * One client token given as text ({@code null} or blank: none; see {@link ClientToken#parse}), no
     * check-back URL allowed.
     */
    public Security(String adminToken, String clientToken, Path tlsCert, Path tlsKey, List<String> corsOrigins) {
        this(adminToken, tokens(clientToken), tlsCert, tlsKey, corsOrigins, List.of());
    }

    /** No tokens configured (the admin token is generated), no TLS, no CORS, no check-back URL allowed. */
    public static Security defaults() {
        return new Security(null, List.of(), null, null, List.of(), List.of());
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
        return new Security(value, clientTokens, tlsCert, tlsKey, corsOrigins, checkBackUrls);
    }

    /**
     * One client token, {@code NAME=TOKEN:svc1,svc2} (bound to services) or a shared token (any other text);
     * {@code null} or blank for none. See {@link ClientToken#parse}.
     */
    public Security withClientToken(String value) {
        return withClientTokens(tokens(value));
    }

    public Security withClientTokens(List<ClientToken> value) {
        return new Security(adminToken, value, tlsCert, tlsKey, corsOrigins, checkBackUrls);
    }

    /** Both PEM files, or both {@code null} for plaintext. */
    public Security withTls(Path cert, Path key) {
        return new Security(adminToken, clientTokens, cert, key, corsOrigins, checkBackUrls);
    }

    public Security withCorsOrigins(List<String> value) {
        return new Security(adminToken, clientTokens, tlsCert, tlsKey, value, checkBackUrls);
    }

    /** The {@code --check-back-urls} allow-list. */
    public Security withCheckBackUrls(List<String> value) {
        return new Security(adminToken, clientTokens, tlsCert, tlsKey, corsOrigins, value);
    }

    /** Names which tokens are set, never their values: configurations get logged. */
    @Override
    public String toString() {
        return "Security[adminToken=" + (adminToken == null ? "generated" : "***") + ", clientTokens="
                + (clientTokens.isEmpty() ? "none" : clientTokens) + ", tlsCert=" + tlsCert + ", tlsKey=" + tlsKey
                + ", corsOrigins=" + corsOrigins + ", checkBackUrls=" + checkBackUrls + "]";
    }

    private static List<ClientToken> tokens(String spec) {
        String value = blankToNull(spec);
        return value == null ? List.of() : List.of(ClientToken.parse(value));
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
