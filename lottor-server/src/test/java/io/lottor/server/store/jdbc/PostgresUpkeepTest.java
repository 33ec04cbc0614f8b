package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.server.model.NewGroup;
import io.lottor.server.model.NewMessage;
import io.lottor.server.support.ServerDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store's own VACUUM and ANALYZE of its tables on the machine's PostgreSQL where autovacuum is off
 * for them, at PostgreSQL's default thresholds, and never of a table that is not the store's.
 */
class PostgresUpkeepTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final int GROUPS = 300;

    @Test
    void analyzesAfterTenPercentOfTheRowsChangedAndVacuumsAfterTwentyPercentAreDead() {
        assertThat(PostgresUpkeep.statement("lottor_group", -1, 50, 50)).as("never analyzed, 50 changed").isNull();
        assertThat(PostgresUpkeep.statement("lottor_group", -1, 51, 0)).isEqualTo("ANALYZE (SKIP_LOCKED) \"lottor_group\"");
        assertThat(PostgresUpkeep.statement("lottor_message", 1000, 150, 250)).isNull();
        assertThat(PostgresUpkeep.statement("lottor_message", 1000, 151, 250))
                .isEqualTo("ANALYZE (SKIP_LOCKED) \"lottor_message\"");
        assertThat(PostgresUpkeep.statement("lottor_message", 1000, 150, 251))
                .isEqualTo("VACUUM (SKIP_LOCKED) \"lottor_message\"");
        assertThat(PostgresUpkeep.statement("lottor_message", 1000, 151, 251))
                .isEqualTo("VACUUM (SKIP_LOCKED, ANALYZE) \"lottor_message\"");
    }

    @Test
    void vacuumsAndAnalyzesTheStoresTablesWhereAutovacuumIsOffAndNoOtherTable() throws Exception {
        try (ServerDatabase database = ServerDatabase.create(ServerDatabase.Kind.POSTGRES, "upkeep")) {
            try (JdbcStore store = JdbcStore.open(database.dialect(), database.url(), database.user(),
                    database.password(), StoreOptions.defaults())) {
                database.execute("CREATE TABLE bystander (id INT PRIMARY KEY, n INT) WITH (autovacuum_enabled = false)");
                database.execute("INSERT INTO bystander SELECT i, 0 FROM generate_series(1, 1000) i");
                // whatever the machine's autovacuum, it is off for these two
                database.execute("ALTER TABLE lottor_group SET (autovacuum_enabled = false)");
                database.execute("ALTER TABLE lottor_message SET (autovacuum_enabled = false)");
                database.execute("UPDATE bystander SET n = n + 1");
                for (int i = 0; i < GROUPS; i++) {
                    store.prepare(group("upkeep-" + i), T0).join();
                    store.commit("upkeep-" + i, T0 + 1).join();
                }

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(runs(database, "lottor_group")).as("lottor_group vacuums, analyzes").containsExactly(1L, 1L);
                    assertThat(runs(database, "lottor_message")).as("lottor_message vacuums, analyzes")
                            .containsExactly(1L, 1L);
                });
                assertThat(database.count("SELECT reltuples::bigint FROM pg_class WHERE relname = 'lottor_group'"))
                        .as("the planner no longer takes the table for empty").isPositive();
                assertThat(runs(database, "bystander")).as("not the store's table").containsExactly(0L, 0L);
            }
        }
    }

    /** VACUUM and ANALYZE runs, by anyone but autovacuum, as [vacuums, analyzes] capped at 1. */
    private static List<Long> runs(ServerDatabase database, String table) throws SQLException {
        return List.of(
                database.count("SELECT LEAST(vacuum_count, 1) FROM pg_stat_user_tables WHERE relname = ?", table),
                database.count("SELECT LEAST(analyze_count, 1) FROM pg_stat_user_tables WHERE relname = ?", table));
    }

    private static NewGroup group(String id) {
        NewMessage message = new NewMessage("m1", "auth", "role", "{}".getBytes(StandardCharsets.UTF_8),
                NewMessage.JSON, Map.of());
        return new NewGroup(id, "user", "user-1", List.of(message), 10_000, Map.of());
    }
}
