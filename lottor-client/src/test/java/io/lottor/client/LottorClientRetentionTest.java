package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.client.db.H2Database;
import io.lottor.client.fake.FakeCoordinator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LottorClientRetentionTest {

    @Test
    void purgesBarrierAndConsumedRowsOlderThanTheRetention() throws Exception {
        try (FakeCoordinator coordinator = new FakeCoordinator().start(0);
             H2Database database = new H2Database("retention" + System.nanoTime())) {
            JdbcBarrier barrier = new JdbcBarrier(database.dataSource());
            barrier.createTableIfMissing();
            ConsumedLog consumed = new ConsumedLog(database.dataSource());
            consumed.createTableIfMissing();
            execute(database, "INSERT INTO lottor_barrier VALUES ('old-group', 'C', 0)");
            execute(database, "INSERT INTO lottor_consumed VALUES ('old-group', 'm1', 0)");
            long inAnHour = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
            execute(database, "INSERT INTO lottor_barrier VALUES ('new-group', 'C', " + inAnHour + ")");

            try (LottorClient client = LottorClient.builder().target(coordinator.target()).service("user")
                    .barrier(barrier).retention(Duration.ofSeconds(5)).build()) {
                client.subscribe("auth-role", String.class, database.dataSource(), (connection, payload, context) -> { });
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(count(database, "SELECT COUNT(*) FROM lottor_barrier WHERE group_id = 'old-group'")).isZero();
                    assertThat(count(database, "SELECT COUNT(*) FROM lottor_consumed WHERE group_id = 'old-group'")).isZero();
                });
                assertThat(count(database, "SELECT COUNT(*) FROM lottor_barrier WHERE group_id = 'new-group'")).isOne();
            }
        }
    }

    private static void execute(H2Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    private static long count(H2Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
