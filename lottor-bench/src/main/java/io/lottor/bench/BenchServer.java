package io.lottor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.lottor.server.LottorServer;
import io.lottor.server.ServerConfig;
import io.lottor.server.StoreSettings;

/**
 * The server the bench talks to: the one given with --target, or an in-process one on a temp data dir
 * with the store given by --store (SQLite in that directory by default).
 */
final class BenchServer implements AutoCloseable {
    private final String target;
    private final LottorServer server;
    private final Path dataDir;

    private BenchServer(String target, LottorServer server, Path dataDir) {
        this.target = target;
        this.server = server;
        this.dataDir = dataDir;
    }

    static BenchServer startOrUse(String target, StoreSettings store) throws IOException {
        if (target != null && !target.isBlank()) {
            return new BenchServer(target, null, null);
        }
        Path dataDir = Files.createTempDirectory("lottor-bench-");
        LottorServer server = LottorServer.start(ServerConfig.defaults()
                .withGrpcPort(0).withHttpPort(0).withDataDir(dataDir).withStore(store));
        return new BenchServer("127.0.0.1:" + server.grpcPort(), server, dataDir);
    }

    String target() {
        return target;
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        server.close();
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
