package io.lottor.bench;

import io.lottor.server.DeliverySettings;
import io.lottor.server.StoreSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./lottor bench}: runs producers and consumers through the Java client and prints
 * {@code groups_per_s=… consumed_per_s=… commit_p50_ms=… commit_p99_ms=… e2e_p50_ms=… e2e_p99_ms=…}
 * as its last line (with {@code --servers} above 1 also {@code e2e_cross_server_p50_ms=…
 * e2e_cross_server_p99_ms=…}: messages committed through a server their consumer is not connected to).
 * Above it, what the measured groups cost ({@link RunCosts}): the in-process server's CPU per group, the
 * store's commits (fsyncs with SQLite) and statements per group, and a warning when the host's steal time
 * was above 2 %.
 * Exits 1 when not every message was consumed in time, 2 on a bad option.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures Lottor: producers prepare+commit groups, consumers consume their messages.")
public final class BenchMain implements Callable<Integer> {
    private static final String LOG_CONFIG = "lottor-bench-logback.xml";

    @Option(names = "--groups", defaultValue = "2000", description = "groups to commit and measure (default ${DEFAULT-VALUE})")
    int groups;

    @Option(names = "--concurrency", defaultValue = "16", description = "producer threads (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--messages-per-group", defaultValue = "1", description = "messages in each group (default ${DEFAULT-VALUE})")
    int messagesPerGroup;

    @Option(names = "--consumers", defaultValue = "2", description = "consumer client instances (default ${DEFAULT-VALUE})")
    int consumers;

    @Option(names = "--target", description = "host:port of a running server; default: start one in-process on free ports")
    String target;

    @Option(names = "--store", defaultValue = "sqlite",
            description = "store of the in-process server: sqlite, postgres or mysql (default ${DEFAULT-VALUE})")
    String store;

    @Option(names = "--jdbc-url", description = "JDBC URL of the in-process server's postgres or mysql database")
    String jdbcUrl;

    @Option(names = "--jdbc-user", description = "its database user")
    String jdbcUser;

    @Option(names = "--jdbc-password", description = "its password")
    String jdbcPassword;

    @Option(names = "--servers", defaultValue = "1",
            description = "in-process servers on one --store postgres or mysql database; producer threads and"
                    + " consumers are spread over them (default ${DEFAULT-VALUE})")
    int servers;

    @Option(names = "--metrics-url", description = "with --target: the server's /metrics URL, to report its store's"
            + " commits and statements per group (e.g. http://host:9666/metrics)")
    URI metricsUrl;

    @Option(names = "--delivery", defaultValue = "direct",
            description = "delivery of the in-process servers: direct, rabbitmq (through --rabbitmq-uri) or kafka"
                    + " (through --kafka-bootstrap) (default ${DEFAULT-VALUE})")
    String delivery;

    @Option(names = "--rabbitmq-uri", defaultValue = DeliverySettings.DEFAULT_RABBITMQ_URI,
            description = "the RabbitMQ of --delivery rabbitmq (default ${DEFAULT-VALUE})")
    String rabbitmqUri;

    @Option(names = "--kafka-bootstrap", description = "the Kafka cluster of --delivery kafka, host:port[,host:port];"
            + " default: a one-node broker started in-process")
    String kafkaBootstrap;

    @Option(names = "--commit", defaultValue = "sync",
            description = "how a producer thread commits: sync (waits for the answer) or background (sends Commit"
                    + " and goes on with its next group, as inTransaction does) (default ${DEFAULT-VALUE})")
    String commit;

    @Option(names = "--group-ids", defaultValue = "time",
            description = "the groups' ids: time (time-ordered UUIDs, as LottorClient.begin() makes), random"
                    + " (UUID.randomUUID(), as a caller that brings its own may pass) or counter (bench-<run>-<n>,"
                    + " short and in order, as the bench's ids before 2026-11-29) (default ${DEFAULT-VALUE})")
    String groupIds;

