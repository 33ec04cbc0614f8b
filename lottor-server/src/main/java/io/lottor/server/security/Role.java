package io.lottor.server.security;

/** Who a caller is, by the token it presented. */
public enum Role {
    /** Presented the admin token: may call everything. */
    ADMIN,
    /** Presented the client token: may call producer endpoints and gRPC. */
    CLIENT,
    /** Presented no token, or one that matches none. */
    ANONYMOUS
}
