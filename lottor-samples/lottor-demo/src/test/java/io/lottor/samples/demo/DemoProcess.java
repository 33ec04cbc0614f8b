package io.lottor.samples.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./lottor demo …} run the way a user runs it: the real launcher script, from the repository
 * root, as a child process whose stdout and stderr are kept. Killed (with its descendants) when it
 * outlives its time.
 */
final class DemoProcess implements AutoCloseable {
    private final Process process;
    private final Output stdout;
    private final Output stderr;

    private DemoProcess(Process process) {
        this.process = process;
        this.stdout = new Output(process.getInputStream());
        this.stderr = new Output(process.getErrorStream());
    }

    static DemoProcess start(String... args) throws IOException {
        Path root = repositoryRoot();
        List<String> command = new ArrayList<>(List.of(root.resolve("lottor").toString(), "demo"));
        command.addAll(List.of(args));
        return new DemoProcess(new ProcessBuilder(command).directory(root.toFile()).start());
    }

    /** Waits for the process to end and returns its exit code; kills it and fails after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError("./lottor demo still running after " + timeout + "; killed. stdout:\n" + stdout());
        }
        stdout.join();
        stderr.join();
        return process.exitValue();
    }

    /** Waits until stdout has a line equal to {@code line}; fails when the process ends first or after {@code timeout}. */
    void awaitLine(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stdout().lines().anyMatch(line::equals)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no line '" + line + "' on stdout; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
            }
            Thread.sleep(100);
        }
    }

    /**
     * SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks. Through the process handle, because
     * {@link Process#destroy()} also closes our ends of its output, losing what the hooks print.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    String stdout() {
        return stdout.text();
    }

    String stderr() {
        return stderr.text();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** A port nobody listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("lottor"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no ./lottor launcher above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** A stream read to its end on a thread of its own. */
    private static final class Output {
        private final StringBuffer text = new StringBuffer();
        private final Thread reader;

        Output(InputStream stream) {
            this.reader = new Thread(() -> read(stream), "demo-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(InputStream stream) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    text.append(line).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void join() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }

        String text() {
            return text.toString();
        }
    }
}
