package io.lottor.tests;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

import io.lottor.client.GroupNotPreparedException;
import io.lottor.client.LocalTransactionException;
import io.lottor.client.LottorClient;
import io.lottor.protocol.v1.GroupState;
import io.lottor.tests.support.RunningServer;
import io.lottor.tests.support.TestDatabase;
import io.lottor.tests.support.UserRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A producer retries {@code inTransaction} with the id of a group that was rolled back: Prepare answers
 * ROLLED_BACK, not PREPARED, so the retry must fail before its local commit (DESIGN §4).
 */
class GroupIdReuseTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final RunningServer server = new RunningServer("group-id-reuse");

    @Test
    void retryOfARolledBackGroupFailsClearlyAndCommitsNothing() throws Exception {
        String groupId = "retryOfARolledBackGroup-order-42";
        TestDatabase users = TestDatabase.open(dir.resolve("users.db"), TestDatabase.USER_SCHEMA);
        try (LottorClient producer = LottorClient.builder().target(server.target()).service("orders")
                .instanceId("orders-1").barrier(users.dataSource()).build()) {
            refuseBarrierInserts(users);
            assertThatThrownBy(() -> createUser(producer, users, groupId))
                    .isInstanceOf(LocalTransactionException.class).hasMessageContaining("barrier insert failed");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.ROLLED_BACK));
            users.execute("DELETE FROM refuse_barrier");

            assertThatThrownBy(() -> createUser(producer, users, groupId))
                    .isInstanceOf(GroupNotPreparedException.class)
                    .hasMessageContaining(groupId).hasMessageContaining("ROLLED_BACK");

            assertThat(users.count("SELECT COUNT(*) FROM user_account WHERE id = ?", groupId + "-user")).isZero();
            assertThat(users.count("SELECT COUNT(*) FROM lottor_barrier WHERE group_id = ?", groupId)).isZero();
            assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.ROLLED_BACK);
        }
    }

    private static void createUser(LottorClient producer, TestDatabase users, String groupId) throws SQLException {
        producer.inTransaction(groupId, users.dataSource(), (connection, group) -> {
            TestDatabase.insertUser(connection, groupId + "-user", "admin");
            return group.send("auth", "auth-role", new UserRole(groupId + "-user", "admin"));
        });
    }

    /** A trigger makes every barrier insert fail while refuse_barrier holds a row. */
    private static void refuseBarrierInserts(TestDatabase users) {
        users.execute("CREATE TABLE refuse_barrier (flag INTEGER)");
        users.execute("INSERT INTO refuse_barrier VALUES (1)");
        users.execute("CREATE TRIGGER refuse_barrier_insert BEFORE INSERT ON lottor_barrier"
                + " WHEN EXISTS (SELECT 1 FROM refuse_barrier) BEGIN SELECT RAISE(ABORT, 'barrier refused by the test'); END");
    }
}
