package io.lottor.spring.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A Java process on this JVM's classpath (surefire runs without a manifest-only jar), its output copied
 * to {@code target/process-logs/<name>.log} and kept for {@link #awaitLine}. {@link #kill9()} is SIGKILL.
 * The child should end itself when its stdin closes (see {@link #exitWhenParentDies()}), so it never
 * outlives the test JVM.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread pump = new Thread(this::pump, "child-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    public static ChildJvm start(String name, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        try {
            Path logDir = Files.createDirectories(Path.of("target", "process-logs"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new ChildJvm(process, logDir.resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a line starting with {@code prefix}; fails early when the process ends. */
    public String awaitLine(String prefix, Duration timeout) {
        return await("a line starting with '" + prefix + "' in " + log).atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    String line = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
                    if (line == null && !process.isAlive()) {
                        throw new AssertionError("child ended with " + process.exitValue() + " before '" + prefix
                                + "'; see " + log.toAbsolutePath());
                    }
                    return line;
                }, line -> line != null);
    }

    /** SIGKILL: nothing in the child gets to run. */
    public void kill9() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("child survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill9();
        }
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                out.println(line);
            }
        } catch (IOException e) {
            // the process died; what was read is kept
        }
    }

    /** For the child: a daemon thread that halts this JVM when the parent closes stdin (ended or killed). */
    public static void exitWhenParentDies() {
        Thread watcher = new Thread(() -> {
            try {
                System.in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // stdin broken: the parent is gone too
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
