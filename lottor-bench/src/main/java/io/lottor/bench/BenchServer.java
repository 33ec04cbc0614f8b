package io.lottor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.lottor.server.DeliverySettings;
import io.lottor.server.LottorServer;
import io.lottor.server.ServerConfig;
import io.lottor.server.StoreSettings;

/**
 * The servers the bench talks to: the one given with --target, or {@code --servers} in-process ones on
 * free ports with the store given by --store (SQLite in a temp data directory by default; several
 * servers share one PostgreSQL or MySQL database) and the delivery given by --delivery, each with a temp
 * data directory of its own.
 */
final class BenchServer implements AutoCloseable {
    private final List<String> targets;
    private final List<LottorServer> servers;
    private final List<Path> dataDirs;

    private BenchServer(List<String> targets, List<LottorServer> servers, List<Path> dataDirs) {
        this.targets = targets;
        this.servers = servers;
        this.dataDirs = dataDirs;
    }

    static BenchServer startOrUse(String target, StoreSettings store, int count, DeliverySettings delivery)
            throws IOException {
        if (target != null && !target.isBlank()) {
            return new BenchServer(List.of(target), List.of(), List.of());
        }
        BenchServer started = new BenchServer(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try {
            for (int i = 0; i < count; i++) {
                Path dataDir = Files.createTempDirectory("lottor-bench-");
                started.dataDirs.add(dataDir);
                LottorServer server = LottorServer.start(ServerConfig.defaults()
                        .withGrpcPort(0).withHttpPort(0).withDataDir(dataDir).withStore(store).withDelivery(delivery));
                started.servers.add(server);
                started.targets.add("127.0.0.1:" + server.grpcPort());
            }
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** The servers' gRPC addresses, {@code host:port}, in the order they started. */
    List<String> targets() {
        return targets;
    }

    @Override
    public void close() {
        servers.forEach(LottorServer::close);
        dataDirs.forEach(BenchServer::deleteRecursively);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
