package io.lottor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.support.ServerDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lottor server} on a server database in a child JVM, set up through the environment: a
 * database that cannot be reached or refuses the login stops the start with one line naming
 * {@code --jdbc-url} (never the password) and exit code 1; a reachable one starts, with the admin token
 * in the data directory and no SQLite file or lock there.
 */
class ServerStoreStartTest {
    private static final String PASSWORD = "not-the-password-4711";

    @TempDir
    Path dataDir;

    @Test
    void unreachableDatabaseStopsTheStartWithOneLineNamingJdbcUrlAndExitCode1() throws Exception {
        Result result = run(Map.of("LOTTOR_STORE", "postgres", "LOTTOR_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/lottor",
                "LOTTOR_JDBC_USER", "lottor", "LOTTOR_JDBC_PASSWORD", PASSWORD));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).hasSize(1);
        assertThat(result.errors()).hasSize(1);
        assertThat(result.errors().get(0))
                .startsWith("lottor server: cannot start: --jdbc-url: cannot connect to the postgres database at"
                        + " jdbc:postgresql://127.0.0.1:1/lottor: ")
                .contains("refused");
        assertThat(result.output()).noneMatch(line -> line.contains(PASSWORD));
    }

    @Test
    void refusedLoginStopsTheStartWithOneLineWithoutThePassword() throws Exception {
        try (ServerDatabase database = ServerDatabase.create(ServerDatabase.Kind.MARIADB, "login")) {
            Result result = run(Map.of("LOTTOR_STORE", "mysql", "LOTTOR_JDBC_URL", database.url(),
                    "LOTTOR_JDBC_USER", "root", "LOTTOR_JDBC_PASSWORD", PASSWORD));

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.output()).hasSize(1);
            assertThat(result.errors()).hasSize(1);
            assertThat(result.errors().get(0))
                    .startsWith("lottor server: cannot start: --jdbc-url: cannot connect to the mysql database at "
                            + database.url() + ": ")
                    .contains("Access denied");
            assertThat(result.output()).noneMatch(line -> line.contains(PASSWORD));
        }
    }

    @Test
    void startsOnPostgresKeepingOnlyTheAdminTokenInTheDataDirectory() throws Exception {
        try (ServerDatabase database = ServerDatabase.create(ServerDatabase.Kind.POSTGRES, "start")) {
            Process process = launch(Map.of("LOTTOR_STORE", "postgres", "LOTTOR_JDBC_URL", database.url(),
                    "LOTTOR_JDBC_USER", database.user()));
            try (BufferedReader output = reader(process.getInputStream())) {
                String started = output.lines().filter(line -> line.startsWith("lottor server started")).findFirst()
                        .orElseThrow(() -> new AssertionError("the server did not start"));

                assertThat(started).endsWith(" store=postgres delivery=direct");
                assertThat(dataDir.resolve("admin-token")).exists();
                assertThat(dataDir.resolve("lottor.db")).doesNotExist();
                assertThat(dataDir.resolve("lottor.lock")).doesNotExist();
                assertThat(database.count("SELECT COUNT(*) FROM lottor_schema_history WHERE success"))
                        .isEqualTo(migrations("postgres"));
            } finally {
                process.destroy();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private Result run(Map<String, String> env) throws Exception {
        Process process = launch(env);
        CompletableFuture<List<String>> errors = CompletableFuture.supplyAsync(() -> lines(process.getErrorStream()));
        List<String> output = lines(process.getInputStream());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> errorLines = errors.get(30, TimeUnit.SECONDS);
        List<String> all = new java.util.ArrayList<>(output);
        all.addAll(errorLines);
        return new Result(process.exitValue(), errorLines, all);
    }

    private Process launch(Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LottorMain.class.getName(), "server", "--grpc-port", "0", "--http-port", "0",
                "--data-dir", dataDir.toString());
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().keySet().removeIf(name -> name.startsWith("LOTTOR_"));
        builder.environment().putAll(env);
        Files.createDirectories(dataDir);
        return builder.start();
    }

    private static BufferedReader reader(InputStream stream) {
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    private static List<String> lines(InputStream stream) {
        try (BufferedReader reader = reader(stream)) {
            return reader.lines().filter(line -> !line.isBlank()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Exit code, the lines on stderr, and every line printed. */
    private record Result(int exitCode, List<String> errors, List<String> output) {
    }

    /** How many migrations the dialect's folder holds: Flyway applies every one at the first start. */
    private static long migrations(String dialect) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration", dialect))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".sql")).count();
        }
    }
}
