package io.lottor.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.samples.demo.GroupSnapshot.MessageSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each scenario accepts as its expected end, and how it names a difference. */
class DemoScenarioTest {

    @Test
    void successNeedsUserRoleAndCompletedGroup() {
        Observed completed = new Observed(201, true, List.of("ADMIN"), 1, group("COMPLETED", "CONSUMED", 1));
        Observed stuck = new Observed(201, true, List.of(), 0, group("COMMITTED", "FAILED", 1));

        assertThat(DemoScenario.SUCCESS.differences(completed)).isEmpty();
        assertThat(DemoScenario.SUCCESS.differences(stuck)).containsExactly(
                "no user_role row with ADMIN for the user", "group is COMMITTED, not COMPLETED");
    }

    @Test
    void failAcceptsANeverPreparedOrRolledBackGroupButNoRows() {
        Observed neverPrepared = new Observed(500, false, List.of(), 0, null);
        Observed rolledBack = new Observed(500, false, List.of(), 0, group("ROLLED_BACK", "CANCELLED", 0));
        Observed delivered = new Observed(500, true, List.of(), 1, group("COMPLETED", "CONSUMED", 1));

        assertThat(DemoScenario.FAIL.differences(neverPrepared)).isEmpty();
        assertThat(DemoScenario.FAIL.differences(rolledBack)).isEmpty();
        assertThat(DemoScenario.FAIL.differences(delivered)).containsExactly(
                "a user row for bob exists", "1 user_role row(s) appeared", "group is COMPLETED");
    }

    @Test
    void consumerFailNeedsADeadMessageAfterEveryAttempt() {
        Observed dead = new Observed(201, true, List.of(), 0, group("COMMITTED", "DEAD", DemoStack.MAX_ATTEMPTS));
        Observed retrying = new Observed(201, true, List.of(), 0, group("COMMITTED", "FAILED", 1));

        assertThat(DemoScenario.CONSUMER_FAIL.differences(dead)).isEmpty();
        assertThat(DemoScenario.CONSUMER_FAIL.differences(retrying)).containsExactly(
                "message is FAILED, not DEAD", "message had 1 attempts, not 3");
    }

    private static GroupSnapshot group(String state, String messageState, int attempts) {
        MessageSnapshot message = new MessageSnapshot("m1", "auth-service", "auth-role", messageState, attempts, null, null);
        return new GroupSnapshot("g1", "user-service", state, List.of(message), List.of());
    }
}
