package io.lottor.tests.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Copies a child process's output line by line to a log file and keeps the lines, so a test can wait
 * for one. Thread-safe: one daemon thread writes, any thread waits.
 */
final class OutputPump {
    private final List<String> lines = new ArrayList<>();
    private final Path logFile;
    private boolean ended;

    OutputPump(InputStream output, Path logFile, String header) {
        this.logFile = logFile;
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "=== " + header + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread thread = new Thread(() -> pump(output), "pump-" + logFile.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until a line matching {@code match} has been printed; fails when the process ends or time runs out. */
    String awaitLine(Predicate<String> match, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (match.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError((ended ? "process ended" : "timed out after " + timeout)
                            + " before printing " + what + "; see " + logFile.toAbsolutePath());
                }
                waitNanos(left);
            }
        }
    }

    Path logFile() {
        return logFile;
    }

    private void pump(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.write(line);
                log.write(System.lineSeparator());
                log.flush();
                add(line);
            }
        } catch (IOException e) {
            // the process was killed while we were reading: its output simply ends here
        } finally {
            end();
        }
    }

    private synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    private synchronized void end() {
        ended = true;
        notifyAll();
    }

    private void waitNanos(long nanos) {
        try {
            long millis = Math.max(1, nanos / 1_000_000);
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
