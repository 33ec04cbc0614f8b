package io.lottor.server.delivery.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.store.DueMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadyQueuesTest {
    private static final Route GRANT = new Route("auth", "grant");
    private static final Route REVOKE = new Route("auth", "revoke");
    private final ReadyQueues queues = new ReadyQueues(3, 1000);

    private static DueMessage message(String groupId, String method, int bytes) {
        return new DueMessage(groupId, "user", "m1", "auth", method, new byte[bytes], "application/json", Map.of(), 0, 0);
    }

    @Test
    void neverQueuesAHeldMessageTwice() {
        DueMessage k = message("k", "grant", 10);

        assertThat(queues.offer(k)).isTrue();
        assertThat(queues.offer(k)).as("held: already queued").isTrue();

        assertThat(queues.poll(GRANT)).isEqualTo(k);
        assertThat(queues.poll(GRANT)).isNull();
        assertThat(queues.offer(k)).as("still held while it is being claimed").isTrue();
        assertThat(queues.poll(GRANT)).isNull();
    }

    @Test
    void queuesAMessageAgainOnceReleased() {
        DueMessage k = message("k", "grant", 10);
        queues.offer(k);
        queues.poll(GRANT);

        queues.release(k.key());

        assertThat(queues.offer(k)).isTrue();
        assertThat(queues.poll(GRANT)).isEqualTo(k);
    }

    @Test
    void putsALostDeliveryBackAtTheFront() {
        DueMessage first = message("first", "grant", 10);
        DueMessage lost = message("lost", "grant", 10);
        queues.offer(first);

        queues.requeueFront(lost);

        assertThat(queues.poll(GRANT)).isEqualTo(lost);
        assertThat(queues.poll(GRANT)).isEqualTo(first);
    }

    @Test
    void boundsEachRouteByCountAndBytesWithoutHoldingUpAnother() {
        assertThat(queues.offer(message("big", "revoke", 900))).isTrue();
        assertThat(queues.offer(message("too-big", "revoke", 200))).as("over the bytes of revoke").isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(queues.offer(message("g" + i, "grant", 10))).isTrue();
        }
        assertThat(queues.offer(message("g3", "grant", 10))).as("over the count of grant").isFalse();

        assertThat(queues.poll(REVOKE).groupId()).isEqualTo("big");
        assertThat(queues.offer(message("too-big", "revoke", 200))).isTrue();
    }

    @Test
    void droppingARouteForgetsItsMessagesSoTheyCanBeQueuedAgain() {
        DueMessage k = message("k", "grant", 10);
        queues.offer(k);

        queues.drop(GRANT);

        assertThat(queues.isEmpty(GRANT)).isTrue();
        assertThat(queues.offer(k)).isTrue();
        assertThat(queues.poll(GRANT)).isEqualTo(k);
    }
}
