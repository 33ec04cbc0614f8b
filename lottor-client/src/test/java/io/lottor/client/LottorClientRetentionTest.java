package io.lottor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.client.db.H2Database;
import io.lottor.client.fake.FakeCoordinator;
import io.lottor.protocol.v1.GroupState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LottorClientRetentionTest {

    @Test
    void purgesOldBarrierRowsOfSettledGroupsAndOldConsumedRows() throws Exception {
        try (FakeCoordinator coordinator = new FakeCoordinator().start(0);
             H2Database database = new H2Database("retention" + System.nanoTime())) {
            JdbcBarrier barrier = new JdbcBarrier(database.dataSource());
            barrier.createTableIfMissing();
            ConsumedLog consumed = new ConsumedLog(database.dataSource());
            consumed.createTableIfMissing();
            coordinator.groupStates.put("old-committed", GroupState.COMPLETED);
            coordinator.groupStates.put("old-rolled-back", GroupState.ROLLED_BACK);
            coordinator.groupStates.put("old-prepared", GroupState.PREPARED);
            for (String group : List.of("old-committed", "old-rolled-back", "old-prepared", "old-purged-on-server")) {
                execute(database, "INSERT INTO lottor_barrier VALUES ('" + group + "', 'C', 0)");
            }
            execute(database, "INSERT INTO lottor_consumed VALUES ('old-group', 'm1', 0)");
            long inAnHour = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
            execute(database, "INSERT INTO lottor_barrier VALUES ('new-group', 'C', " + inAnHour + ")");

            try (LottorClient client = LottorClient.builder().target(coordinator.target()).service("user")
                    .barrier(barrier).retention(Duration.ofSeconds(5)).build()) {
                client.subscribe("auth-role", String.class, database.dataSource(), (connection, payload, context) -> { });
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(barrierRows(database)).containsExactlyInAnyOrder("old-prepared", "new-group");
                    assertThat(count(database, "SELECT COUNT(*) FROM lottor_consumed WHERE group_id = 'old-group'")).isZero();
                });
            }
            assertThat(coordinator.groupStateCalls).allSatisfy(ids -> assertThat(ids).doesNotContain("new-group"));
        }
    }

    @Test
    void keepsOldBarrierRowsWhileTheCoordinatorIsUnreachable() throws Exception {
        try (H2Database database = new H2Database("retention" + System.nanoTime())) {
            JdbcBarrier barrier = new JdbcBarrier(database.dataSource());
            barrier.createTableIfMissing();
            execute(database, "INSERT INTO lottor_barrier VALUES ('old-group', 'C', 0)");
            ConsumedLog consumed = new ConsumedLog(database.dataSource());
            consumed.createTableIfMissing();
            execute(database, "INSERT INTO lottor_consumed VALUES ('old-group', 'm1', 0)");
            String nobody = "127.0.0.1:" + freePort();

            try (LottorClient client = LottorClient.builder().target(nobody).service("user").barrier(barrier)
                    .retention(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(1)).build()) {
                client.subscribe("auth-role", String.class, database.dataSource(), (connection, payload, context) -> { });
                await("the consumed row purged: the purge ran").atMost(Duration.ofSeconds(10)).until(() ->
                        count(database, "SELECT COUNT(*) FROM lottor_consumed") == 0);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> barrierRows(database).equals(List.of("old-group")));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<String> barrierRows(H2Database database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT group_id FROM lottor_barrier");
             ResultSet rows = statement.executeQuery()) {
            List<String> groups = new ArrayList<>();
            while (rows.next()) {
                groups.add(rows.getString(1));
            }
            return groups;
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
