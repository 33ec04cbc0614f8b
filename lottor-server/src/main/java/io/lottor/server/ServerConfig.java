package io.lottor.server;

import io.lottor.server.model.Limits;
import io.lottor.server.security.Security;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Every setting of a Lottor server. {@link #defaults()} gives the documented defaults; the CLI maps
 * each to a flag and an environment variable.
 *
 * @param host                bind address of both listeners
 * @param grpcPort            gRPC port (0: any free port)
 * @param httpPort            HTTP port (0: any free port)
 * @param dataDir             where the embedded SQLite store keeps {@code lottor.db}
 * @param checkAfter          first check-back of a PREPARED group, when the group gives none
 * @param ackTimeout          how long a delivery may go unanswered before it counts as failed
 * @param retryInitialBackoff delay after the first failed delivery; doubles per attempt
 * @param retryMaxBackoff     cap of the delay between attempts (and between check-backs)
 * @param maxAttempts         deliveries before a message is DEAD
 * @param heartbeatInterval   heartbeat period of sessions; silent for three periods closes a session
 * @param retention           how long COMPLETED and ROLLED_BACK groups are kept
 * @param limits              size limits of Prepare
 * @param security            tokens, TLS and CORS of both listeners
 * @param waitingForConsumerAfter how long a READY message may wait with no session to take it before the
 *                            dashboard lists it under "Needs attention" and the metrics count it
 * @param store               which store: the embedded SQLite file in {@code dataDir}, or a PostgreSQL or
 *                            MySQL database (the admin token file stays in {@code dataDir} for every store)
 * @param delivery            how messages reach consumers: direct over sessions, or through RabbitMQ or Kafka
 */
public record ServerConfig(
        String host,
        int grpcPort,
        int httpPort,
        Path dataDir,
        Duration checkAfter,
        Duration ackTimeout,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff,
        int maxAttempts,
        Duration heartbeatInterval,
        Duration retention,
        Limits limits,
        Security security,
        Duration waitingForConsumerAfter,
        StoreSettings store,
        DeliverySettings delivery) {

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 9888, 9666, Path.of("data"), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5), 10, Duration.ofSeconds(2),
                Duration.ofDays(7), Limits.DEFAULTS, Security.defaults(), Duration.ofMinutes(1),
                StoreSettings.sqlite(), DeliverySettings.direct());
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, grpcPort, httpPort, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, limits, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withGrpcPort(int value) {
        return new ServerConfig(host, value, httpPort, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, limits, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withHttpPort(int value) {
        return new ServerConfig(host, grpcPort, value, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, limits, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withDataDir(Path value) {
        return new ServerConfig(host, grpcPort, httpPort, value, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, limits, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withCheckAfter(Duration value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, value, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, limits, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withAckTimeout(Duration value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, checkAfter, value, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, limits, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withRetryInitialBackoff(Duration value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, checkAfter, ackTimeout, value,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, limits, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withRetryMaxBackoff(Duration value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                value, maxAttempts, heartbeatInterval, retention, limits, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withMaxAttempts(int value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, value, heartbeatInterval, retention, limits, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withHeartbeatInterval(Duration value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, value, retention, limits, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withRetention(Duration value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, value, limits, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withLimits(Limits value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, value, security, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withSecurity(Security value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, limits, value, waitingForConsumerAfter, store, delivery);
    }

    public ServerConfig withWaitingForConsumerAfter(Duration value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, limits, security, value, store, delivery);
    }

    public ServerConfig withStore(StoreSettings value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, limits, security, waitingForConsumerAfter,
                value, delivery);
    }

    public ServerConfig withDelivery(DeliverySettings value) {
        return new ServerConfig(host, grpcPort, httpPort, dataDir, checkAfter, ackTimeout, retryInitialBackoff,
                retryMaxBackoff, maxAttempts, heartbeatInterval, retention, limits, security, waitingForConsumerAfter,
                store, value);
    }
}
