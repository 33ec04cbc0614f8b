package io.lottor.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A real Lottor server in its own JVM ({@code io.lottor.server.cli.LottorMain server}) on a data dir of
 * the test's. The first start picks free ports; {@link #restart()} reuses the data dir and the ports, so
 * clients reconnect to the same address. Not thread-safe: one test drives it.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern STARTED =
            Pattern.compile("lottor server started server_id=(\\S+) grpc_port=(\\d+) http_port=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Path dataDir;
    private final List<String> extraFlags;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private OutputPump output;
    private String serverId;
    private int grpcPort;
    private int httpPort;
    private int starts;

    private ServerProcess(String name, Path dataDir, List<String> extraFlags) {
        this.name = name;
        this.dataDir = dataDir;
        this.extraFlags = List.copyOf(extraFlags);
    }

    /** Starts a server on free ports and {@code dataDir}; returns once GET /health/ready answers 200. */
    public static ServerProcess start(String name, Path dataDir, String... extraFlags) {
        ServerProcess server = new ServerProcess(name, dataDir, List.of(extraFlags));
        server.launch();
        return server;
    }

    /** The server id of the running process (a new one on every start). */
    public String serverId() {
        return serverId;
    }

    /** Whether the process runs (it was not killed, or was restarted since). */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public int grpcPort() {
        return grpcPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The server JVM's process id, e.g. for {@code jcmd}. */
    public long pid() {
        return process.pid();
    }

    /** Where the server's output goes. */
    public Path logFile() {
        return Jvm.logDir().resolve("server-" + name + ".log");
    }

    /** The gRPC address clients use, {@code 127.0.0.1:<port>}. */
    public String target() {
        return "127.0.0.1:" + grpcPort;
    }

    /**
     * The admin token the server generated into its data directory on its first start (servers started
     * without {@code --admin-token}).
     */
    public String adminToken() {
        try {
            return java.nio.file.Files.readString(dataDir.resolve("admin-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("no generated admin token in " + dataDir, e);
        }
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** Waits until the running server printed a log line containing {@code text}; returns the line. */
    public String awaitLog(String text, Duration timeout) {
        return output.awaitLine(line -> line.contains(text), timeout, "a log line containing '" + text + "'");
    }

    /** SIGKILL (on Linux): no shutdown hook runs, nothing is flushed. */
    public void kill9() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("server " + name + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts the server again on the same data dir and ports; returns once it is ready. */
    public void restart() {
        if (process.isAlive()) {
            kill9();
        }
        launch();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    kill9();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void launch() {
        starts++;
        List<String> args = new ArrayList<>(List.of("server",
                "--host", "127.0.0.1",
                "--grpc-port", Integer.toString(grpcPort),
                "--http-port", Integer.toString(httpPort),
                "--data-dir", dataDir.toString()));
        args.addAll(extraFlags);
        ProcessBuilder builder = new ProcessBuilder(Jvm.command("io.lottor.server.cli.LottorMain", args))
                .redirectErrorStream(true);
        try {
            process = Jvm.killOnExit(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        output = new OutputPump(process.getInputStream(),
                Jvm.logDir().resolve("server-" + name + ".log"), "start " + starts + ": " + args);
        String line = output.awaitLine(l -> STARTED.matcher(l).find(), START_TIMEOUT, "the 'lottor server started' line");
        Matcher ports = STARTED.matcher(line);
        ports.find();
        serverId = ports.group(1);
        grpcPort = Integer.parseInt(ports.group(2));
        httpPort = Integer.parseInt(ports.group(3));
        await("server " + name + " ready").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> readyStatus() == 200);
    }

    private int readyStatus() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(httpUri("/health/ready")).timeout(Duration.ofSeconds(2)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
