package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite schema after every migration has the indexes the migrations declare, and the statistics'
 * queries use them. A {@code CREATE INDEX IF NOT EXISTS} that reuses an earlier index's name is skipped
 * silently by the database; these tests catch that.
 */
class SqliteIndexesTest {
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "CREATE\\s+INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\s+ON\\s+(\\w+)\\s*\\(([^)]*)\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DROP_INDEX = Pattern.compile("DROP\\s+INDEX\\s+(?:IF\\s+EXISTS\\s+)?(\\w+)",
            Pattern.CASE_INSENSITIVE);

    @TempDir
    Path dataDir;
    private String url;

    @BeforeEach
    void migrate() {
        JdbcStore.openSqlite(dataDir).close();
        url = "jdbc:sqlite:" + dataDir.resolve("lottor.db");
    }

    @Test
    void everyIndexHasTheColumnsItsLastMigrationDeclares() throws Exception {
        Map<String, List<String>> declared = declaredIndexes();

        try (Connection connection = DriverManager.getConnection(url)) {
            for (Map.Entry<String, List<String>> index : declared.entrySet()) {
                assertThat(columnsOf(connection, index.getKey()))
                        .as("columns of index %s", index.getKey())
                        .containsExactlyElementsOf(index.getValue());
            }
        }
        assertThat(declared).containsKeys("lottor_group_created", "lottor_group_state_created",
                "lottor_message_state_updated");
    }

    @Test
    void statisticsQueriesUseTheirIndexes() throws Exception {
        try (Connection connection = DriverManager.getConnection(url)) {
            assertThat(plan(connection, OpsReads.PREPARED_PER_BUCKET, 0, 1000, 0, 60_000))
                    .contains("USING COVERING INDEX lottor_group_created (created_at>? AND created_at<?)");
            assertThat(plan(connection, OpsReads.MESSAGES_PER_BUCKET.formatted("'CONSUMED'"), 0, 1000, 0, 60_000))
                    .contains("USING COVERING INDEX lottor_message_state_updated (state=? AND updated_at>? AND updated_at<?)");
            assertThat(plan(connection, OpsReads.OLDEST_PREPARED)).contains("USING INDEX lottor_group_state_created (state=?)")
                    .doesNotContain("TEMP B-TREE");
        }
    }

    /**
     * V8: the sweeps' indexes hold only the rows of the states their sweep reads (a row's entry is written
     * when it enters them, not at every state change), and the sweeps' queries still use them.
     */
    @Test
    void theSweepsQueriesUseThePartialIndexesOfTheStatesTheyLookFor() throws Exception {
        try (Connection connection = DriverManager.getConnection(url)) {
            assertThat(indexSql(connection, "lottor_message_lease")).endsWith("WHERE state = 'IN_FLIGHT'");
            assertThat(indexSql(connection, "lottor_message_due")).endsWith("WHERE state IN ('READY', 'FAILED')");
            assertThat(indexSql(connection, "lottor_group_due_check")).endsWith("WHERE state = 'PREPARED'");
            assertThat(indexSql(connection, "lottor_group_finished")).endsWith("WHERE state IN ('COMPLETED', 'ROLLED_BACK')");

            assertThat(plan(connection, DueClaims.DUE.formatted("")))
                    .contains("USING INDEX lottor_message_due (target=? AND method=? AND state=? AND next_attempt_at<?)");
            assertThat(plan(connection, MessageWrites.EXPIRED.formatted("")))
                    .contains("USING INDEX lottor_message_lease (state=? AND lease_until<?)");
            assertThat(plan(connection, new RecoveryWrites(new SqliteDialect(Duration.ofSeconds(1))).selectFinished))
                    .contains("USING INDEX lottor_group_finished (state=? AND updated_at<?)");
        }
    }

    private static String indexSql(Connection connection, String index) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT sql FROM sqlite_master WHERE name = ?")) {
            select.setString(1, index);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("index %s exists", index).isTrue();
                return row.getString(1).replaceAll("\\s+", " ");
            }
        }
    }

    /** Each index's columns as the last migration that creates it says (a DROP INDEX forgets it). */
    private static Map<String, List<String>> declaredIndexes() throws IOException, URISyntaxException {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        for (Path migration : migrations()) {
            String sql = Files.readString(migration).replaceAll("--[^\\n]*", "");
            for (String statement : sql.split(";")) {
                Matcher create = CREATE_INDEX.matcher(statement);
                Matcher drop = DROP_INDEX.matcher(statement);
                if (create.find()) {
                    indexes.put(create.group(1), Stream.of(create.group(3).split(",")).map(String::trim).toList());
                } else if (drop.find()) {
                    indexes.remove(drop.group(1));
                }
            }
        }
        return indexes;
    }

    private static List<Path> migrations() throws IOException, URISyntaxException {
        Path folder = Path.of(SqliteIndexesTest.class.getResource("/db/migration/sqlite").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b)))
                    .toList();
        }
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static List<String> columnsOf(Connection connection, String index) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement info = connection.prepareStatement("SELECT name FROM pragma_index_info(?) ORDER BY seqno")) {
            info.setString(1, index);
            try (ResultSet rows = info.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
        }
        return columns;
    }

    private static String plan(Connection connection, String sql, long... parameters) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setLong(i + 1, parameters[i]);
            }
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString("detail")).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
