package io.lottor.tests;

import java.nio.file.Path;
import java.time.Duration;

import io.lottor.client.LottorClient;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.tests.support.ChildProcess;
import io.lottor.tests.support.ProducerMain;
import io.lottor.tests.support.RunningServer;
import io.lottor.tests.support.TestDatabase;
import io.lottor.tests.support.UserRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A producer process killed with kill -9 around its local commit: a new instance of the same service
 * answers the server's check-back from the barrier table in the same database.
 */
class ProducerCrashTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(45);
    private static final Duration PROCESS_START = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final RunningServer server = new RunningServer("producer-crash", "--check-after", "500ms");

    @Test
    void checkBackCommitsGroupOnceWhenProducerDiesAfterLocalCommit() {
        String groupId = "checkBackCommitsWhenProducerDiesAfterLocalCommit";
        Path usersFile = dir.resolve("users-after.db");
        TestDatabase auth = TestDatabase.open(dir.resolve("auth-after.db"), TestDatabase.AUTH_SCHEMA);
        try (LottorClient consumer = LottorClient.builder().target(server.target()).service("auth-after")
                .instanceId("auth-after-1").build()) {
            consumer.subscribe("auth-role", UserRole.class, auth.dataSource(),
                    (connection, role, context) -> TestDatabase.insertUserRole(connection, role));
            try (ChildProcess dying = startProducer("die-after-local-commit", "user-after-1", usersFile, groupId, "auth-after")) {
                dying.awaitLine("LOCAL_COMMITTED", PROCESS_START);
                dying.kill9();
            }
            assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.PREPARED);

            try (ChildProcess successor = startProducer("answer-check-backs", "user-after-2", usersFile, groupId, "auth-after")) {
                successor.awaitLine("READY", PROCESS_START);
                await().atMost(EVENTUALLY).untilAsserted(() ->
                        assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
            }
            GroupMessage message = server.inspector().firstMessage(groupId);
            assertThat(message.getState()).isEqualTo(MessageState.CONSUMED);
            assertThat(message.getAttempts()).isEqualTo(1);
            assertThat(server.inspector().existingGroup(groupId).getCheckBacks()).isPositive();
            assertThat(auth.count("SELECT COUNT(*) FROM user_role WHERE user_id = ?", groupId + "-user")).isEqualTo(1);
            assertThat(TestDatabase.open(usersFile).count("SELECT COUNT(*) FROM user_account WHERE id = ?", groupId + "-user"))
                    .isEqualTo(1);
        }
    }

    @Test
    void checkBackRollsBackGroupWhenProducerDiesBeforeLocalCommit() {
        String groupId = "checkBackRollsBackWhenProducerDiesBeforeLocalCommit";
        Path usersFile = dir.resolve("users-before.db");
        try (ChildProcess dying = startProducer("die-before-local-commit", "user-before-1", usersFile, groupId, "auth-before")) {
            dying.awaitLine("LOCAL_OPEN", PROCESS_START);
            dying.kill9();
        }
        assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.PREPARED);

        try (ChildProcess successor = startProducer("answer-check-backs", "user-before-2", usersFile, groupId, "auth-before")) {
            successor.awaitLine("READY", PROCESS_START);
            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.ROLLED_BACK));
        }
        GroupMessage message = server.inspector().firstMessage(groupId);
        assertThat(message.getState()).isEqualTo(MessageState.CANCELLED);
        assertThat(message.getAttempts()).isZero();
        assertThat(TestDatabase.open(usersFile).count("SELECT COUNT(*) FROM user_account WHERE id = ?", groupId + "-user"))
                .isZero();
    }

    private static ChildProcess startProducer(String mode, String instanceId, Path usersFile, String groupId,
            String consumerTarget) {
        return ChildProcess.start("producer-" + instanceId, ProducerMain.class, mode, server.target(),
                "user-" + consumerTarget, instanceId, usersFile.toString(), groupId, consumerTarget);
    }
}
