package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.support.ServerDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V10 on the machine's PostgreSQL: the sweeps' indexes hold only the rows of the states their sweep reads,
 * and the sweeps' queries use them in the generic plan the writer's prepared statements end up with.
 */
class PostgresIndexesTest {
    private ServerDatabase database;

    @BeforeEach
    void migrate() {
        database = ServerDatabase.create(ServerDatabase.Kind.POSTGRES, "indexes");
        JdbcStore.open(database.dialect(), database.url(), database.user(), database.password(),
                StoreOptions.defaults()).close();
    }

    @AfterEach
    void drop() throws SQLException {
        database.close();
    }

    @Test
    void theSweepsIndexesHoldOnlyTheStatesTheirSweepReads() throws Exception {
        try (Connection connection = database.connect()) {
            assertThat(indexDefinition(connection, "lottor_message_lease"))
                    .endsWith("WHERE ((state)::text = 'IN_FLIGHT'::text)");
            assertThat(indexDefinition(connection, "lottor_message_due")).endsWith("WHERE ((state)::text = ANY"
                    + " ((ARRAY['READY'::character varying, 'FAILED'::character varying])::text[]))");
            assertThat(indexDefinition(connection, "lottor_group_due_check"))
                    .endsWith("WHERE ((state)::text = 'PREPARED'::text)");
            assertThat(indexDefinition(connection, "lottor_group_finished")).endsWith("WHERE ((state)::text = ANY"
                    + " ((ARRAY['COMPLETED'::character varying, 'ROLLED_BACK'::character varying])::text[]))");
        }
    }

    @Test
    void theSweepsQueriesUseThePartialIndexesInTheirGenericPlans() throws Exception {
        try (Connection connection = database.connect()) {
            assertThat(genericPlan(connection, DueClaims.DUE.formatted(" FOR UPDATE SKIP LOCKED"),
                    "'orders'", "'created'", "'READY'", "0", "10"))
                    .contains("Index Scan using lottor_message_due on lottor_message");
            assertThat(genericPlan(connection, MessageWrites.EXPIRED.formatted(" FOR UPDATE SKIP LOCKED"), "0", "10"))
                    .contains("Index Scan using lottor_message_lease on lottor_message");
            assertThat(genericPlan(connection, new RecoveryWrites(new PostgresDialect()).selectFinished,
                    "'COMPLETED'", "0", "10"))
                    .contains("Index Scan using lottor_group_finished on lottor_group");
        }
    }

    private static String indexDefinition(Connection connection, String index) throws SQLException {
        String sql = "SELECT indexdef FROM pg_indexes WHERE indexname = ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, index);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("index %s exists", index).isTrue();
                return row.getString(1);
            }
        }
    }

    /**
     * The plan PostgreSQL keeps for {@code sql} prepared, whatever its parameters: a partial index is in it
     * only when the query's own terms imply the index's condition. Sequential scans are off, so that an
     * empty table's scan does not hide an index the planner could not use.
     */
    private static String genericPlan(Connection connection, String sql, String... parameters) throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++parameter);
            } else {
                numbered.append(c);
            }
        }
        assertThat(parameter).as("parameters of %s", sql).isEqualTo(parameters.length);
        StringBuilder plan = new StringBuilder();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET plan_cache_mode = force_generic_plan");
            statement.execute("SET enable_seqscan = off");
            statement.execute("PREPARE sweep AS " + numbered);
            String explain = "EXPLAIN EXECUTE sweep(" + String.join(", ", parameters) + ")";
            try (ResultSet rows = statement.executeQuery(explain)) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            statement.execute("DEALLOCATE sweep");
        }
        return plan.toString();
    }
}
