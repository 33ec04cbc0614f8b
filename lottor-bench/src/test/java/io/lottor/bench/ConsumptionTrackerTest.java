package io.lottor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumptionTrackerTest {
    @Test
    void countsAMessageDeliveredTwiceOnce() throws InterruptedException {
        ConsumptionTracker tracker = new ConsumptionTracker(0, 2);
        tracker.startMeasuring(System.nanoTime());

        tracker.consumed(new BenchPayload(System.nanoTime(), false, 0, 1), 0);
        tracker.consumed(new BenchPayload(System.nanoTime(), false, 0, 1), 0);

        assertThat(tracker.measuredConsumed()).isEqualTo(1);
        assertThat(tracker.awaitMeasured(Duration.ofMillis(10))).isFalse();
        tracker.consumed(new BenchPayload(System.nanoTime(), false, 0, 0), 0);
        assertThat(tracker.awaitMeasured(Duration.ofSeconds(1))).isTrue();
        assertThat(tracker.measuredConsumed()).isEqualTo(2);
    }

    @Test
    void countsTheWarmUpAndTheMeasuredMessagesOfOneNumberApart() throws InterruptedException {
        ConsumptionTracker tracker = new ConsumptionTracker(70, 70);

        for (int i = 0; i < 70; i++) {
            tracker.consumed(new BenchPayload(System.nanoTime(), true, 0, i), 0);
        }
        tracker.awaitWarmup(Duration.ofSeconds(1));
        tracker.startMeasuring(System.nanoTime());
        for (int i = 69; i >= 0; i--) {
            tracker.consumed(new BenchPayload(System.nanoTime(), false, 0, i), 0);
        }

        assertThat(tracker.awaitMeasured(Duration.ofSeconds(1))).isTrue();
        assertThat(tracker.measuredConsumed()).isEqualTo(70);
    }

    @Test
    void ignoresAMessageNumberedBeyondItsPhase() {
        ConsumptionTracker tracker = new ConsumptionTracker(0, 62);
        tracker.startMeasuring(System.nanoTime());

        tracker.consumed(new BenchPayload(System.nanoTime(), false, 0, 62), 0);
        tracker.consumed(new BenchPayload(System.nanoTime(), false, 0, 64), 0);
        tracker.consumed(new BenchPayload(System.nanoTime(), false, 0, -1), 0);

        assertThat(tracker.measuredConsumed()).isZero();
    }
}
