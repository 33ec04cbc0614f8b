package io.lottor.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code lottor.*} settings, immutable, bound once at startup.
 *
 * @param enabled    whether Lottor is auto-configured at all
 * @param service    this service's name on the coordinator; default {@code spring.application.name}
 * @param instanceId this instance's id, unique within the service; default {@code hostname-pid}
 * @param clientToken token sent as {@code authorization: Bearer <token>} on every coordinator call
 * @param checkAfter when the coordinator first asks about a group left PREPARED; default the server's
 * @param server     where the coordinator is
 * @param tls        TLS towards the coordinator
 * @param consumer   listener settings
 * @param barrier    the producer's barrier table {@code lottor_barrier}
 * @param consumed   the consumer's idempotency table {@code lottor_consumed}
 * @param reconnect  how the session reconnects after it is lost (a server restart, a network cut)
 * @param health     what the {@code lottor} health indicator reports while the session is lost
 * @param delivery   this client's own settings for a broker the server delivers through
 */
@ConfigurationProperties("lottor")
public record LottorProperties(
        @DefaultValue("true") boolean enabled,
        String service,
        String instanceId,
        String clientToken,
        Duration checkAfter,
        @DefaultValue Server server,
        @DefaultValue Tls tls,
        @DefaultValue Consumer consumer,
        @DefaultValue Barrier barrier,
        @DefaultValue Consumed consumed,
        @DefaultValue Reconnect reconnect,
        @DefaultValue Health health,
        @DefaultValue Delivery delivery) {

    /**
     * The coordinator.
     *
     * @param targets the coordinator's gRPC addresses, {@code host:port} each, e.g.
     *                {@code lottor.server.targets=host1:9888,host2:9888} for several servers sharing one
     *                database: calls are spread round-robin (one refused UNAVAILABLE is retried on another),
     *                and the session moves to another server when its server dies
     */
    public record Server(@DefaultValue("127.0.0.1:9888") List<String> targets) {
    }

    /**
     * TLS towards the coordinator.
     *
     * @param enabled          whether to use TLS (with the JVM's trusted certificates unless a trust certificate is set)
     * @param trustCertificate PEM file of the certificate (or CA) to trust; setting it enables TLS
     */
    public record Tls(@DefaultValue("false") boolean enabled, Path trustCertificate) {
    }

    /**
     * Listener settings.
     *
     * @param maxInFlight at most this many deliveries handled at once (1 to 10000)
     */
    public record Consumer(@DefaultValue("64") int maxInFlight) {
    }

    /**
     * The barrier table.
     *
     * @param createTable whether to create {@code lottor_barrier} at startup if it is missing
     * @param retention   how long barrier rows are kept; an older row goes only once the coordinator says its group is
     *                    settled (not PREPARED); 0 keeps them
     */
    public record Barrier(@DefaultValue("true") boolean createTable, @DefaultValue("7d") Duration retention) {
    }

    /**
     * The idempotency table.
     *
     * @param createTable whether to create {@code lottor_consumed} at startup if it is missing
     * @param retention   how long consumed rows are kept; beyond the coordinator's whole retry schedule; 0 keeps them
     */
    public record Consumed(@DefaultValue("true") boolean createTable, @DefaultValue("7d") Duration retention) {
    }

    /**
     * The session's reconnect backoff: the first delay, doubling up to the cap, each drawn from [half, full].
     *
     * @param initialBackoff the first delay after the session is lost
     * @param maxBackoff     the longest delay between two attempts: how long a restarted server waits at most
     *                       for this instance to come back (deliveries and check-backs need the session)
     */
    public record Reconnect(@DefaultValue("200ms") Duration initialBackoff, @DefaultValue("2s") Duration maxBackoff) {
    }

    /**
     * The {@code lottor} health indicator.
     *
     * @param downWhenDisconnected whether a lost session reports DOWN, which fails {@code /actuator/health} as a
     *                             whole; by default it reports DISCONNECTED, which Boot's aggregation ignores
     */
    public record Health(@DefaultValue("false") boolean downWhenDisconnected) {
    }

    /**
     * This client's own settings for the broker a server delivers through (the server's Welcome names the
     * broker, its address without credentials and the queue or topic; these override or complete them).
     *
     * @param rabbitmq RabbitMQ
     * @param kafka    Kafka
     */
    public record Delivery(@DefaultValue Rabbitmq rabbitmq, @DefaultValue Kafka kafka) {
    }

    /**
     * RabbitMQ, when the server runs with {@code --delivery rabbitmq}; needs {@code com.rabbitmq:amqp-client}.
     *
     * @param uri      the AMQP URI to consume from instead of the server's ({@code amqp://host:5672/vhost},
     *                 {@code amqps://…} for TLS); default the address the server names
     * @param username the RabbitMQ user; default the URI's, else guest
     * @param password the RabbitMQ password (set with {@code username})
     */
    public record Rabbitmq(String uri, String username, String password) {
    }

    /**
     * Kafka, when the server runs with {@code --delivery kafka}; needs {@code org.apache.kafka:kafka-clients}.
     *
     * @param bootstrapServers {@code lottor.delivery.kafka.bootstrap-servers}: the bootstrap servers to consume
     *                         from instead of the address the server names
     * @param properties       {@code lottor.delivery.kafka.properties.*}: further consumer properties (TLS, SASL,
     *                         e.g. {@code lottor.delivery.kafka.properties[security.protocol]=SASL_SSL}); the group
     *                         (the service), auto-commit (off) and offset reset (earliest) are Lottor's
     */
    public record Kafka(String bootstrapServers, Map<String, String> properties) {
    }
}
