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
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.lottor.protocol.v1.CoordinatorGrpc;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server's own threads, named {@code lottor-grpc-io-*} (Netty event loops, epoll where the
 * platform has it, as gRPC's defaults) and {@code lottor-grpc-call-*} (a cached pool like gRPC's default
 * executor). gRPC's defaults are process-wide pools that a client in the same JVM shares; the server's own
 * make its CPU measurable apart (the bench's in-process server) and end with it.
 *
 * <p>Handlers that never block and carry small messages run on the event loop that read their call: Commit
 * and Rollback when no client token binds callers to services, and the Session stream (its frames are
 * posted to the dispatcher or the check-back sweeper, its store writes answer with futures). That saves a
 * thread hand-off per call and per stream frame (~15 µs of CPU each on a 2-core machine, see
 * docs/performance.md). Prepare runs on the call pool: its request may be as large as max-request-bytes,
 * and parsing and hashing megabytes on an event loop would hold up every other call of its connections
 * (under a flood of 4 MiB Prepares it did). So do the calls that read the store before answering
 * (GetGroup, GroupStates, ReportConsumption, and Commit and Rollback when a bound caller's source must be
 * looked up), so that a slow read never holds up the connections' other calls.
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

    /**
     * Makes {@code builder} run on these threads.
     *
     * @param callersBound whether client tokens may bind callers to services: then Commit and Rollback look
     *                     the group's source up in the store, and run on the call pool
     */
    public NettyServerBuilder applyTo(NettyServerBuilder builder, boolean callersBound) {
        Set<String> reading = new HashSet<>(Set.of(CoordinatorGrpc.getPrepareMethod().getFullMethodName(),
                CoordinatorGrpc.getGetGroupMethod().getFullMethodName(),
                CoordinatorGrpc.getGroupStatesMethod().getFullMethodName(),
                CoordinatorGrpc.getReportConsumptionMethod().getFullMethodName()));
        if (callersBound) {
            reading.add(CoordinatorGrpc.getCommitMethod().getFullMethodName());
            reading.add(CoordinatorGrpc.getRollbackMethod().getFullMethodName());
        }
        return builder.bossEventLoopGroup(boss).workerEventLoopGroup(workers).channelType(channelType)
                .directExecutor()
                .callExecutor(new ServerCallExecutorSupplier() {
                    @Override
                    public <Q, A> Executor getExecutor(ServerCall<Q, A> call, Metadata headers) {
                        return reading.contains(call.getMethodDescriptor().getFullMethodName()) ? calls : null;
                    }
                });
    }

    /** The call pool, for work a handler on an event loop hands off. */
    public Executor callPool() {
        return calls;
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
