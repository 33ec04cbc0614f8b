package io.lottor.samples.demo;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Entry point of {@code lottor-demo.jar} ({@code ./lottor demo}). */
public final class DemoMain {
    /** The demo's logging: WARN and above on stderr, the story alone on stdout. */
    static final String LOGBACK_CONFIG = "logback-demo.xml";

    private DemoMain() {
    }

    public static void main(String[] args) {
        // The server's jar brings a logback.xml of its own: configure logback from ours before the first
        // logger, then drop the property, which Spring Boot would warn about (it is told with logging.config).
        System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        LoggerFactory.getILoggerFactory();
        System.clearProperty("logback.configurationFile");
        System.exit(new CommandLine(new DemoCommand(System.out)).execute(args));
    }
}
