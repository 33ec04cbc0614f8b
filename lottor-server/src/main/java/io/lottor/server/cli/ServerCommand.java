package io.lottor.server.cli;

import io.lottor.server.DeliverySettings;
import io.lottor.server.LottorServer;
import io.lottor.server.ServerConfig;
import io.lottor.server.ServerStartException;
import io.lottor.server.StoreSettings;
import io.lottor.server.model.CheckBackUrls;
import io.lottor.server.model.Limits;
import io.lottor.server.security.ClientToken;
import io.lottor.server.security.ClientTokenFile;
import io.lottor.server.security.Security;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lottor server}: runs the coordinator until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the Lottor server on the embedded SQLite store, or on PostgreSQL or MySQL/MariaDB (--store).",
        footer = "%nEvery option can also be set with the environment variable shown in brackets.")
final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "${env:LOTTOR_HOST:-127.0.0.1}",
            description = "Bind address of both listeners [LOTTOR_HOST] (default: ${DEFAULT-VALUE}); 0.0.0.0 for all interfaces.")
    String host;

    @Option(names = "--grpc-port", defaultValue = "${env:LOTTOR_GRPC_PORT:-9888}",
            description = "gRPC port for clients [LOTTOR_GRPC_PORT] (default: ${DEFAULT-VALUE}); 0 picks a free port.")
    int grpcPort;

    @Option(names = "--http-port", defaultValue = "${env:LOTTOR_HTTP_PORT:-9666}",
            description = "HTTP port for the API and health [LOTTOR_HTTP_PORT] (default: ${DEFAULT-VALUE}); 0 picks a free port.")
    int httpPort;

    @Option(names = "--data-dir", defaultValue = "${env:LOTTOR_DATA_DIR:-./data}",
            description = "Directory of the embedded SQLite store and of the generated admin token [LOTTOR_DATA_DIR] (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--store", defaultValue = "${env:LOTTOR_STORE:-sqlite}",
            description = "Where the state is kept: sqlite (embedded, in --data-dir, one server), postgres or mysql"
                    + " (MySQL 8 / MariaDB 10.6+, shared by several servers) [LOTTOR_STORE] (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--jdbc-url", defaultValue = "${env:LOTTOR_JDBC_URL}",
            description = "JDBC URL of the postgres or mysql database, e.g. jdbc:postgresql://db:5432/lottor or"
                    + " jdbc:mariadb://db:3306/lottor; the schema is migrated at start [LOTTOR_JDBC_URL] (default: none).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:LOTTOR_JDBC_USER}",
            description = "Database user of --jdbc-url [LOTTOR_JDBC_USER] (default: none).")
    String jdbcUser;

    @Option(names = "--jdbc-password", defaultValue = "${env:LOTTOR_JDBC_PASSWORD}",
            description = "Password of --jdbc-user [LOTTOR_JDBC_PASSWORD] (default: none). Prefer the environment variable: flags show in ps.")
    String jdbcPassword;

    @Option(names = "--delivery", defaultValue = "${env:LOTTOR_DELIVERY:-direct}",
            description = "How messages reach consumers: direct (pushed over the clients' sessions, no broker),"
                    + " rabbitmq or kafka (through that broker) [LOTTOR_DELIVERY] (default: ${DEFAULT-VALUE}).")
    String delivery;

    @Option(names = "--rabbitmq-uri", defaultValue = "${env:LOTTOR_RABBITMQ_URI:-" + DeliverySettings.DEFAULT_RABBITMQ_URI + "}",
            description = "AMQP URI of the RabbitMQ broker with --delivery rabbitmq, amqp://user:password@host:port/vhost"
                    + " (amqps:// for TLS) [LOTTOR_RABBITMQ_URI] (default: ${DEFAULT-VALUE}).")
    String rabbitmqUri;

    @Option(names = "--kafka-bootstrap", defaultValue = "${env:LOTTOR_KAFKA_BOOTSTRAP:-" + DeliverySettings.DEFAULT_KAFKA_BOOTSTRAP + "}",
            description = "Bootstrap servers of the Kafka cluster with --delivery kafka [LOTTOR_KAFKA_BOOTSTRAP]"
                    + " (default: ${DEFAULT-VALUE}).")
    String kafkaBootstrap;

    @Option(names = "--broker-prefix", defaultValue = "${env:LOTTOR_BROKER_PREFIX:-" + DeliverySettings.DEFAULT_PREFIX + "}",
            description = "Start of every queue and topic name: service s is consumed from <prefix>s"
                    + " [LOTTOR_BROKER_PREFIX] (default: ${DEFAULT-VALUE}).")
    String brokerPrefix;

    @Option(names = "--kafka-partitions", defaultValue = "${env:LOTTOR_KAFKA_PARTITIONS:-8}",
            description = "Partitions of each topic the server creates [LOTTOR_KAFKA_PARTITIONS] (default: ${DEFAULT-VALUE}).")
    int kafkaPartitions;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property of the server's producer and admin client, e.g."
                    + " security.protocol=SASL_SSL or sasl.mechanism=SCRAM-SHA-512; repeatable (default: none).")
    Map<String, String> kafkaProperties;

    @Option(names = "--check-after", defaultValue = "${env:LOTTOR_CHECK_AFTER:-10s}", converter = DurationConverter.class,
            description = "First check-back of a group still PREPARED, when the group gives none [LOTTOR_CHECK_AFTER] (default: ${DEFAULT-VALUE}).")
    Duration checkAfter;

    @Option(names = "--ack-timeout", defaultValue = "${env:LOTTOR_ACK_TIMEOUT:-30s}", converter = DurationConverter.class,
            description = "A delivery unanswered this long counts as failed [LOTTOR_ACK_TIMEOUT] (default: ${DEFAULT-VALUE}).")
    Duration ackTimeout;

    @Option(names = "--retry-initial-backoff", defaultValue = "${env:LOTTOR_RETRY_INITIAL_BACKOFF:-1s}",
            converter = DurationConverter.class,
            description = "Delay after a first failed delivery, doubling per attempt [LOTTOR_RETRY_INITIAL_BACKOFF] (default: ${DEFAULT-VALUE}).")
    Duration retryInitialBackoff;

    @Option(names = "--retry-max-backoff", defaultValue = "${env:LOTTOR_RETRY_MAX_BACKOFF:-5m}",
            converter = DurationConverter.class,
            description = "Longest delay between delivery attempts and between check-backs [LOTTOR_RETRY_MAX_BACKOFF] (default: ${DEFAULT-VALUE}).")
    Duration retryMaxBackoff;

    @Option(names = "--max-attempts", defaultValue = "${env:LOTTOR_MAX_ATTEMPTS:-10}",
            description = "Deliveries before a message is DEAD [LOTTOR_MAX_ATTEMPTS] (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--heartbeat-interval", defaultValue = "${env:LOTTOR_HEARTBEAT_INTERVAL:-2s}",
            converter = DurationConverter.class,
            description = "Session heartbeat period; three silent periods close a session [LOTTOR_HEARTBEAT_INTERVAL] (default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--retention", defaultValue = "${env:LOTTOR_RETENTION:-7d}", converter = DurationConverter.class,
            description = "How long COMPLETED and ROLLED_BACK groups are kept [LOTTOR_RETENTION] (default: ${DEFAULT-VALUE}).")
    Duration retention;

    @Option(names = "--waiting-for-consumer-after", defaultValue = "${env:LOTTOR_WAITING_FOR_CONSUMER_AFTER:-1m}",
            converter = DurationConverter.class,
            description = "A READY message that waited this long with no session to take it (no consumer of its target"
                    + " connected, or none handling its method) is listed under Needs attention"
                    + " [LOTTOR_WAITING_FOR_CONSUMER_AFTER] (default: ${DEFAULT-VALUE}).")
    Duration waitingForConsumerAfter;

    @Option(names = "--max-payload-bytes", defaultValue = "${env:LOTTOR_MAX_PAYLOAD_BYTES:-1048576}",
            description = "Largest message payload [LOTTOR_MAX_PAYLOAD_BYTES] (default: ${DEFAULT-VALUE}).")
    int maxPayloadBytes;

    @Option(names = "--max-request-bytes", defaultValue = "${env:LOTTOR_MAX_REQUEST_BYTES:-4194304}",
            description = "Largest Prepare request [LOTTOR_MAX_REQUEST_BYTES] (default: ${DEFAULT-VALUE}).")
    int maxRequestBytes;

    @Option(names = "--max-messages-per-group", defaultValue = "${env:LOTTOR_MAX_MESSAGES_PER_GROUP:-1000}",
            description = "Most messages in one group [LOTTOR_MAX_MESSAGES_PER_GROUP] (default: ${DEFAULT-VALUE}).")
    int maxMessagesPerGroup;

    @Option(names = "--max-group-id-length", defaultValue = "${env:LOTTOR_MAX_GROUP_ID_LENGTH:-64}",
            description = "Longest group id, in characters [LOTTOR_MAX_GROUP_ID_LENGTH] (default: ${DEFAULT-VALUE}).")
    int maxGroupIdLength;

    @Option(names = "--max-queued-writes", defaultValue = "${env:LOTTOR_MAX_QUEUED_WRITES:-10000}",
            description = "Writes the store may hold waiting; past it Prepare, Commit and Rollback are refused"
                    + " RESOURCE_EXHAUSTED overloaded [LOTTOR_MAX_QUEUED_WRITES] (default: ${DEFAULT-VALUE}).")
    int maxQueuedWrites;

    @Option(names = "--max-queued-bytes", defaultValue = "${env:LOTTOR_MAX_QUEUED_BYTES:-67108864}",
            description = "Request bytes the store may hold waiting; past it the same [LOTTOR_MAX_QUEUED_BYTES]"
                    + " (default: ${DEFAULT-VALUE}, 64 MiB).")
    long maxQueuedBytes;

    @Option(names = "--max-inbound-bytes", defaultValue = "${env:LOTTOR_MAX_INBOUND_BYTES:-33554432}",
            description = "Memory the requests gRPC and HTTP are reading may take at once: a gRPC call counts as"
                    + " twice --max-request-bytes until handled, an HTTP request three times its body; past it"
                    + " calls wait or are refused overloaded [LOTTOR_MAX_INBOUND_BYTES] (default: ${DEFAULT-VALUE}, 32 MiB).")
    long maxInboundBytes;

    @Option(names = "--admin-token", defaultValue = "${env:LOTTOR_ADMIN_TOKEN}",
            description = "Token of the admin API and UI [LOTTOR_ADMIN_TOKEN] (default: generated on first start,"
                    + " kept in <data-dir>/admin-token, printed on that start only; later starts print where it is kept)."
                    + " Prefer the environment variable: flags show in ps.")
    String adminToken;

    @Option(names = "--client-token", defaultValue = "${env:LOTTOR_CLIENT_TOKEN}", paramLabel = "NAME=TOKEN:SERVICES",
            description = "Token producers and gRPC clients must send [LOTTOR_CLIENT_TOKEN] (default: none, they are open)."
                    + " NAME=TOKEN:svc1,svc2 acts only for those services (NAME=TOKEN:* for any); any other value is a"
                    + " shared token for every service. Repeat for several tokens.")
    List<String> clientTokens;

    @Option(names = "--client-token-file", defaultValue = "${env:LOTTOR_CLIENT_TOKEN_FILE}",
            description = "File of client tokens, one NAME=TOKEN:svc1,svc2 a line, # for comments"
                    + " [LOTTOR_CLIENT_TOKEN_FILE] (default: none).")
    Path clientTokenFile;

    @Option(names = "--tls-cert", defaultValue = "${env:LOTTOR_TLS_CERT}",
            description = "PEM certificate chain: both listeners use TLS [LOTTOR_TLS_CERT] (default: none, plaintext).")
    Path tlsCert;

    @Option(names = "--tls-key", defaultValue = "${env:LOTTOR_TLS_KEY}",
            description = "PEM PKCS#8 private key of --tls-cert [LOTTOR_TLS_KEY] (default: none).")
    Path tlsKey;

    @Option(names = "--cors-origins", defaultValue = "${env:LOTTOR_CORS_ORIGINS}", split = ",",
            description = "Origins allowed to call the HTTP API from a browser, comma-separated, e.g."
                    + " https://ops.example.com [LOTTOR_CORS_ORIGINS] (default: none).")
    List<String> corsOrigins;

    @Option(names = "--check-back-urls", defaultValue = "${env:LOTTOR_CHECK_BACK_URLS}", split = ",",
            description = "URLs a Prepare's check_back_url may name (producers over HTTP answer check-backs there),"
                    + " comma-separated, each exact or a prefix ending in /*, e.g. http://orders.internal/lottor/*;"
                    + " the server calls no other address [LOTTOR_CHECK_BACK_URLS] (default: none).")
    List<String> checkBackUrls;

    @Override
    public Integer call() throws InterruptedException {
        String securityProblem = securityProblem();
        if (securityProblem != null) {
            spec.commandLine().getErr().println("lottor server: " + securityProblem);
            spec.commandLine().getErr().flush();
            return 1;
        }
        ServerConfig config = config();
        LottorServer server;
        try {
            server = LottorServer.start(config);
        } catch (ServerStartException e) {
            System.err.println("lottor server: cannot start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "lottor-shutdown"));
        System.out.println("lottor server started server_id=" + server.serverId() + " grpc_port=" + server.grpcPort()
                + " http_port=" + server.httpPort() + " data_dir=" + config.dataDir().toAbsolutePath().normalize()
                + " store=" + config.store().kind().cliName() + " delivery=" + config.delivery().kind().cliName());
        System.out.flush();
        server.awaitTermination();
        return 0;
    }

    ServerConfig config() {
        requireRange("--grpc-port", grpcPort, 0, 65535);
        requireRange("--http-port", httpPort, 0, 65535);
        requireRange("--max-attempts", maxAttempts, 1, 1000);
        requireRange("--max-payload-bytes", maxPayloadBytes, 1, 64 << 20);
        requireRange("--max-request-bytes", maxRequestBytes, 1, 256 << 20);
        requireRange("--max-messages-per-group", maxMessagesPerGroup, 1, 100_000);
        requireRange("--max-group-id-length", maxGroupIdLength, 1, 1024);
        requireRange("--max-queued-writes", maxQueuedWrites, 1, 10_000_000);
        requireRange("--max-queued-bytes", maxQueuedBytes, 1, 1L << 40);
        requireRange("--max-inbound-bytes", maxInboundBytes, 1, 1L << 40);
        requirePositive("--check-after", checkAfter);
        requirePositive("--ack-timeout", ackTimeout);
        requirePositive("--retry-initial-backoff", retryInitialBackoff);
        requirePositive("--retry-max-backoff", retryMaxBackoff);
        requirePositive("--heartbeat-interval", heartbeatInterval);
        requirePositive("--retention", retention);
        requirePositive("--waiting-for-consumer-after", waitingForConsumerAfter);
        Limits defaults = Limits.DEFAULTS;
        Limits limits = new Limits(maxGroupIdLength, defaults.maxIdLength(), defaults.maxNameLength(),
                maxMessagesPerGroup, maxPayloadBytes, maxRequestBytes, defaults.maxEntries())
                .withLoadBounds(maxQueuedWrites, maxQueuedBytes, maxInboundBytes);
        return ServerConfig.defaults().withHost(host).withGrpcPort(grpcPort).withHttpPort(httpPort)
                .withDataDir(dataDir).withCheckAfter(checkAfter).withAckTimeout(ackTimeout)
                .withRetryInitialBackoff(retryInitialBackoff).withRetryMaxBackoff(retryMaxBackoff)
                .withMaxAttempts(maxAttempts).withHeartbeatInterval(heartbeatInterval).withRetention(retention)
                .withLimits(limits).withSecurity(security()).withWaitingForConsumerAfter(waitingForConsumerAfter)
                .withStore(storeSettings()).withDelivery(deliverySettings());
    }

    DeliverySettings deliverySettings() {
        DeliverySettings settings;
        try {
            settings = DeliverySettings.direct().withKind(DeliverySettings.Kind.named(delivery))
                    .withRabbitmqUri(blankToNull(rabbitmqUri)).withKafkaBootstrap(blankToNull(kafkaBootstrap))
                    .withPrefix(brokerPrefix == null ? "" : brokerPrefix.trim()).withKafkaPartitions(kafkaPartitions)
                    .withKafkaProperties(kafkaProperties);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String problem = settings.problem();
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        return settings;
    }

    StoreSettings storeSettings() {
        StoreSettings settings;
        try {
            settings = new StoreSettings(StoreSettings.Kind.named(store), blankToNull(jdbcUrl), blankToNull(jdbcUser),
                    jdbcPassword == null || jdbcPassword.isEmpty() ? null : jdbcPassword);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String problem = settings.problem();
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        return settings;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    Security security() {
        List<String> origins = corsOrigins == null ? List.of()
                : corsOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
        for (String origin : origins) {
            if (!origin.matches("https?://[^/\\s]+")) {
                throw new ParameterException(spec.commandLine(), "--cors-origins: '" + origin
                        + "' is not an origin; write scheme://host[:port], e.g. https://ops.example.com");
            }
        }
        try {
            return Security.defaults().withAdminToken(adminToken).withClientTokens(clientTokens())
                    .withTls(tlsCert, tlsKey).withCorsOrigins(origins).withCheckBackUrls(checkBackUrls());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The tokens of every {@code --client-token}, then those of {@code --client-token-file}. */
    private List<ClientToken> clientTokens() {
        List<ClientToken> tokens = new ArrayList<>();
        if (clientTokens != null) {
            clientTokens.stream().filter(value -> value != null && !value.isBlank()).map(ClientToken::parse)
                    .forEach(tokens::add);
        }
        if (clientTokenFile != null) {
            tokens.addAll(ClientTokenFile.read(clientTokenFile));
        }
        return tokens;
    }

    private List<String> checkBackUrls() {
        List<String> urls = checkBackUrls == null ? List.of()
                : checkBackUrls.stream().map(String::trim).filter(url -> !url.isEmpty()).toList();
        try {
            CheckBackUrls.of(urls);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--check-back-urls: " + e.getMessage());
        }
        return urls;
    }

    /** A one-line description of unusable TLS files, or {@code null} when TLS is off or both files can be read. */
    String securityProblem() {
        if (tlsCert == null && tlsKey == null) {
            return null;
        }
        if (tlsCert == null || tlsKey == null) {
            return (tlsCert == null ? "--tls-cert" : "--tls-key") + " is missing: TLS needs both --tls-cert and --tls-key";
        }
        String certProblem = unreadable("--tls-cert", tlsCert);
        return certProblem != null ? certProblem : unreadable("--tls-key", tlsKey);
    }

    private static String unreadable(String option, Path file) {
        if (!Files.isRegularFile(file)) {
            return option + ": no such file " + file.toAbsolutePath();
        }
        return Files.isReadable(file) ? null : option + ": cannot read " + file.toAbsolutePath();
    }

    private void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be between " + min + " and " + max
                    + ", got " + value);
        }
    }

    private void requirePositive(String option, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new ParameterException(spec.commandLine(), option + " must be longer than 0, got " + value);
        }
    }
}
