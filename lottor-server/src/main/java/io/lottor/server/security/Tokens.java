package io.lottor.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The effective tokens and the check of a presented {@code Authorization: Bearer <token>} value.
 * Comparisons take the same time whatever the presented value shares with a token. Thread-safe.
 */
public final class Tokens {
    private static final String BEARER = "bearer ";

    private final byte[] admin;
    private final byte[] client;

    /** @param admin the admin token (required); @param client the client token, or {@code null} for none */
    public Tokens(String admin, String client) {
        if (admin == null || admin.isEmpty()) {
            throw new IllegalArgumentException("the admin token must not be empty");
        }
        this.admin = admin.getBytes(StandardCharsets.UTF_8);
        this.client = client == null ? null : client.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a client token is configured; without one, producer endpoints and gRPC are open. */
    public boolean clientTokenRequired() {
        return client != null;
    }

    /**
     * The role of a caller that sent {@code authorization} (the whole header value, {@code Bearer <token>},
     * the scheme case-insensitive); {@link Role#ANONYMOUS} for {@code null}, another scheme or a wrong token.
     */
    public Role roleOf(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Role.ANONYMOUS;
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        boolean isAdmin = MessageDigest.isEqual(presented, admin);
        boolean isClient = client != null && MessageDigest.isEqual(presented, client);
        if (isAdmin) {
            return Role.ADMIN;
        }
        return isClient ? Role.CLIENT : Role.ANONYMOUS;
    }
}
