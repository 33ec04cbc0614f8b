package io.lottor.client.internal;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the client's one gRPC channel: plaintext or TLS (the JVM's trusted certificates, or one PEM
 * file), one target or several, and the client token on every call. Keepalive pings detect dead
 * connections; session heartbeats do the real liveness checking.
 *
 * @param targets          {@code host:port} each; one is resolved by gRPC's default (DNS) resolver,
 *                         several by {@link StaticAddressResolver} and balanced round-robin
 * @param clientToken      sent as {@code authorization: Bearer <token>} on every call; null for none
 * @param tls              whether to use TLS
 * @param trustCertificate PEM certificate (or CA) to trust instead of the JVM's; null for the JVM's
 */
public record ChannelFactory(List<String> targets, String clientToken, boolean tls, Path trustCertificate) {

    public ManagedChannel build() {
        NettyChannelBuilder builder = targets.size() == 1
                ? NettyChannelBuilder.forTarget(targets.get(0), credentials())
                : severalTargets();
        if (clientToken != null) {
            builder.intercept(new BearerTokenInterceptor(clientToken));
        }
        return builder.keepAliveTime(30, TimeUnit.SECONDS).keepAliveTimeout(10, TimeUnit.SECONDS).build();
    }

    // nameResolverFactory is deprecated in favour of a globally registered provider; a per-channel
    // factory keeps the addresses with their channel instead of in process-wide state.
    @SuppressWarnings("deprecation")
    private NettyChannelBuilder severalTargets() {
        return NettyChannelBuilder.forTarget(StaticAddressResolver.SCHEME + ":///" + String.join(",", targets),
                        credentials())
                .nameResolverFactory(new StaticAddressResolver.Factory(targets))
                .defaultLoadBalancingPolicy("round_robin");
    }

    private ChannelCredentials credentials() {
        if (!tls && trustCertificate == null) {
            return InsecureChannelCredentials.create();
        }
        if (trustCertificate == null) {
            return TlsChannelCredentials.create();
        }
        try {
            return TlsChannelCredentials.newBuilder().trustManager(trustCertificate.toFile()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trust certificate " + trustCertificate, e);
        }
    }
}
