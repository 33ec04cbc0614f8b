package io.lottor.tests;

import java.nio.file.Path;
import java.time.Duration;

import io.lottor.client.CheckBackState;
import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.tests.support.ChildProcess;
import io.lottor.tests.support.ConsumerMain;
import io.lottor.tests.support.RunningServer;
import io.lottor.tests.support.TestDatabase;
import io.lottor.tests.support.UserRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A consumer process killed with kill -9 while it handles a message. */
class ConsumerCrashTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(45);

    @TempDir
    static Path dir;
    @RegisterExtension
    static final RunningServer server = new RunningServer("consumer-crash",
                "--retry-initial-backoff", "100ms", "--retry-max-backoff", "1s", "--heartbeat-interval", "500ms");

    @Test
    void redeliversToAnotherInstanceAndAppliesEffectOnceWhenConsumerDiesMidFlight() {
        String groupId = "redeliversWhenConsumerDiesMidFlight";
        TestDatabase auth = TestDatabase.open(dir.resolve("auth.db"), TestDatabase.AUTH_SCHEMA);
        try (ChildProcess doomed = ChildProcess.start("consumer-auth-crash-1", ConsumerMain.class,
                server.target(), "auth-crash", "auth-crash-1", auth.file().toString(), "auth-role");
             LottorClient producer = LottorClient.builder().target(server.target()).service("user-crash")
                     .instanceId("user-crash-1").checkBackHandler(id -> CheckBackState.COMMITTED).build()) {
            doomed.awaitLine("READY", Duration.ofSeconds(60));
            TransactionGroup group = producer.begin(groupId);
            group.send("auth-crash", "auth-role", new UserRole("dave", "admin"));
            group.prepare();
            group.commit();
            doomed.awaitLine("HANDLING group=" + groupId, EVENTUALLY);

            try (LottorClient survivor = LottorClient.builder().target(server.target()).service("auth-crash")
                    .instanceId("auth-crash-2").build()) {
                survivor.subscribe("auth-role", UserRole.class, auth.dataSource(),
                        (connection, role, context) -> TestDatabase.insertUserRole(connection, role));
                doomed.kill9();

                await().atMost(EVENTUALLY).untilAsserted(() ->
                        assertThat(server.inspector().existingGroup(groupId).getState()).isEqualTo(GroupState.COMPLETED));
            }
        }
        GroupMessage message = server.inspector().firstMessage(groupId);
        assertThat(message.getState()).isEqualTo(MessageState.CONSUMED);
        assertThat(message.getConsumedBy()).isEqualTo("auth-crash-2");
        assertThat(message.getAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(auth.count("SELECT COUNT(*) FROM user_role WHERE user_id = 'dave'")).isEqualTo(1);
    }
}
