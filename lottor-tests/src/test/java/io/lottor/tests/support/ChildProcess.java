package io.lottor.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client helper process ({@link ProducerMain}, {@link ConsumerMain}) on this JVM's classpath, driven
 * by its arguments and watched through the lines it prints. A test kills it with {@link #kill9()}.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final OutputPump output;

    private ChildProcess(Process process, OutputPump output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code mainClass} with {@code args}; its output goes to target/process-logs/{@code name}.log. */
    public static ChildProcess start(String name, Class<?> mainClass, String... args) {
        ProcessBuilder builder = new ProcessBuilder(Jvm.command(mainClass.getName(), List.of(args)))
                .redirectErrorStream(true);
        try {
            Process process = Jvm.killOnExit(builder.start());
            return new ChildProcess(process,
                    new OutputPump(process.getInputStream(), Jvm.logDir().resolve(name + ".log"), String.join(" ", args)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a line starting with {@code prefix} and returns it; fails if the process ends first. */
    public String awaitLine(String prefix, Duration timeout) {
        return output.awaitLine(line -> line.startsWith(prefix), timeout, "a line starting with '" + prefix + "'");
    }

    /** SIGKILL (on Linux): the process gets no chance to finish anything. */
    public void kill9() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("child survived SIGKILL; see " + output.logFile());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill9();
        }
    }
}
