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

    /** {@code k} was delivered and finished: held no more. */
    private DueMessage deliveredAndReleased(String groupId) {
        DueMessage k = message(groupId, "grant", 10);
        queues.offer(k);
        assertThat(queues.poll(GRANT)).isEqualTo(k);
        return k;
    }

    @Test
    void queuesAMessageReleasedBeforeTheScanThatFoundItStarted() {
        DueMessage k = deliveredAndReleased("k");

        long first = queues.scanStarted();
        queues.release(k.key());
        long second = queues.scanStarted();
        queues.scanFinished(second);
        queues.offerScanned(k, second);

        assertThat(queues.poll(GRANT)).as("k, released before the second scan started").isEqualTo(k);
        queues.scanFinished(first);
        assertThat(queues.releasesRemembered()).isZero();
    }

    @Test
    void skipsAMessageReleasedWhileTheScanThatFoundItRan() {
        DueMessage k = deliveredAndReleased("k");

        long scan = queues.scanStarted();
        queues.release(k.key());
        queues.offerScanned(k, scan);
        queues.scanFinished(scan);

        assertThat(queues.poll(GRANT)).as("a stale copy of k").isNull();
    }

    @Test
    void remembersReleasesOnlyWhileAScanThatStartedBeforeThemRuns() {
        queues.release(deliveredAndReleased("before").key());
        assertThat(queues.releasesRemembered()).as("no scan running").isZero();

        long first = queues.scanStarted();
        for (int i = 0; i < 100; i++) {
            queues.release(deliveredAndReleased("during-" + i).key());
        }
        long second = queues.scanStarted();
        assertThat(queues.releasesRemembered()).isEqualTo(100);
        queues.scanFinished(first);
        assertThat(queues.releasesRemembered()).as("the second scan started after them").isZero();
        queues.scanFinished(second);
        assertThat(queues.releasesRemembered()).isZero();
    }

    @Test
    void neverQueuesAHeldMessageTwice() {
        DueMessage k = message("k", "grant", 10);

        assertThat(queues.offer(k)).isTrue();
        assertThat(queues.offerScanned(k, queues.scanStarted())).isTrue();

        assertThat(queues.poll(GRANT)).isEqualTo(k);
        assertThat(queues.poll(GRANT)).isNull();
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
        assertThat(queues.freeCount(GRANT)).isZero();
    }
}
