package io.lottor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerCommandTest {

    @Test
    void readsMillisecondsSecondsMinutesHoursAndDays() {
        assertThat(DurationConverter.parse("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(DurationConverter.parse("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationConverter.parse("7d")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void rejectsDurationsWithoutAUnitNamingTheFormat() {
        assertThatThrownBy(() -> DurationConverter.parse("10"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("200ms, 1s, 5m");
    }

    @Test
    void rejectsOutOfRangeSettingsNamingTheOptionAndTheLimit() {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--max-attempts", "0");
        assertThatThrownBy(command::config).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--max-attempts must be between 1 and 1000, got 0");

        ServerCommand zeroTimeout = new ServerCommand();
        new CommandLine(zeroTimeout).parseArgs("--ack-timeout", "0s");
        assertThatThrownBy(zeroTimeout::config).hasMessageContaining("--ack-timeout must be longer than 0");
    }

    @Test
    void serverFlagsOverrideDefaults() {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--grpc-port", "0", "--check-after", "500ms", "--max-attempts", "3",
                "--retry-initial-backoff", "100ms");
        var config = command.config();
        assertThat(config.grpcPort()).isZero();
        assertThat(config.httpPort()).isEqualTo(9666);
        assertThat(config.checkAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.retryInitialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.retryMaxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.waitingForConsumerAfter()).isEqualTo(Duration.ofMinutes(1));
    }
}