    @Option(names = "--rate", defaultValue = "0",
            description = "measured groups started per second over all producer threads, each at its scheduled time;"
                    + " a group's commit latency counts from that time (an open load, e.g. half the groups/s of a run"
                    + " without --rate); 0: as fast as the producers go (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--threads", description = "also print, per thread name, its CPU and its sleeps (voluntary context"
            + " switches) per measured group, the busiest first")
    boolean threadTable;

    @Option(names = "--warmup-groups", defaultValue = "100", description = "groups run before measuring (default ${DEFAULT-VALUE})")
    int warmupGroups;

    @Option(names = "--timeout", defaultValue = "300s", converter = DurationConverter.class,
            description = "how long to wait for every message to be consumed (default ${DEFAULT-VALUE})")
    Duration timeout;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOG_CONFIG);
        }
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        StoreSettings storeSettings;
        DeliverySettings deliverySettings;
        BenchSettings settings;
        try {
            if (!commit.equals("sync") && !commit.equals("background")) {
                throw new IllegalArgumentException("--commit must be sync or background, not " + commit);
            }
            settings = new BenchSettings(groups, concurrency, messagesPerGroup, consumers, warmupGroups, timeout,
                    commit.equals("background"), BenchSettings.GroupIds.named(groupIds), rate);
            settings.validate();
            deliverySettings = DeliverySettings.direct().withKind(DeliverySettings.Kind.named(delivery))
                    .withRabbitmqUri(rabbitmqUri)
                    .withKafkaBootstrap(kafkaBootstrap != null ? kafkaBootstrap : DeliverySettings.DEFAULT_KAFKA_BOOTSTRAP);
            if (deliverySettings.problem() != null) {
                throw new IllegalArgumentException(deliverySettings.problem());
            }
            if (deliverySettings.kind() != DeliverySettings.Kind.DIRECT && target != null) {
                throw new IllegalArgumentException("--delivery sets up the in-process servers; it cannot go with"
                        + " --target (start that server with --delivery instead)");
            }
            storeSettings = new StoreSettings(StoreSettings.Kind.named(store), jdbcUrl, jdbcUser, jdbcPassword);
            if (storeSettings.problem() != null) {
                throw new IllegalArgumentException(storeSettings.problem());
            }
            requireServers(storeSettings);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return 2;
        }
        BenchResult result;
        RunCosts costs;
        try (BenchKafka kafka = deliverySettings.kind() == DeliverySettings.Kind.KAFKA && kafkaBootstrap == null
                ? BenchKafka.start() : null;
             BenchServer server = BenchServer.startOrUse(target, storeSettings, servers,
                     kafka == null ? deliverySettings : deliverySettings.withKafkaBootstrap(kafka.bootstrapServers()))) {
            List<URI> metrics = server.inProcess() ? server.metricsUris()
                    : metricsUrl == null ? List.of() : List.of(metricsUrl);
            costs = new RunCosts(metrics, server.inProcess(),
                    server.inProcess() && storeSettings.kind() == StoreSettings.Kind.SQLITE, threadTable);
            result = new BenchRun(settings, server.targets(), costs).run();
        }
        costs.lines().forEach(System.out::println);
        System.out.println(result.line());
        System.out.flush();
        if (!result.complete()) {
            System.err.println("bench: only " + result.consumed() + " of " + result.expected()
                    + " messages consumed within " + timeout.toSeconds() + "s");
            return 1;
        }
        return 0;
    }

    private void requireServers(StoreSettings storeSettings) {
        if (servers < 1 || servers > 16) {
            throw new IllegalArgumentException("--servers must be 1 to 16, got " + servers);
        }
        if (servers > 1 && target != null) {
            throw new IllegalArgumentException("--servers starts in-process servers; it cannot go with --target");
        }
        if (servers > 1 && storeSettings.kind() == StoreSettings.Kind.SQLITE) {
            throw new IllegalArgumentException("--servers " + servers + " needs --store postgres or mysql: SQLite has"
                    + " one server per data directory");
        }
    }

    /** Parses {@code 200ms}, {@code 30s}, {@code 5m}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim();
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new CommandLine.TypeConversionException("not a duration: " + value + " (use 200ms, 30s, 5m)");
            };
        }
    }
}
