package io.lottor.server.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.protocol.v1.CheckBackReply;
import io.lottor.protocol.v1.GroupState;
import io.lottor.server.support.Http;
import io.lottor.server.support.Prometheus;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CheckBackReply counts only from a session of the group's source service while a check-back of the
 * group is outstanding; any other reply is refused (counted in {@code lottor_check_backs_refused_total})
 * and changes nothing. Impostors are raw gRPC sessions.
 */
class CheckBackReplyAuthorisationTest {
    private final Http http = new Http();

    @TempDir
    Path dataDir;
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(TestServer.config(dataDir).withRetryMaxBackoff(Duration.ofMinutes(5)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void replyFromAnotherServiceForAPreparedGroupChangesNothing() throws Exception {
        try (RawSession impostor = RawSession.open(server.channel(), "mallory", "m-1", 8, true, List.of())) {
            server.prepare("auth-other-1", "user", "auth", "auth-role", 60_000);

            impostor.reply("auth-other-1", CheckBackReply.State.COMMITTED);

            assertRefusedAndStill("auth-other-1", GroupState.PREPARED, 1);
        }
    }

    @Test
    void replyFromAnotherServiceWhileACheckBackIsOutstandingChangesNothingAndTheProducersAnswerCounts()
            throws Exception {
        try (RawSession producer = RawSession.open(server.channel(), "user", "u-1", 8, true, List.of());
             RawSession impostor = RawSession.open(server.channel(), "mallory", "m-1", 8, true, List.of())) {
            server.prepare("auth-outstanding-1", "user", "auth", "auth-role", 100);
            assertThat(producer.nextCheckBack(10_000)).isEqualTo("auth-outstanding-1");

            impostor.reply("auth-outstanding-1", CheckBackReply.State.ROLLED_BACK);
            assertRefusedAndStill("auth-outstanding-1", GroupState.PREPARED, 1);

            producer.reply("auth-outstanding-1", CheckBackReply.State.COMMITTED);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.group("auth-outstanding-1").getState() == GroupState.COMMITTED);
        }
    }

    @Test
    void replyFromTheSourceServiceWithNoCheckBackOutstandingChangesNothing() throws Exception {
        try (RawSession producer = RawSession.open(server.channel(), "user", "u-1", 8, true, List.of())) {
            server.prepare("auth-unasked-1", "user", "auth", "auth-role", 60_000);

            producer.reply("auth-unasked-1", CheckBackReply.State.ROLLED_BACK);

            assertRefusedAndStill("auth-unasked-1", GroupState.PREPARED, 1);
        }
    }

    /** Waits until the reply was refused or changed the group, then asserts the first. */
    private void assertRefusedAndStill(String groupId, GroupState state, int refused) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> refused() >= refused || server.group(groupId).getState() != state);
        assertThat(server.group(groupId).getState()).isEqualTo(state);
        assertThat(refused()).isEqualTo(refused);
    }

    private double refused() throws Exception {
        return Prometheus.value(http.get(server.httpUri("/metrics"), null).body(), "lottor_check_backs_refused_total", "");
    }
}
