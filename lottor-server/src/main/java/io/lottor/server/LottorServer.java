package io.lottor.server;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.lottor.server.api.grpc.CoordinatorGrpcService;
import io.lottor.server.api.http.HttpApi;
import io.lottor.server.delivery.direct.DirectDelivery;
import io.lottor.server.delivery.direct.SessionRegistry;
import io.lottor.server.group.Coordinator;
import io.lottor.server.recovery.CheckBackSweeper;
import io.lottor.server.recovery.FinishedGroupPurger;
import io.lottor.server.recovery.RetrySchedule;
import io.lottor.server.store.Store;
import io.lottor.server.store.jdbc.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Lottor server: the store, delivery, recovery, and the gRPC and HTTP listeners, wired
 * together. {@link #close()} stops them in reverse order.
 */
public final class LottorServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LottorServer.class);
    private static final Duration SCAN_INTERVAL = Duration.ofMillis(100);
    private static final Duration SWEEP_INTERVAL = Duration.ofMillis(200);

    private final String serverId;
    private final Store store;
    private final DirectDelivery delivery;
    private final CheckBackSweeper checkBacks;
    private final FinishedGroupPurger purger;
    private final CoordinatorGrpcService grpcService;
    private final Server grpc;
    private final HttpApi http;
    private final int httpPort;
    private volatile boolean serving;

    private LottorServer(ServerConfig config) throws IOException {
        Clock clock = Clock.systemUTC();
        this.serverId = UUID.randomUUID().toString().substring(0, 8);
        this.store = JdbcStore.openSqlite(config.dataDir());
        int requeued = store.requeueInFlight(clock.millis()).join();
        if (requeued > 0) {
            log.info("in-flight messages of the previous run requeued messages={}", requeued);
        }
        RetrySchedule retries = new RetrySchedule(config.retryInitialBackoff(), config.retryMaxBackoff(),
                config.maxAttempts());
        SessionRegistry sessions = new SessionRegistry();
        this.delivery = new DirectDelivery(store, sessions, retries, config.ackTimeout(), SCAN_INTERVAL, clock);
        Coordinator coordinator = new Coordinator(store, delivery, config.limits(), config.checkAfter(), clock);
        this.checkBacks = new CheckBackSweeper(store, sessions, retries, clock);
        this.purger = new FinishedGroupPurger(store, config.retention(), clock);
        this.grpcService = new CoordinatorGrpcService(coordinator, delivery, checkBacks, clock, serverId,
                config.heartbeatInterval().toMillis());
        this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.grpcPort()))
                .addService(ServerInterceptors.intercept(grpcService, new CoordinatorGrpcService.RemoteAddress()))
                .maxInboundMessageSize(2 * config.limits().maxRequestBytes())
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build()
                .start();
        checkBacks.start(coordinator, SWEEP_INTERVAL);
        purger.start(Duration.ofMinutes(1));
        this.http = new HttpApi(coordinator, this::isReady);
        this.httpPort = http.start(config.host(), config.httpPort());
        this.serving = true;
    }

    /** Opens the store, recovers, and starts listening. */
    public static LottorServer start(ServerConfig config) {
        try {
            LottorServer server = new LottorServer(config);
            log.info("server listening server_id={} grpc_port={} http_port={} data_dir={}", server.serverId,
                    server.grpcPort(), server.httpPort(), config.dataDir().toAbsolutePath());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("the server could not start: " + e.getMessage(), e);
        }
    }

    public int grpcPort() {
        return grpc.getPort();
    }

    public int httpPort() {
        return httpPort;
    }

    public String serverId() {
        return serverId;
    }

    /** Serving and the store answers. */
    public boolean isReady() {
        return serving && store.isHealthy();
    }

    /** Blocks until the server is closed. */
    public void awaitTermination() throws InterruptedException {
        grpc.awaitTermination();
    }

    @Override
    public void close() {
        serving = false;
        http.close();
        grpcService.close();
        grpc.shutdown();
        try {
            if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
                grpc.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            grpc.shutdownNow();
        }
        checkBacks.close();
        purger.close();
        delivery.close();
        store.close();
        log.info("lottor server stopped server_id={}", serverId);
    }
}
