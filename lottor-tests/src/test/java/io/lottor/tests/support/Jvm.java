package io.lottor.tests.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs that share this test JVM's classpath. */
final class Jvm {
    private Jvm() {
    }

    static List<String> command(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Child JVMs are short-lived and share 2 cores with the build: favour start-up time.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Kills {@code process} when this JVM exits normally, so no server outlives an aborted test run. */
    static Process killOnExit(Process process) {
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-" + process.pid()));
        return process;
    }

    static Path logDir() {
        return Path.of("target", "process-logs");
    }
}
