package io.lottor.samples.demo;

import io.lottor.samples.auth.AuthServiceApplication;
import io.lottor.samples.user.UserServiceApplication;
import io.lottor.server.DeliverySettings;
import io.lottor.server.LottorServer;
import io.lottor.server.ServerStartException;
import io.lottor.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * What the demo runs: a Lottor server on a fresh embedded store in a new directory under the system
 * temp directory (deleted on close), delivering directly or through a broker, then auth-service and
 * user-service connected to it. Closed in
 * reverse order.
 */
final class DemoStack implements AutoCloseable {
    /** Short retries so that the dead-message scenario ends within seconds. */
    static final Duration RETRY_BACKOFF = Duration.ofMillis(500);
    static final int MAX_ATTEMPTS = 3;

    private final AtomicBoolean closed = new AtomicBoolean();
    private final Path dataDir;
    private final DeliverySettings delivery;
    private final LottorServer server;
    private final SampleService auth;
    private final SampleService user;
    private final DemoKafka kafka;

    private DemoStack(Path dataDir, DeliverySettings delivery, LottorServer server, SampleService auth,
                      SampleService user, DemoKafka kafka) {
        this.kafka = kafka;
        this.dataDir = dataDir;
        this.delivery = delivery;
        this.server = server;
        this.auth = auth;
        this.user = user;
    }

    /**
     * Starts everything (first a one-node Kafka broker in this JVM when {@code delivery} is Kafka and
     * {@code inProcessKafka}); fails with {@link io.lottor.server.ServerStartException} when a port is busy,
     * leaving nothing running.
     */
    static DemoStack start(int grpcPort, int httpPort, DeliverySettings delivery, boolean inProcessKafka) {
        DemoKafka kafka = delivery.kind() == DeliverySettings.Kind.KAFKA && inProcessKafka ? startKafka() : null;
        DeliverySettings used = kafka == null ? delivery : delivery.withKafkaBootstrap(kafka.bootstrapServers());
        try {
            return start(grpcPort, httpPort, used, kafka);
        } catch (RuntimeException e) {
            closeQuietly(kafka);
            throw e;
        }
    }

    private static DemoStack start(int grpcPort, int httpPort, DeliverySettings delivery, DemoKafka kafka) {
        Path dataDir = newDataDir();
        LottorServer server;
        try {
            server = LottorServer.start(config(dataDir, grpcPort, httpPort).withDelivery(delivery));
        } catch (RuntimeException e) {
            deleteRecursively(dataDir);
            throw e;
        }
        try {
            SampleService auth = SampleService.start("auth-service", AuthServiceApplication.builder(), server.grpcPort());
            SampleService user = SampleService.start("user-service", UserServiceApplication.builder(), server.grpcPort());
            return new DemoStack(dataDir, delivery, server, auth, user, kafka);
        } catch (RuntimeException e) {
            server.close();
            deleteRecursively(dataDir);
            throw e;
        }
    }

    private static ServerConfig config(Path dataDir, int grpcPort, int httpPort) {
        return ServerConfig.defaults().withGrpcPort(grpcPort).withHttpPort(httpPort).withDataDir(dataDir)
                .withRetryInitialBackoff(RETRY_BACKOFF).withRetryMaxBackoff(RETRY_BACKOFF)
                .withMaxAttempts(MAX_ATTEMPTS);
    }

    Path dataDir() {
        return dataDir;
    }

    DeliverySettings delivery() {
        return delivery;
    }

    LottorServer server() {
        return server;
    }

    SampleService auth() {
        return auth;
    }

    SampleService user() {
        return user;
    }

    /** The admin UI and API address. */
    URI serverUri() {
        return URI.create("http://127.0.0.1:" + server.httpPort() + "/");
    }

    /** The token the admin API and UI want (generated into the data directory on the server's first start). */
    String adminToken() {
        return server.adminToken();
    }

    /** Stops everything once; later calls (the shutdown hook after {@code --exit}) do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        user.close();
        auth.close();
        server.close();
        closeQuietly(kafka);
        deleteRecursively(dataDir);
    }

    private static DemoKafka startKafka() {
        try {
            return DemoKafka.start();
        } catch (Exception e) {
            throw new ServerStartException("cannot start the in-process Kafka broker: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(DemoKafka kafka) {
        if (kafka == null) {
            return;
        }
        try {
            kafka.close();
        } catch (Exception e) {
            System.err.println("lottor demo: could not stop the in-process Kafka broker: " + e.getMessage());
        }
    }

    private static Path newDataDir() {
        try {
            return Files.createTempDirectory("lottor-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo's data directory", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("lottor demo: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
