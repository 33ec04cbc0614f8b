package io.lottor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point ({@link LottorMain#main}) in a child JVM, as a user runs {@code ./lottor server}:
 * a bad setting is one line on stderr naming the flag and the limit, and exit code 1; {@code --help}
 * still prints the usage with exit code 0.
 */
class BadSettingExitTest {
    @TempDir
    Path dataDir;

    @Test
    void anOutOfRangeSettingIsOneLineNamingTheFlagAndTheLimitAndExitCode1() throws Exception {
        Run run = run("server", "--max-attempts", "0", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isEqualTo(1);
        assertThat(run.stderrLines()).containsExactly(
                "lottor server: --max-attempts must be between 1 and 1000, got 0 (lottor server --help lists the options)");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void aValueOfTheWrongTypeOrAnUnknownFlagIsOneLineAndExitCode1() throws Exception {
        Run wrongType = run("server", "--grpc-port", "abc", "--data-dir", dataDir.toString());
        Run unknown = run("server", "--max-atempts", "3", "--data-dir", dataDir.toString());

        assertThat(wrongType.exitCode()).isEqualTo(1);
        assertThat(wrongType.stderrLines()).singleElement().asString()
                .startsWith("lottor server: ").contains("--grpc-port").contains("abc");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderrLines()).singleElement().asString()
                .startsWith("lottor server: ").contains("--max-atempts");
    }

    @Test
    void helpStillPrintsTheUsageWithExitCode0() throws Exception {
        Run help = run("server", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("Usage: lottor server").contains("--max-attempts");
        assertThat(help.stderr()).isEmpty();
    }

    private static Run run(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LottorMain.class.getName());
        builder.command().addAll(List.of(args));
        builder.environment().keySet().removeIf(name -> name.startsWith("LOTTOR_"));
        Process process = builder.start();
        CompletableFuture<String> stdout = read(process.getInputStream());
        CompletableFuture<String> stderr = read(process.getErrorStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("lottor " + String.join(" ", args) + " did not exit within 60 s");
        }
        return new Run(process.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private record Run(int exitCode, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
