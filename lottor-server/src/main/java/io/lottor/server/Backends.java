package io.lottor.server;

import io.lottor.server.api.grpc.DeliveryFrames;
import io.lottor.server.delivery.Delivery;
import io.lottor.server.delivery.DeliveryCounters;
import io.lottor.server.delivery.broker.BrokerDelivery;
import io.lottor.server.delivery.direct.DirectDelivery;
import io.lottor.server.delivery.kafka.KafkaPublisher;
import io.lottor.server.delivery.rabbitmq.RabbitPublisher;
import io.lottor.server.model.UnavailableException;
import io.lottor.server.recovery.RetrySchedule;
import io.lottor.server.session.ClusterSessions;
import io.lottor.server.session.SessionRegistry;
import io.lottor.server.store.DeliveryStore;
import io.lottor.server.store.jdbc.BatchListener;
import io.lottor.server.store.jdbc.Dialect;
import io.lottor.server.store.jdbc.JdbcStore;
import io.lottor.server.store.jdbc.MysqlDialect;
import io.lottor.server.store.jdbc.PostgresDialect;
import io.lottor.server.store.jdbc.StoreOptions;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.KafkaException;

/** Maps the settings to the backends: the one place that names a concrete store or delivery. */
final class Backends {
    /** Characters the server databases' group id columns hold ({@code VARCHAR(64)}). */
    static final int SERVER_DATABASE_GROUP_ID_LENGTH = 64;

    private Backends() {
    }

    /**
     * Opens the store {@code config.store()} names: the SQLite file in the data directory, or the
     * PostgreSQL or MySQL database at its JDBC URL (migrated at open).
     *
     * @throws ServerStartException with one line naming the setting at fault (never the password) when the
     *                              settings do not fit together or the database cannot be reached,
     *                              logged into or migrated
     */
    static JdbcStore openStore(ServerConfig config, BatchListener batches) {
        StoreSettings settings = config.store();
        String problem = settings.problem();
        if (problem != null) {
            throw new ServerStartException(problem, null);
        }
        return switch (settings.kind()) {
            case SQLITE -> JdbcStore.openSqlite(config.dataDir(), options(config), batches);
            case POSTGRES -> openDatabase(new PostgresDialect(), config, batches);
            case MYSQL -> openDatabase(new MysqlDialect(), config, batches);
        };
    }

    /**
     * The delivery the settings choose: {@code direct}, pushing messages over the sessions of this server,
     * or {@code rabbitmq}, publishing them to the broker; either claims them in {@code store} with a lease
     * of one ack timeout.
     *
     * @throws ServerStartException naming {@code --delivery} when this build has no such delivery
     */
    static Delivery openDelivery(ServerConfig config, DeliveryStore store, SessionRegistry sessions,
                                 ClusterSessions cluster, RetrySchedule retries, Duration tickInterval, Clock clock,
                                 DeliveryCounters counters) {
        DeliverySettings settings = config.delivery();
        return switch (settings.kind()) {
            case DIRECT -> new DirectDelivery(store, sessions, cluster, retries, config.ackTimeout(), tickInterval, clock,
                    counters);
            case RABBITMQ -> new BrokerDelivery(settings.kind().cliName(), rabbitPublisher(settings, config.ackTimeout()),
                    DeliveryFrames::brokerBody, store, sessions, cluster, retries, config.ackTimeout(), tickInterval,
                    clock, counters);
            case KAFKA -> new BrokerDelivery(settings.kind().cliName(), kafkaPublisher(settings, config.ackTimeout()),
                    DeliveryFrames::brokerBody, store, sessions, cluster, retries, config.ackTimeout(), tickInterval,
                    clock, counters);
        };
    }

    /** Publishes to {@code --rabbitmq-uri}; a publish not confirmed within half an ack timeout (at most 10 s) fails. */
    private static RabbitPublisher rabbitPublisher(DeliverySettings settings, Duration ackTimeout) {
        String problem = settings.problem();
        if (problem != null) {
            throw new ServerStartException(problem, null);
        }
        Duration confirmTimeout = Duration.ofMillis(Math.max(100, Math.min(10_000, ackTimeout.toMillis() / 2)));
        try {
            return new RabbitPublisher(settings.rabbitmqUri(), DeliverySettings.withoutCredentials(settings.rabbitmqUri()),
                    settings.prefix(), confirmTimeout);
        } catch (IllegalArgumentException e) {
            throw new ServerStartException(e.getMessage(), e);
        }
    }

    /**
     * The Kafka publisher of {@code --kafka-bootstrap}, confirming within half the ack timeout (2 to 10 s).
     *
     * @throws ServerStartException naming the property when a {@code --kafka-property} is not valid
     */
    private static KafkaPublisher kafkaPublisher(DeliverySettings settings, Duration ackTimeout) {
        Duration confirmTimeout = Duration.ofMillis(Math.max(2_000, Math.min(10_000, ackTimeout.toMillis() / 2)));
        try {
            return new KafkaPublisher(settings.kafkaBootstrap(), settings.prefix(), settings.kafkaPartitions(),
                    confirmTimeout, settings.kafkaProperties());
        } catch (KafkaException e) {
            throw new ServerStartException("--kafka-property or --kafka-bootstrap is not valid: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    /** The store's tuning: defaults, with the write queue bounded as {@code config.limits()} says. */
    private static StoreOptions options(ServerConfig config) {
        return StoreOptions.defaults().withQueueBounds(config.limits().maxQueuedWrites(), config.limits().maxQueuedBytes());
    }

    private static JdbcStore openDatabase(Dialect dialect, ServerConfig config, BatchListener batches) {
        StoreSettings settings = config.store();
        int groupIdLength = config.limits().maxGroupIdLength();
        if (groupIdLength > SERVER_DATABASE_GROUP_ID_LENGTH) {
            throw new ServerStartException("--max-group-id-length must be at most " + SERVER_DATABASE_GROUP_ID_LENGTH
                    + " with --store " + settings.kind().cliName() + " (the group_id column's size), got " + groupIdLength,
                    null);
        }
        try {
            return JdbcStore.open(dialect, settings.jdbcUrl(), settings.user(), settings.password(),
                    options(config), batches);
        } catch (UnavailableException e) {
            throw new ServerStartException("--jdbc-url: " + e.getMessage(), e);
        }
    }
}
