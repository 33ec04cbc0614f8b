package io.lottor.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server process shared by the tests of one class, on a data directory of its own, with an
 * {@link Inspector} to look at it. Register it as a static field with {@code @RegisterExtension}.
 */
public final class RunningServer implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final String[] flags;
    private Path dataDir;
    private ServerProcess process;
    private Inspector inspector;

    public RunningServer(String name, String... flags) {
        this.name = name;
        this.flags = flags;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("lottor-" + name);
        process = ServerProcess.start(name, dataDir, flags);
        inspector = new Inspector(process);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        inspector.close();
        process.close();
        deleteRecursively(dataDir);
    }

    /** The server's gRPC address, {@code host:port}. */
    public String target() {
        return process.target();
    }

    public Inspector inspector() {
        return inspector;
    }

    public ServerProcess process() {
        return process;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
