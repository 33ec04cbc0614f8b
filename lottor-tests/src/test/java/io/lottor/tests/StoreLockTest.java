package io.lottor.tests;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.tests.support.Inspector;
import io.lottor.tests.support.RawConsumer;
import io.lottor.tests.support.RawProducer;
import io.lottor.tests.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Another process holds an exclusive lock on the server's SQLite file for longer than the store's busy
 * timeout (5 s) while a consumer reports a failure: the failure cannot be stored (the server logs
 * {@code delivery state not stored}), the server reports
 * itself not ready, and once the lock is gone the message is still retried (its lease expired) and
 * consumed; the server is ready again.
 */
class StoreLockTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void retriesMessageWhoseFailureArrivedWhileTheStoreWasLockedAndIsNotReadyMeanwhile() throws Exception {
        Path dataDir = dir.resolve("server");
        String target = "auth-locked";
        String groupId = "retriesFailureReportedWhileStoreLocked";
        try (ServerProcess server = ServerProcess.start("store-lock", dataDir, "--ack-timeout", "3s",
                     "--retry-initial-backoff", "100ms", "--retry-max-backoff", "1s");
             Inspector inspector = new Inspector(server);
             RawProducer producer = new RawProducer(server.target(), "user-locked");
             RawConsumer consumer = RawConsumer.reading(server.target(), target, "auth-locked-1", 4, List.of("grant"))) {
            producer.commit(groupId, target, "grant", 64);
            Delivery first = consumer.nextDelivery(EVENTUALLY.toMillis());
            assertThat(first).as("the first delivery").isNotNull();
            await().atMost(EVENTUALLY).until(() -> inspector.firstMessage(groupId).getState() == MessageState.IN_FLIGHT);

            try (Connection lock = exclusiveLock(dataDir.resolve("lottor.db"))) {
                consumer.fail(first, "auth-service cannot reach its database");
                server.awaitLog("delivery state not stored group=" + groupId, EVENTUALLY);
                await("readiness DOWN while the store refuses writes").atMost(EVENTUALLY)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> inspector.get("/health/ready").status() == 503);
                assertThat(inspector.firstMessage(groupId).getState()).as("the failure was not stored")
                        .isEqualTo(MessageState.IN_FLIGHT);
                lock.rollback();
            }

            Delivery retry = consumer.nextDelivery(EVENTUALLY.toMillis());
            assertThat(retry).as("the retry after the lock is gone").isNotNull();
            assertThat(retry.getGroupId()).isEqualTo(groupId);
            assertThat(retry.getAttempt()).isEqualTo(2);
            consumer.succeed(retry);
            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(inspector.existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
            await("readiness UP again").atMost(EVENTUALLY).until(() -> inspector.get("/health/ready").status() == 200);
        }
    }

    /** A connection of this process holding SQLite's write lock on {@code file} until it rolls back. */
    private static Connection exclusiveLock(Path file) throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
        }
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE lottor_node SET last_seen_at = last_seen_at");
        }
        return connection;
    }
}
