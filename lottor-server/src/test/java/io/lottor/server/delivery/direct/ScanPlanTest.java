package io.lottor.server.delivery.direct;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanPlanTest {
    private final ScanPlan plan = new ScanPlan();
    private final Route route = new Route("inventory", "reserve");

    @Test
    void aRouteSeenForTheFirstTimeIsDueAtOnceAndNotAgainWhileItsScanRuns() {
        assertThat(plan.due(1_000, List.of(route))).containsExactly(route);
        plan.started(route);

        assertThat(plan.due(1_000_000, List.of(route))).isEmpty();
    }

    @Test
    void whileScansClaimMessagesTheRouteIsScannedAgainAfterTheBusyCadence() {
        scan(0, 3, 10);

        assertThat(plan.due(ScanPlan.BUSY_EVERY_MS - 1, List.of(route))).isEmpty();
        assertThat(plan.due(ScanPlan.BUSY_EVERY_MS, List.of(route))).containsExactly(route);
        assertThat(ScanPlan.BUSY_EVERY_MS).as("a message committed through another server waits for it")
                .isLessThanOrEqualTo(20);
    }

    @Test
    void scansThatFindNothingBackOffByDoublingUpToTheIdleCadence() {
        long now = 0;
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            scan(now, 0, 10);
            long next = firstDueAfter(now);
            waits.add(next - now);
            now = next;
        }

        assertThat(waits).containsExactly(ScanPlan.BUSY_EVERY_MS, 2 * ScanPlan.BUSY_EVERY_MS,
                4 * ScanPlan.BUSY_EVERY_MS, 8 * ScanPlan.BUSY_EVERY_MS, 16 * ScanPlan.BUSY_EVERY_MS,
                ScanPlan.IDLE_EVERY_MS, ScanPlan.IDLE_EVERY_MS, ScanPlan.IDLE_EVERY_MS);
    }

    @Test
    void aScanThatFilledEveryPlaceWantsMoreOnceRoomFrees() {
        scan(0, 10, 10);
        assertThat(plan.wantsMoreOnceRoomFrees(route)).isTrue();

        plan.due(ScanPlan.BUSY_EVERY_MS, List.of(route));
        plan.started(route);
        assertThat(plan.wantsMoreOnceRoomFrees(route)).as("while its next scan runs").isFalse();
        plan.finished(route, ScanPlan.BUSY_EVERY_MS, 4, 10);
        assertThat(plan.wantsMoreOnceRoomFrees(route)).isFalse();
    }

    private void scan(long now, int claimed, int places) {
        assertThat(plan.due(now, List.of(route))).containsExactly(route);
        plan.started(route);
        plan.finished(route, now, claimed, places);
    }

    private long firstDueAfter(long now) {
        for (long at = now + 1; at <= now + 10 * ScanPlan.IDLE_EVERY_MS; at++) {
            if (!plan.due(at, List.of(route)).isEmpty()) {
                return at;
            }
        }
        throw new AssertionError("never due again after " + now);
    }
}
