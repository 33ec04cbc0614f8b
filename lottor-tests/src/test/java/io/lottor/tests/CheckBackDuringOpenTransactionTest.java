package io.lottor.tests;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;

import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;
import io.lottor.protocol.v1.GroupState;
import io.lottor.tests.support.Barrier;
import io.lottor.tests.support.RunningServer;
import io.lottor.tests.support.TestDatabase;
import io.lottor.tests.support.UserRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A check-back that reaches the producer while its local transaction is still open must wait for that
 * transaction (the barrier row is locked) and answer its real outcome, never guess.
 */
class CheckBackDuringOpenTransactionTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final RunningServer server = new RunningServer("check-back-open", "--check-after", "500ms");

    @Test
    void checkBackWaitsForOpenLocalTransactionAndCommitsGroupWhenItCommits() throws Exception {
        String groupId = "checkBackWaitsForOpenTransactionThenCommits";
        TestDatabase users = TestDatabase.open(dir.resolve("users-commit.db"), TestDatabase.USER_SCHEMA);
        try (LottorClient producer = producer("user-open-commit", users);
             Connection local = openLocalTransactionAfterPrepare(producer, users, groupId)) {
            awaitCheckBackSentWhileGroupStaysPrepared(groupId);

            local.commit();

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.COMMITTED));
            assertThat(users.count("SELECT COUNT(*) FROM user_account WHERE id = ?", groupId)).isEqualTo(1);
        }
    }

    @Test
    void checkBackWaitsForOpenLocalTransactionAndRollsBackGroupWhenItRollsBack() throws Exception {
        String groupId = "checkBackWaitsForOpenTransactionThenRollsBack";
        TestDatabase users = TestDatabase.open(dir.resolve("users-rollback.db"), TestDatabase.USER_SCHEMA);
        try (LottorClient producer = producer("user-open-rollback", users);
             Connection local = openLocalTransactionAfterPrepare(producer, users, groupId)) {
            awaitCheckBackSentWhileGroupStaysPrepared(groupId);

            local.rollback();

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.ROLLED_BACK));
            assertThat(users.count("SELECT COUNT(*) FROM user_account WHERE id = ?", groupId)).isZero();
        }
    }

    /** Prepares the group, then opens the local transaction the way inTransaction does and leaves it open. */
    private static Connection openLocalTransactionAfterPrepare(LottorClient producer, TestDatabase users, String groupId)
            throws Exception {
        TransactionGroup group = producer.begin(groupId);
        group.send("auth-nobody", "auth-role", new UserRole(groupId, "admin"));
        group.prepare();
        Barrier barrier = new Barrier(users.dataSource());
        Connection connection = users.dataSource().getConnection();
        connection.setAutoCommit(false);
        TestDatabase.insertUser(connection, groupId, "admin");
        barrier.insertCommitted(connection, groupId);
        return connection;
    }

    private static void awaitCheckBackSentWhileGroupStaysPrepared(String groupId) {
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(server.inspector().existingGroup(groupId).getCheckBacks()).isPositive());
        // The check-back is now blocked on the barrier row's lock: the group must not be resolved meanwhile.
        await().during(Duration.ofMillis(700)).atMost(EVENTUALLY).untilAsserted(() ->
                assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.PREPARED));
    }

    private static LottorClient producer(String service, TestDatabase database) {
        return LottorClient.builder().target(server.target()).service(service).instanceId(service + "-1")
                .barrier(database.dataSource()).checkAfter(Duration.ofMillis(300)).build();
    }
}
