package io.lottor.server.api.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.lottor.server.model.Caller;
import io.lottor.server.security.Role;
import io.lottor.server.security.Tokens;

/**
 * Refuses every gRPC call without the client token (or the admin token) in metadata
 * {@code authorization: Bearer <token>} with UNAUTHENTICATED, when a client token is configured; lets
 * every call through otherwise. Puts the caller's {@link Caller} (the services its token may act for)
 * into the call's context as {@link #CALLER}, for the handlers to pass to the coordinator. Thread-safe.
 */
public final class ClientTokenInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** The caller of the current call; a call that did not pass this interceptor may act for no service. */
    static final Context.Key<Caller> CALLER = Context.keyWithDefault("lottor-caller", Caller.NO_SERVICE);

    private final Tokens tokens;

    public ClientTokenInterceptor(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                        ServerCallHandler<Q, A> next) {
        String authorization = headers.get(AUTHORIZATION);
        if (tokens.clientTokenRequired() && tokens.roleOf(authorization) == Role.ANONYMOUS) {
            call.close(Status.UNAUTHENTICATED.withDescription(
                    "authorization: this server needs metadata 'authorization: Bearer <client token>'"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        Context context = Context.current().withValue(CALLER, tokens.callerOf(authorization));
        return Contexts.interceptCall(context, call, headers, next);
    }
}
