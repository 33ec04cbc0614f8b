package io.lottor.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lines rendered by the server's own {@code logback.xml} (not the tests' configuration). */
class ServerLogLinesTest {
    private final LoggerContext context = new LoggerContext();

    @BeforeEach
    void configureAsTheServer() throws Exception {
        URL serverConfig = ServerLogLinesTest.class.getResource("/logback.xml");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(serverConfig);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void groupIdWithControlCharactersStaysOneLineWithItsCharactersEscaped() {
        String groupId = "g-1\r\n12:00:00.000 INFO  [main] Coordinator - group committed group=forged\u001b[31m";

        String line = render("check-back sent group={} source={}", groupId, "user\tservice");

        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\r", "\n", "\u001b", "\t");
        assertThat(line).contains("check-back sent group=g-1\\r\\n12:00:00.000 INFO  [main] Coordinator - group committed"
                + " group=forged\\u001b[31m source=user\\tservice");
    }

    @Test
    void ordinaryMessagesAreRenderedUnchanged() {
        assertThat(render("group prepared group={} messages={}", "order-42 é", 3))
                .endsWith(" INFO  [main] Coordinator - group prepared group=order-42 é messages=3\n");
    }

    private String render(String format, Object... arguments) {
        Logger logger = context.getLogger("io.lottor.server.coordinator.Coordinator");
        LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.INFO, format, null, arguments);
        event.setThreadName("main");
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> console =
                (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    }
}
