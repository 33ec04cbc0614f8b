package io.lottor.server.api.grpc;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server's own threads, named {@code lottor-grpc-io-*} (Netty event loops, epoll where the
 * platform has it, as gRPC's defaults) and {@code lottor-grpc-call-*} (the call executor, a cached pool
 * like gRPC's default one). gRPC's defaults are process-wide pools that a client in the same JVM shares;
 * the server's own make its CPU measurable apart (the bench's in-process server) and end with it.
 */
public final class GrpcServerThreads implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService calls = Executors.newCachedThreadPool(named("lottor-grpc-call"));
    private final Class<? extends ServerChannel> channelType;

    public GrpcServerThreads() {
        if (Epoll.isAvailable()) {
            this.boss = new EpollEventLoopGroup(1, named("lottor-grpc-boss"));
            this.workers = new EpollEventLoopGroup(0, named("lottor-grpc-io"));
            this.channelType = EpollServerSocketChannel.class;
        } else {
            this.boss = new NioEventLoopGroup(1, named("lottor-grpc-boss"));
            this.workers = new NioEventLoopGroup(0, named("lottor-grpc-io"));
            this.channelType = NioServerSocketChannel.class;
        }
    }

    /** Makes {@code builder} run on these threads. */
    public NettyServerBuilder applyTo(NettyServerBuilder builder) {
        return builder.bossEventLoopGroup(boss).workerEventLoopGroup(workers).channelType(channelType).executor(calls);
    }

    /** Stops the threads; call after the gRPC server terminated. */
    @Override
    public void close() {
        calls.shutdown();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static ThreadFactory named(String prefix) {
        return new DefaultThreadFactory(prefix, true);
    }
}
