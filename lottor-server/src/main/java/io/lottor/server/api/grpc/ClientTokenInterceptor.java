package io.lottor.server.api.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.lottor.server.security.Role;
import io.lottor.server.security.Tokens;

/**
 * Refuses every gRPC call without the client token (or the admin token) in metadata
 * {@code authorization: Bearer <token>} with UNAUTHENTICATED, when a client token is configured; lets
 * every call through otherwise. Thread-safe.
 */
public final class ClientTokenInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Tokens tokens;

    public ClientTokenInterceptor(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                        ServerCallHandler<Q, A> next) {
        if (tokens.clientTokenRequired() && tokens.roleOf(headers.get(AUTHORIZATION)) == Role.ANONYMOUS) {
            call.close(Status.UNAUTHENTICATED.withDescription(
                    "authorization: this server needs metadata 'authorization: Bearer <client token>'"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
