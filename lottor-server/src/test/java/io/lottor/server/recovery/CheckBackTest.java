package io.lottor.server.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.protocol.v1.CheckBackReply;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.server.support.RawSession;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckBackTest {
    @TempDir
    Path dataDir;

    @Test
    void commitsTheGroupWhenTheProducerAnswersCommitted() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir));
             RawSession producer = RawSession.open(server.channel(), "user", "u-1", 8, true, List.of());
             RawSession consumer = RawSession.open(server.channel(), "auth", "a-1", 8, false, List.of("auth-role"))) {
            server.prepare("check-commit-1", "user", "auth", "auth-role", 200);
            assertThat(producer.nextCheckBack(5000)).isEqualTo("check-commit-1");
            producer.reply("check-commit-1", CheckBackReply.State.COMMITTED);
            assertThat(consumer.nextDelivery(5000).getGroupId()).isEqualTo("check-commit-1");
            assertThat(server.group("check-commit-1").getState()).isIn(GroupState.COMMITTED, GroupState.COMPLETED);
        }
    }

    @Test
    void rollsTheGroupBackWhenTheProducerAnswersRolledBack() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir));
             RawSession producer = RawSession.open(server.channel(), "user", "u-1", 8, true, List.of())) {
            server.prepare("check-rollback-1", "user", "auth", "auth-role", 200);
            assertThat(producer.nextCheckBack(5000)).isEqualTo("check-rollback-1");
            producer.reply("check-rollback-1", CheckBackReply.State.ROLLED_BACK);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                var group = server.group("check-rollback-1");
                assertThat(group.getState()).isEqualTo(GroupState.ROLLED_BACK);
                assertThat(group.getMessages(0).getState()).isEqualTo(MessageState.CANCELLED);
            });
        }
    }

    @Test
    void asksAgainAfterUnknownAndNeverRollsBackOnSilence() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir).withRetryMaxBackoff(Duration.ofMillis(400)));
             RawSession producer = RawSession.open(server.channel(), "user", "u-1", 8, true, List.of())) {
            server.prepare("check-unknown-1", "user", "auth", "auth-role", 100);
            assertThat(producer.nextCheckBack(5000)).isEqualTo("check-unknown-1");
            producer.reply("check-unknown-1", CheckBackReply.State.UNKNOWN);
            assertThat(producer.nextCheckBack(5000)).as("asked again after UNKNOWN").isEqualTo("check-unknown-1");
            assertThat(producer.nextCheckBack(5000)).as("asked again after silence").isEqualTo("check-unknown-1");
            var group = server.group("check-unknown-1");
            assertThat(group.getState()).isEqualTo(GroupState.PREPARED);
            assertThat(group.getCheckBacks()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void asksAProducerThatConnectsLaterAtOnce() throws Exception {
        try (TestServer server = new TestServer(TestServer.config(dataDir).withRetryMaxBackoff(Duration.ofMinutes(5)))) {
            server.prepare("check-late-1", "user", "auth", "auth-role", 100);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.group("check-late-1").getCheckBacks() >= 1);
            assertThat(server.group("check-late-1").getState()).isEqualTo(GroupState.PREPARED);
            try (RawSession producer = RawSession.open(server.channel(), "user", "u-1", 8, true, List.of())) {
                assertThat(producer.nextCheckBack(5000)).isEqualTo("check-late-1");
            }
        }
    }
}
