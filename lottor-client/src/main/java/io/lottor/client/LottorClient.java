package io.lottor.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.lottor.client.internal.Backoff;
import io.lottor.client.internal.BrokerConsumers;
import io.lottor.client.internal.BrokerLink;
import io.lottor.client.internal.CheckBackResponder;
import io.lottor.client.internal.CoordinatorCalls;
import io.lottor.client.internal.DeliveryDispatcher;
import io.lottor.client.internal.GroupSource;
import io.lottor.client.internal.IdempotentSubscription;
import io.lottor.client.internal.NamedThreads;
import io.lottor.client.internal.PayloadCodec;
import io.lottor.client.internal.PlainSubscription;
import io.lottor.client.internal.RetentionPurge;
import io.lottor.client.internal.SessionLink;
import io.lottor.client.internal.Subscription;
import io.lottor.client.internal.TransactionRunner;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.Hello;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's connection to the Lottor coordinator: producer, consumer and check-back answerer.
 * Build one with {@link #builder()}, share it, {@link #close()} it on shutdown.
 *
 * <p>It keeps one Session stream open (Hello with the subscribed methods, heartbeats, reconnect with
 * exponential backoff and jitter until closed; it never exits the JVM). All methods are thread-safe.
 */
public final class LottorClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LottorClient.class);
    private static final Duration ASYNC_RETRY_FOR = Duration.ofMinutes(1);

    private final ClientOptions options;
    private final ManagedChannel channel;
    private final ScheduledExecutorService scheduler;
    private final RetentionPurge purge;
    private final PayloadCodec codec;
    private final CoordinatorCalls calls;
    private final DeliveryDispatcher dispatcher;
    private final CheckBackResponder checkBacks;
    private final BrokerLink brokers;
    private final SessionLink session;
    private final TransactionRunner transactions;
    private final Map<DataSource, ConsumedLog> consumedLogs = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    LottorClient(ClientOptions options) {
        this.options = options;
        this.channel = options.channel();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new NamedThreads("lottor-session"));
        this.codec = new PayloadCodec(options.objectMapper());
        this.calls = new CoordinatorCalls(channel, options.target(), options.requestTimeout(), ASYNC_RETRY_FOR, scheduler,
                options.targets().size());
        this.dispatcher = new DeliveryDispatcher(options.maxInFlight(), this::sendFrame);
        this.checkBacks = new CheckBackResponder(options.checkBackHandler(), this::sendFrame);
        this.brokers = new BrokerLink(broker -> BrokerConsumers.create(broker.getKind(), options.service(),
                options.brokerSettings()), options.maxInFlight(), dispatcher, calls);
        // the session's frames are handled on the transport thread that read them: a delivery is queued to
        // the handler pool and a check-back to its responder at once, saving a thread hand-off per frame
        this.session = new SessionLink(CoordinatorGrpc.newStub(channel).withExecutor(Runnable::run), scheduler, this::hello, dispatcher::dispatch,
                checkBacks::answer, brokers::welcomed, new Backoff(options.reconnectInitial(), options.reconnectMax()),
                options.requestTimeout());
        this.transactions = new TransactionRunner(options.barrier(), this::begin);
        transactions.createBarrierTableEarly();
        this.purge = new RetentionPurge(options.retention(), this::ownTables);
        if (options.startOnBuild()) {
            start();
        }
    }

    /**
     * Opens the session in the background (Hello with the methods subscribed so far). {@code build()}
     * calls it unless the builder was told {@link Builder#startOnBuild(boolean) startOnBuild(false)}, which
     * lets an application subscribe all its methods first and say Hello once. Idempotent.
     */
    public void start() {
        requireOpen();
        if (session.start()) {
            log.info("lottor client started target={} service={} instance={}", options.target(), options.service(),
                    options.instanceId());
        }
    }

    /** A builder; {@code target} and {@code service} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A new group with a time-ordered UUID ({@link GroupIds}) as id. */
    public TransactionGroup begin() {
        return begin(GroupIds.next());
    }

    /** A new group with {@code groupId} (1 to 64 characters; it is the idempotency key of Prepare). */
    public TransactionGroup begin(String groupId) {
        requireOpen();
        GroupSource source = new GroupSource(options.service(), options.instanceId(), options.checkAfter());
        return new TransactionGroup(groupId, source, calls, codec);
    }

    /** {@link #inTransaction(String, DataSource, TransactionWork)} with a time-ordered UUID ({@link GroupIds}) as id. */
    public <T, X extends Exception> T inTransaction(DataSource dataSource, TransactionWork<T, X> work) throws X {
        return inTransaction(GroupIds.next(), dataSource, work);
    }

    /**
     * Runs {@code work} in one local JDBC transaction on a connection of {@code dataSource} and makes the
     * messages it sends commit with it: Prepare (blocking, retried on UNAVAILABLE) → barrier row
     * {@code (groupId, 'C')} → local commit → Commit in the background (retried; if it never arrives,
     * the coordinator's check-back finds the barrier row). When {@code work} throws, the local
     * transaction rolls back, a prepared group is rolled back in the background, and the exception is
     * rethrown unchanged. When {@code work} sends nothing, only the local commit happens.
     *
     * <p>{@code dataSource} must be the one given to {@link Builder#barrier(DataSource)}.
     *
     * @return what {@code work} returned
     * @throws IllegalStateException when the client has no JDBC barrier
     * @throws LottorRpcException when Prepare fails (the local transaction is rolled back)
     * @throws CommitOutcomeUnknownException when the local commit itself failed (nothing is sent)
     * @throws LocalTransactionException when the database failed outside {@code work}
     */
    public <T, X extends Exception> T inTransaction(String groupId, DataSource dataSource, TransactionWork<T, X> work)
            throws X {
        return transactions.run(groupId, dataSource, work);
    }

    /**
     * Consumes {@code method}: each delivery's payload is decoded (Jackson) into {@code type} and given
     * to {@code handler} on the handler pool (at most {@code maxInFlight} at once). A decode failure or
     * handler exception is reported as a failure; the coordinator retries it. Subscribing while the
     * session is open reopens the session with a new Hello; the coordinator redelivers anything that was
     * in flight, so subscribe all methods right after {@code build()}. Each method once per client.
     */
    public <T> void subscribe(String method, Class<T> type, MessageHandler<T> handler) {
        register(method, new PlainSubscription<>(type, handler, codec));
    }

    /**
     * Like {@link #subscribe(String, Class, MessageHandler)}, idempotently: in one local transaction on
     * {@code dataSource} the message is recorded in {@code lottor_consumed} (see {@link ConsumedLog}) and
     * {@code handler} runs on the same connection; then it commits. A redelivered message already
     * recorded is skipped and reported as success; a handler exception rolls back and reports failure.
     */
    public <T> void subscribe(String method, Class<T> type, DataSource dataSource, TransactionalMessageHandler<T> handler) {
        ConsumedLog consumed = consumedLogs.computeIfAbsent(dataSource, ConsumedLog::new);
        register(method, new IdempotentSubscription<>(type, dataSource, consumed, handler, codec));
    }

    private void register(String method, Subscription subscription) {
        requireOpen();
        dispatcher.subscribe(method, subscription);
        log.info("subscribed method={}", method);
        session.reopen();
    }

    /**
     * Which of {@code groupIds} (at most 1000) the coordinator has settled: it holds them COMMITTED,
     * COMPLETED or ROLLED_BACK, or not at all (purged after they finished). One GroupStates call, retried
     * while UNAVAILABLE. This is what the barrier purge asks before deleting a row
     * ({@link JdbcBarrier#purgeOlderThan(Duration, SettledGroups)}).
     *
     * @throws LottorRpcException when the coordinator cannot be asked or refuses the ids
     */
    public Set<String> settledGroups(List<String> groupIds) {
        requireOpen();
        Map<String, GroupState> states = calls.groupStates(groupIds);
        Set<String> settled = new HashSet<>();
        for (String groupId : groupIds) {
            GroupState state = states.get(groupId);
            if (state == null || state == GroupState.COMMITTED || state == GroupState.COMPLETED
                    || state == GroupState.ROLLED_BACK) {
                settled.add(groupId);
            }
        }
        return settled;
    }

    /** Whether messages are consumed from a broker now (the server's Welcome named one). */
    public boolean isConsumingFromBroker() {
        return brokers.isConsuming();
    }

    /** Whether the session is open (Welcome received and not lost since). */
    public boolean isConnected() {
        return session.isConnected();
    }

    /** Waits up to {@code timeout} for the session to be open; true if it is. */
    public boolean awaitConnected(Duration timeout) {
        return session.awaitConnected(timeout);
    }

    /** This service's name. */
    public String service() {
        return options.service();
    }

    /** This instance's id. */
    public String instanceId() {
        return options.instanceId();
    }

    /**
     * Shuts down orderly: stops taking deliveries, waits (up to the close timeout) for running handlers
     * and sends their results, waits for background Commit/Rollback calls, ends the session and closes
     * the channel. Deliveries not started are left to the coordinator to redeliver. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        purge.close();
        Duration timeout = options.closeTimeout();
        if (!dispatcher.drain(timeout)) {
            log.warn("handlers still running at close timeout_ms={}", timeout.toMillis());
        }
        checkBacks.shutdown(timeout);
        if (!calls.awaitPending(timeout)) {
            log.warn("background commits or reports still pending at close; check-back and redelivery settle them");
        }
        calls.close();
        brokers.close();
        session.close();
        scheduler.shutdownNow();
        closeChannel();
        log.info("lottor client closed service={} instance={}", options.service(), options.instanceId());
    }

    private List<RetentionPurge.Purgeable> ownTables() {
        List<RetentionPurge.Purgeable> tables = new ArrayList<>();
        if (options.barrier() != null) {
            tables.add(age -> options.barrier().purgeOlderThan(age, this::settledGroups));
        }
        consumedLogs.values().forEach(log -> tables.add(log::purgeOlderThan));
        return tables;
    }

    private void closeChannel() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("client is closed");
        }
    }

    private boolean sendFrame(ClientFrame frame) {
        return session.send(frame);
    }

    private Hello hello() {
        return Hello.newBuilder().setService(options.service()).setInstanceId(options.instanceId())
                .addAllMethods(dispatcher.methods()).setAnswersCheckBack(options.checkBackHandler() != null)
                .setMaxInFlight(options.maxInFlight()).build();
    }

    /**
     * Configures a {@link LottorClient}. Not thread-safe; {@link #build()} opens the session. Set either
     * {@link #barrier(DataSource)} or {@link #checkBackHandler(CheckBackHandler)}, not both.
     */
    public static final class Builder {
        private final ClientOptions.Draft draft = new ClientOptions.Draft();

        private Builder() {
        }

        /**
         * The coordinator's gRPC address, {@code host:port}, or several servers sharing one database
         * separated by commas, {@code host1:9888,host2:9888} (see {@link #targets(List)}). Required (or
         * {@link #targets(List)}).
         */
        public Builder target(String target) {
            draft.targets = target == null ? null : ClientOptions.Draft.split(List.of(target));
            return this;
        }

        /**
         * Several coordinator servers sharing one database, {@code host:port} each (an entry may itself
         * list several, separated by commas): calls are spread round-robin over the reachable ones and a
         * call refused with UNAVAILABLE is retried on another; the session goes to one of them and, when
         * that server dies, reconnects to another within the reconnect backoff. Replaces
         * {@link #target(String)}.
         */
        public Builder targets(List<String> targets) {
            draft.targets = targets == null ? null : ClientOptions.Draft.split(targets);
            return this;
        }

        /**
         * Sends {@code authorization: Bearer <token>} on every call, the Session stream included, for a
         * server started with a client token. Default: none.
         */
        public Builder clientToken(String token) {
            draft.clientToken = token;
            return this;
        }

        /** Whether to connect with TLS, trusting the JVM's certificate authorities. Default false. */
        public Builder tls(boolean tls) {
            draft.tls = tls;
            return this;
        }

        /**
         * Connects with TLS and trusts the certificate(s) in this PEM file (the server's self-signed
         * certificate, or the CA that signed it) instead of the JVM's. Implies {@link #tls(boolean) tls(true)}.
         */
        public Builder trustCertificate(Path pem) {
            draft.trustCertificate = pem;
            draft.tls = pem != null || draft.tls;
            return this;
        }

        /**
         * Whether {@link #build()} opens the session at once. Default true. With false, subscribe first
         * and then call {@link LottorClient#start()}: the coordinator then gets one Hello listing every
         * method; until then no delivery or check-back arrives (Prepare and Commit work regardless).
         */
        public Builder startOnBuild(boolean startOnBuild) {
            draft.startOnBuild = startOnBuild;
            return this;
        }

        /** This service's name: deliveries for it and check-backs for its groups come here. Required. */
        public Builder service(String service) {
            draft.service = service;
            return this;
        }

        /** This instance's id, unique within the service. Default: {@code hostname-pid}. */
        public Builder instanceId(String instanceId) {
            draft.instanceId = instanceId;
            return this;
        }

        /**
         * Answer check-backs from {@code lottor_barrier} in {@code dataSource} (a {@link JdbcBarrier});
         * required by {@link LottorClient#inTransaction}, which must use the same DataSource.
         */
        public Builder barrier(DataSource dataSource) {
            return barrier(new JdbcBarrier(dataSource));
        }

        /** Like {@link #barrier(DataSource)} with a barrier you created. */
        public Builder barrier(JdbcBarrier barrier) {
            draft.barrier = barrier;
            return this;
        }

        /** Answer check-backs with a handler of your own (for producers that cannot use the JDBC barrier). */
        public Builder checkBackHandler(CheckBackHandler handler) {
            draft.checkBackHandler = handler;
            return this;
        }

        /**
         * The AMQP URI to consume from when the server delivers through RabbitMQ
         * ({@code amqp://host:5672/vhost}, {@code amqps://…} for TLS), instead of the address the server's
         * Welcome names (which never carries credentials). Default: the server's. Needs
         * {@code com.rabbitmq:amqp-client} on the classpath, as does any RabbitMQ delivery.
         */
        public Builder rabbitmqUri(String uri) {
            draft.rabbitmqUri = uri;
            return this;
        }

        /** The RabbitMQ user and password to consume with. Default: those of {@link #rabbitmqUri}, else guest. */
        public Builder rabbitmqCredentials(String username, String password) {
            draft.rabbitmqUsername = username;
            draft.rabbitmqPassword = password;
            return this;
        }

        /** At most this many deliveries handled at once (1 to 10000). Default 64. */
        public Builder maxInFlight(int maxInFlight) {
            draft.maxInFlight = maxInFlight;
            return this;
        }

        /**
         * The Kafka bootstrap servers ({@code host:9092,host2:9092}) to consume from when the server delivers
         * through Kafka, instead of the address the server's Welcome names (e.g. when the client reaches the
         * cluster through other listeners). Default: the server's. Needs {@code org.apache.kafka:kafka-clients}
         * on the classpath, as does any Kafka delivery.
         */
        public Builder kafkaBootstrapServers(String servers) {
            draft.kafkaBootstrapServers = servers;
            return this;
        }

        /**
         * A Kafka consumer property for when the server delivers through Kafka: TLS and SASL
         * ({@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.*}) or
         * tuning. The group ({@code group.id} = the service), auto-commit (off), offset reset (earliest) and
         * deserializers are Lottor's and cannot be changed.
         */
        public Builder kafkaProperty(String key, String value) {
            draft.kafkaProperties.put(key, value);
            return this;
        }

        /** When the coordinator first asks about a group of this client left PREPARED. Default: the server's. */
        public Builder checkAfter(Duration checkAfter) {
            draft.checkAfter = checkAfter;
            return this;
        }

        /** The Jackson mapper for payloads. Default: JavaTimeModule, ISO dates, unknown properties ignored. */
        public Builder objectMapper(ObjectMapper objectMapper) {
            draft.objectMapper = objectMapper;
            return this;
        }

        /** Deadline of each coordinator call, and of the Welcome after Hello. Default 10 s. */
        public Builder requestTimeout(Duration requestTimeout) {
            draft.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Session reconnect backoff: first delay, doubling up to the cap, each delay drawn from [half, full]
         * (jitter). Default 200 ms and 2 s, so a restarted server has its sessions back within 2 s.
         */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            draft.reconnectInitial = initial;
            draft.reconnectMax = max;
            return this;
        }

        /**
         * How long {@code lottor_barrier} and {@code lottor_consumed} rows are kept; older ones are purged
         * in the background, in small batches. An old barrier row goes only once the coordinator says its
         * group is settled (not PREPARED); while the coordinator cannot be asked, none goes. Keep it beyond
         * the coordinator's whole retry schedule (a consumed row purged early lets a redelivery apply again).
         * Default 7 days; zero keeps everything.
         */
        public Builder retention(Duration retention) {
            draft.retention = retention;
            return this;
        }

        /** How long {@link LottorClient#close()} waits for running handlers and for background commits. Default 30 s. */
        public Builder closeTimeout(Duration closeTimeout) {
            draft.closeTimeout = closeTimeout;
            return this;
        }

        /**
         * Builds the client and starts opening its session in the background.
         *
         * @throws IllegalArgumentException when a required setting is missing or invalid
         */
        public LottorClient build() {
            return new LottorClient(draft.toOptions());
        }
    }
}
