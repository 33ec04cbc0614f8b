package io.lottor.server.delivery.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.store.DueMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadyQueuesTest {
    private final ReadyQueues queues = new ReadyQueues(100, 1 << 20);

    private static DueMessage message(String groupId) {
        return new DueMessage(groupId, "user", "m1", "auth", "grant", new byte[10], "application/json", Map.of(), 0);
    }

    @Test
    void queuesAMessageReleasedBeforeTheScanThatFoundItStarted() {
        DueMessage k = message("k");
        queues.offer(k);
        queues.poll("auth", "grant");

        queues.scanStarted();
        queues.release(k.key());
        queues.scanStarted();
        queues.scanFinished();
        queues.offerScanned(k);

        assertThat(queues.poll("auth", "grant")).as("k, released before the second scan started").isEqualTo(k);
    }
}
