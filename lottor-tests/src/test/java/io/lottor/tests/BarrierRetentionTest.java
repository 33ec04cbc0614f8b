package io.lottor.tests;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;

import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;
import io.lottor.protocol.v1.GroupState;
import io.lottor.tests.support.Barrier;
import io.lottor.tests.support.Inspector;
import io.lottor.tests.support.ServerProcess;
import io.lottor.tests.support.TestDatabase;
import io.lottor.tests.support.UserRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The producer's retention purge never deletes a barrier row whose group the server has not settled:
 * with the server down past the retention, the row stays, and the check-back after the restart still
 * finds the local commit.
 */
class BarrierRetentionTest {
    private static final Duration RETENTION = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void keepsTheBarrierRowPastTheRetentionUntilTheServerSettlesTheGroup() throws Exception {
        String groupId = "keepsTheBarrierRowPastTheRetention";
        TestDatabase users = TestDatabase.open(dir.resolve("users.db"), TestDatabase.USER_SCHEMA);
        try (ServerProcess server = ServerProcess.start("barrier-retention", dir.resolve("server"), "--check-after", "1s");
             Inspector inspector = new Inspector(server);
             LottorClient producer = LottorClient.builder().target(server.target()).service("orders-retention")
                     .instanceId("orders-retention-1").barrier(users.dataSource()).retention(RETENTION).build()) {
            TransactionGroup group = producer.begin(groupId);
            group.send("auth", "auth-role", new UserRole(groupId + "-user", "admin"));
            group.prepare();
            server.kill9();
            commitLocallyWithoutTellingTheServer(users, groupId);

            await("the barrier row kept while the server is down").during(RETENTION.multipliedBy(4))
                    .atMost(RETENTION.multipliedBy(10)).until(() -> barrierRows(users, groupId) == 1);
            server.restart();

            await().atMost(Duration.ofSeconds(45)).untilAsserted(() ->
                    assertThat(inspector.existingGroup(groupId).getState()).isEqualTo(GroupState.COMMITTED));
            await("the barrier row purged once the server settled its group").atMost(Duration.ofSeconds(30))
                    .until(() -> barrierRows(users, groupId) == 0);
        }
    }

    /** The local transaction of the group commits; its Commit is lost (the server is down). */
    private static void commitLocallyWithoutTellingTheServer(TestDatabase users, String groupId) throws Exception {
        Barrier barrier = new Barrier(users.dataSource());
        try (Connection connection = users.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            TestDatabase.insertUser(connection, groupId + "-user", "admin");
            barrier.insertCommitted(connection, groupId);
            connection.commit();
        }
    }

    private static long barrierRows(TestDatabase users, String groupId) {
        return users.count("SELECT COUNT(*) FROM lottor_barrier WHERE group_id = ?", groupId);
    }
}
