package io.lottor.tests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Java Flight Recording of another JVM started and stopped with {@code jcmd}, read for the most heap
 * that JVM used, from its {@code jdk.GCHeapSummary} events (one before and one after every collection):
 * the most it held just before a collection (garbage included, so it depends on when the collector ran)
 * and the most that survived a full collection (what it really kept).
 */
public final class HeapRecording implements AutoCloseable {
    private static final String NAME = "lottor-heap";

    private final long pid;
    private final Path file;
    private boolean stopped;

    private HeapRecording(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    /** Starts recording the JVM {@code pid} into {@code file}. */
    public static HeapRecording start(long pid, Path file) {
        HeapRecording recording = new HeapRecording(pid, file);
        recording.jcmd("JFR.start", "name=" + NAME, "settings=default", "filename=" + file);
        return recording;
    }

    /** The most heap used, in bytes: before any collection, and kept after a full one (0 if none ran). */
    public record Peak(long beforeGc, long afterFullGc) {
    }

    /** Stops the recording and answers the most heap the JVM used while it ran. */
    public Peak stopAndReadPeakHeapUsed() throws IOException {
        stop();
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Set<Long> fullCollections = new HashSet<>();
        for (RecordedEvent event : events) {
            if (event.getEventType().getName().equals("jdk.GarbageCollection") && isFull(event.getString("name"))) {
                fullCollections.add(event.getLong("gcId"));
            }
        }
        long before = 0;
        long afterFull = 0;
        for (RecordedEvent event : events) {
            if (event.getEventType().getName().equals("jdk.GCHeapSummary")) {
                long used = event.getLong("heapUsed");
                if (!"After GC".equals(event.getString("when"))) {
                    before = Math.max(before, used);
                } else if (fullCollections.contains(event.getLong("gcId"))) {
                    afterFull = Math.max(afterFull, used);
                }
            }
        }
        return new Peak(before, afterFull);
    }

    private static boolean isFull(String collector) {
        return collector.contains("Old") || collector.contains("Full") || collector.equals("MarkSweepCompact");
    }

    @Override
    public void close() {
        stop();
    }

    private void stop() {
        if (!stopped) {
            stopped = true;
            jcmd("JFR.stop", "name=" + NAME);
        }
    }

    private void jcmd(String... command) {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        args.addAll(List.of(command));
        try {
            Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes());
            if (!jcmd.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new AssertionError("jcmd " + String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
