package io.lottor.server.security;

import io.lottor.server.model.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The effective tokens and the check of a presented {@code Authorization: Bearer <token>} value. The
 * presented token is compared with every configured token, each through its SHA-256 digest with
 * {@link MessageDigest#isEqual}, so the time taken depends neither on what the presented value shares
 * with a token nor on which token (if any) it matches. Thread-safe.
 */
public final class Tokens {
    private static final String BEARER = "bearer ";

    private final byte[] admin;
    private final List<ClientToken> clients;
    private final List<byte[]> clientDigests;

    /** @param admin the admin token (required); @param client a shared client token, or {@code null} for none */
    public Tokens(String admin, String client) {
        this(admin, client == null ? List.of() : List.of(ClientToken.shared(client)));
    }

    /** @param admin the admin token (required); @param clients the client tokens, empty for none */
    public Tokens(String admin, List<ClientToken> clients) {
        if (admin == null || admin.isEmpty()) {
            throw new IllegalArgumentException("the admin token must not be empty");
        }
        this.admin = digest(admin);
        this.clients = List.copyOf(clients);
        this.clientDigests = this.clients.stream().map(token -> digest(token.token())).toList();
    }

    /** Whether a client token is configured; without one, producer endpoints and gRPC are open. */
    public boolean clientTokenRequired() {
        return !clients.isEmpty();
    }

    /**
     * The role of a caller that sent {@code authorization} (the whole header value, {@code Bearer <token>},
     * the scheme case-insensitive); {@link Role#ANONYMOUS} for {@code null}, another scheme or a wrong token.
     */
    public Role roleOf(String authorization) {
        byte[] presented = presented(authorization);
        if (presented == null) {
            return Role.ANONYMOUS;
        }
        boolean isAdmin = MessageDigest.isEqual(presented, admin);
        boolean isClient = matchingClient(presented) != null;
        if (isAdmin) {
            return Role.ADMIN;
        }
        return isClient ? Role.CLIENT : Role.ANONYMOUS;
    }

    /**
     * The services a caller that sent {@code authorization} may act for: any for the admin token, a shared
     * client token, or when no client token is configured; those of its client token otherwise; none (a
     * caller bound to no service) for a wrong or missing token on a server that needs one.
     */
    public Caller callerOf(String authorization) {
        byte[] presented = presented(authorization);
        ClientToken client = presented == null ? null : matchingClient(presented);
        boolean isAdmin = presented != null && MessageDigest.isEqual(presented, admin);
        if (isAdmin || !clientTokenRequired()) {
            return Caller.ANY_SERVICE;
        }
        return client != null ? client.caller() : Caller.NO_SERVICE;
    }

    /** The configured client token whose digest equals {@code presented}; every digest is compared. */
    private ClientToken matchingClient(byte[] presented) {
        ClientToken match = null;
        for (int i = 0; i < clients.size(); i++) {
            if (MessageDigest.isEqual(presented, clientDigests.get(i)) && match == null) {
                match = clients.get(i);
            }
        }
        return match;
    }

    private static byte[] presented(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return digest(authorization.substring(BEARER.length()).trim());
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
