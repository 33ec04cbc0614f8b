package io.lottor.server;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.buffer.UnpooledByteBufAllocator;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.lottor.server.api.InboundBudget;
import io.lottor.server.api.grpc.ClientTokenInterceptor;
import io.lottor.server.api.grpc.CoordinatorGrpcService;
import io.lottor.server.api.grpc.GrpcServerThreads;
import io.lottor.server.api.grpc.InboundGate;
import io.lottor.server.api.http.HttpApi;
import io.lottor.server.api.http.HttpSecurity;
import io.lottor.server.api.http.OpsRoutes;
import io.lottor.server.cluster.NodeHeartbeat;
import io.lottor.server.cluster.NodeLiveness;
import io.lottor.server.coordinator.AdminOperations;
import io.lottor.server.coordinator.Coordinator;
import io.lottor.server.coordinator.SessionOperations;
import io.lottor.server.delivery.Delivery;
import io.lottor.server.delivery.direct.WaitingForConsumer;
import io.lottor.server.metrics.ServerMetrics;
import io.lottor.server.model.CheckBackUrls;
import io.lottor.server.model.Limits;
import io.lottor.server.recovery.CheckBackSweeper;
import io.lottor.server.recovery.FinishedGroupPurger;
import io.lottor.server.recovery.RetrySchedule;
import io.lottor.server.security.AdminTokenFile;
import io.lottor.server.security.Security;
import io.lottor.server.security.TlsMaterial;
import io.lottor.server.security.Tokens;
import io.lottor.server.session.ClusterSessions;
import io.lottor.server.session.SessionRegistry;
import io.lottor.server.store.ServerNode;
import io.lottor.server.store.Store;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Lottor server: the store, delivery, recovery, and the gRPC and HTTP listeners, wired
 * together. {@link #close()} stops them in reverse order.
 */
public final class LottorServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LottorServer.class);
    /** The dispatcher's tick: timeouts, due scans (a busy route's every 20 ms, see ScanPlan) and the lease sweep. */
    private static final Duration TICK_INTERVAL = Duration.ofMillis(20);
    private static final Duration SWEEP_INTERVAL = Duration.ofMillis(200);
    private static final Duration NODE_HEARTBEAT_INTERVAL = Duration.ofSeconds(3);
    /** gRPC calls that may wait for the inbound budget before new ones are refused as overloaded. */
    private static final int MAX_WAITING_CALLS = 256;
    /** HTTP/2 flow-control window of each gRPC stream: what a waiting call's client may send unread. */
    private static final int FLOW_CONTROL_WINDOW = 64 << 10;
    /**
     * gRPC calls one connection may have open at once (HTTP/2 {@code SETTINGS_MAX_CONCURRENT_STREAMS}): an
     * open stream holds server state even while idle, so a client could otherwise open them without bound.
     * A client past it holds its next call until one of its calls ends. The Java client keeps two streams
     * per server (Produce and Session) beside its unary calls.
     */
    public static final int MAX_CALLS_PER_CONNECTION = 1000;
    private static final String VERSION = versionOfJar();

    private final String serverId;
    private final Store store;
    private final Delivery delivery;
    private final CheckBackSweeper checkBacks;
    private final FinishedGroupPurger purger;
    private final CoordinatorGrpcService grpcService;
    private final Server grpc;
    private final GrpcServerThreads grpcThreads;
    private final HttpApi http;
    private final int httpPort;
    private final String adminToken;
    private final NodeHeartbeat heartbeat;
    private volatile boolean serving;

    private LottorServer(ServerConfig config, Clock clock, Deque<AutoCloseable> started) throws IOException {
        this.serverId = UUID.randomUUID().toString().substring(0, 8);
        Security security = config.security();
        TlsMaterial tls = security.tls() ? TlsMaterial.load(security.tlsCert(), security.tlsKey()) : null;
        PrometheusMeterRegistry registry = meterRegistry();
        ServerMetrics metrics = new ServerMetrics(registry);
        Limits limits = config.limits();
        this.store = opened(started, Backends.openStore(config, metrics));
        InboundBudget inbound = new InboundBudget(limits.maxInboundBytes(), MAX_WAITING_CALLS);
        this.adminToken = new AdminTokenFile(config.dataDir()).resolve(security.adminToken(), System.out);
        Tokens tokens = new Tokens(adminToken, security.clientTokens());
        NodeLiveness liveness = new NodeLiveness(NODE_HEARTBEAT_INTERVAL);
        ClusterSessions clusterSessions = new ClusterSessions(store, serverId, liveness, clock);
        long now = clock.millis();
        this.heartbeat = opened(started, new NodeHeartbeat(store, new ServerNode(serverId, nodeHost(config.host()), 0, 0,
                VERSION, now, now), clock, liveness, clusterSessions::local));
        boolean shared = config.store().kind() != StoreSettings.Kind.SQLITE;
        if (!shared) {
            forgetEarlierRuns();
        }
        heartbeat.start();
        requeueInFlightOfDeadServers(shared, liveness, clock.millis());
        RetrySchedule retries = new RetrySchedule(config.retryInitialBackoff(), config.retryMaxBackoff(),
                config.maxAttempts());
        SessionRegistry sessions = new SessionRegistry();
        this.delivery = opened(started, Backends.openDelivery(config, store, sessions, clusterSessions, retries,
                TICK_INTERVAL, clock, metrics));
        metrics.bindGauges(sessions, store, clock);
        Coordinator coordinator = new Coordinator(store, delivery, config.limits(), config.checkAfter(), clock, metrics,
                CheckBackUrls.of(security.checkBackUrls()));
        this.checkBacks = opened(started, new CheckBackSweeper(store, sessions, retries, clock, metrics, liveness));
        this.purger = opened(started, new FinishedGroupPurger(store, config.retention(), clock));
        SessionOperations sessionOperations = new SessionOperations(clusterSessions, delivery, checkBacks, store);
        this.grpcThreads = opened(started, new GrpcServerThreads());
        this.grpcService = opened(started, new CoordinatorGrpcService(coordinator, sessionOperations, serverId, clock,
                config.heartbeatInterval().toMillis(), config.limits().maxRequestBytes(), grpcThreads.callPool(),
                tokens.clientTokenRequired(), inbound, metrics::produceStreamCall));
        this.grpc = startGrpc(config, tls, tokens, inbound);
        started.push(grpc::shutdownNow);
        checkBacks.start(coordinator.checkBackDecisions(), SWEEP_INTERVAL);
        purger.start(Duration.ofMinutes(1));
        WaitingForConsumer waiting = new WaitingForConsumer(store, clusterSessions, config.waitingForConsumerAfter(),
                clock);
        metrics.bindWaitingForConsumer(waiting);
        OpsRoutes ops = new OpsRoutes(store, sessions, clusterSessions, waiting, () -> {
            metrics.refresh();
            return registry.scrape();
        }, liveness, clock);
        AdminOperations admin = new AdminOperations(coordinator, store, delivery, config.limits(), clock, metrics);
        this.http = opened(started, new HttpApi(coordinator, admin, ops,
                new HttpSecurity(tokens, security.corsOrigins(), tls == null ? null : tls.sslContext()), this::isReady,
                limits.maxInboundMessageBytes(), inbound));
        this.httpPort = http.start(config.host(), config.httpPort());
        heartbeat.listening(grpc.getPort(), httpPort);
        this.serving = true;
    }

    /**
     * SQLite: the data directory's lock means no earlier server of this database is alive, so its node and
     * session rows (left by a kill) are dropped before this one registers.
     */
    private void forgetEarlierRuns() {
        store.removeNodesNotSeenSince(Long.MAX_VALUE).join();
        store.removeSessionsOfDeadNodes(Long.MAX_VALUE).join();
    }

    /**
     * Takes back the deliveries whose server is dead: on SQLite every IN_FLIGHT message (the data
     * directory's lock makes every earlier owner dead); on a shared database those whose owner is not a
     * live node, never a live server's work. The leases of the rest end by themselves.
     */
    private void requeueInFlightOfDeadServers(boolean shared, NodeLiveness liveness, long now) {
        Set<String> live = shared ? store.nodes().stream().filter(node -> liveness.isAlive(node, now))
                .map(ServerNode::serverId).collect(Collectors.toSet()) : Set.of();
        int requeued = store.requeueInFlight(now, live).join();
        if (requeued > 0) {
            log.info("in-flight messages of dead servers requeued messages={} live_servers={}", requeued, live.size());
        }
    }

    private Server startGrpc(ServerConfig config, TlsMaterial tls, Tokens tokens, InboundBudget inbound)
            throws IOException {
        int maxMessage = config.limits().maxInboundMessageBytes();
        InetSocketAddress address = new InetSocketAddress(config.host(), config.grpcPort());
        NettyServerBuilder builder = tls == null ? NettyServerBuilder.forAddress(address)
                : NettyServerBuilder.forAddress(address, TlsServerCredentials.newBuilder().keyManager(tls.keyManagers()).build());
        // interceptors run last-listed first: the token check comes before anything else, and only
        // authenticated calls wait for (and are read within) the inbound budget
        return grpcThreads.applyTo(builder, tokens.clientTokenRequired()).addService(ServerInterceptors.intercept(grpcService, new InboundGate(inbound, maxMessage),
                        new CoordinatorGrpcService.RemoteAddress(), new ClientTokenInterceptor(tokens)))
                .maxInboundMessageSize(maxMessage)
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                // calls waiting for the inbound budget are not read: a fixed stream window bounds what
                // is buffered for each, and unpooled heap buffers keep a buffered frame from pinning a
                // whole pooled 2 MiB chunk of direct memory
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                .withChildOption(ChannelOption.ALLOCATOR, new UnpooledByteBufAllocator(false))
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build()
                .start();
    }

    private static PrometheusMeterRegistry meterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    private static String nodeHost(String bindHost) {
        if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::") && !bindHost.isBlank()) {
            return bindHost;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return bindHost;
        }
    }

    private static String versionOfJar() {
        String version = LottorServer.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    /**
     * Opens the store, recovers, and starts listening. Fails with {@link ServerStartException} naming
     * what could not be had (the data directory, the database, a port); whatever was already started is
     * closed.
     */
    public static LottorServer start(ServerConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(ServerConfig)}, telling time by {@code clock} (every timer, lease and record). */
    public static LottorServer start(ServerConfig config, Clock clock) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            LottorServer server = new LottorServer(config, clock, started);
            log.info("server listening server_id={} grpc_port={} http_port={} store={} data_dir={} tls={}"
                    + " client_tokens={} cors_origins={} check_back_urls={}", server.serverId, server.grpcPort(),
                    server.httpPort(), config.store().kind().cliName(), config.dataDir().toAbsolutePath().normalize(),
                    config.security().tls(), config.security().clientTokens(),
                    config.security().corsOrigins().size(), config.security().checkBackUrls());
            ExposureWarnings.of(config.host(), config.security())
                    .forEach(warning -> log.warn("insecure listener: {}", warning));
            return server;
        } catch (IOException | RuntimeException e) {
            closeAll(started);
            throw new ServerStartException(startFailure(config, e), e);
        }
    }

    private static String startFailure(ServerConfig config, Exception e) {
        String reason = e.getMessage() != null ? e.getMessage() : e.toString();
        if (e instanceof ServerStartException) {
            return reason;
        }
        if (e.getCause() instanceof java.net.BindException || reason.contains("bind") || reason.contains("Port already in use")) {
            return "cannot listen on " + config.host() + " (--grpc-port " + config.grpcPort() + ", --http-port "
                    + config.httpPort() + "): " + reason;
        }
        return reason;
    }

    private static <T extends AutoCloseable> T opened(Deque<AutoCloseable> started, T part) {
        started.push(part);
        return part;
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                log.warn("cleanup after a failed start failed error={}", e.toString());
            }
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

    /**
     * The effective admin token: the configured one, or the one generated on the first start with this
     * data directory (kept in {@code <data-dir>/admin-token}).
     */
    public String adminToken() {
        return adminToken;
    }

    /** Serving, the store answers, and the delivery can deliver (a broker delivery's broker is reachable). */
    public boolean isReady() {
        return serving && store.isHealthy() && delivery.isHealthy();
    }

    /** Blocks until the server is closed. */
    public void awaitTermination() throws InterruptedException {
        grpc.awaitTermination();
    }

    @Override
    public void close() {
        serving = false;
        heartbeat.close();
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
        grpcThreads.close();
        checkBacks.close();
        purger.close();
        delivery.close();
        store.close();
        log.info("lottor server stopped server_id={}", serverId);
    }
}
