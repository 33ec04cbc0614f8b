package io.lottor.server.api.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.lottor.server.model.Caller;
import io.lottor.server.security.Role;
import io.lottor.server.security.Tokens;
import io.lottor.server.security.UnauthenticatedException;

/**
 * A before-handler that lets a request through only with the token its route needs
 * ({@link RouteAccess}): admin routes need the admin token; producer routes need the client token or
 * the admin token when a client token is configured, and are open otherwise; {@code whoami} needs
 * either token. A refused request is
 * answered {@code 401 {"error":"UNAUTHENTICATED", "field":"authorization"}}. The caller's role is
 * left in the context attribute {@link #ROLE} and the services its token may act for in {@link #CALLER},
 * for the routes.
 */
public final class AccessControl implements Handler {
    /** The context attribute holding the caller's {@link Role}. */
    public static final String ROLE = "lottor.role";
    /** The context attribute holding the caller's {@link Caller}. */
    public static final String CALLER = "lottor.caller";

    private final Tokens tokens;

    public AccessControl(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void handle(Context ctx) {
        Role role = tokens.roleOf(ctx.header("Authorization"));
        ctx.attribute(ROLE, role);
        ctx.attribute(CALLER, tokens.callerOf(ctx.header("Authorization")));
        switch (RouteAccess.of(ctx.method().name(), ctx.path())) {
            case OPEN -> { }
            case PRODUCER -> {
                if (tokens.clientTokenRequired() && role == Role.ANONYMOUS) {
                    throw new UnauthenticatedException(
                            "authorization: this endpoint needs 'Authorization: Bearer <client or admin token>'");
                }
            }
            case ANY_TOKEN -> {
                if (role == Role.ANONYMOUS) {
                    throw new UnauthenticatedException("authorization: send 'Authorization: Bearer <admin or client token>'");
                }
            }
            case ADMIN -> {
                if (role != Role.ADMIN) {
                    throw new UnauthenticatedException(role == Role.CLIENT
                            ? "authorization: the client token does not open admin endpoints; use the admin token"
                            : "authorization: this endpoint needs 'Authorization: Bearer <admin token>'");
                }
            }
            default -> throw new IllegalStateException("unknown access class");
        }
    }
}
