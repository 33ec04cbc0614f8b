package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lottor.server.model.EventKind;
import io.lottor.server.model.GroupEvent;
import io.lottor.server.model.MessageKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The history side of the {@link Store} contract: which events each state change records. */
interface HistoryContract extends StoreTestSupport {

    private List<GroupEvent> history(String groupId) {
        return store().history(groupId);
    }

    @Test
    default void recordsTheLifeOfADeliveredGroupOldestFirst() {
        String groupId = committed("g", 1);
        MessageKey m1 = new MessageKey(groupId, "m1");
        deliver(m1, 1, "auth-1", T0 + 1);
        await(store().recordOutcome(m1, 1, new DeliveryOutcome.Failed("boom", T0 + 50), T0 + 2));
        deliver(m1, 2, "auth-2", T0 + 50);
        await(store().recordOutcome(m1, 2, new DeliveryOutcome.Consumed("auth", "auth-2"), T0 + 51));

        assertThat(history(groupId))
                .extracting(GroupEvent::at, GroupEvent::kind, GroupEvent::messageId, GroupEvent::actor,
                        GroupEvent::detail, GroupEvent::attempt)
                .containsExactly(
                        tuple(T0, EventKind.PREPARED, null, "producer", null, null),
                        tuple(T0, EventKind.COMMITTED, null, "producer", null, null),
                        tuple(T0 + 1, EventKind.DELIVERED, "m1", "consumer:auth-1", null, 1),
                        tuple(T0 + 2, EventKind.FAILED, "m1", "server", "boom", 1),
                        tuple(T0 + 50, EventKind.DELIVERED, "m1", "consumer:auth-2", null, 2),
                        tuple(T0 + 51, EventKind.CONSUMED, "m1", "consumer:auth-2", null, 2),
                        tuple(T0 + 51, EventKind.COMPLETED, null, "server", null, null));
    }

    @Test
    default void keepsEachAttemptsDeliveryThroughARequeueAtStartALeaseThatEndedAndALateResult() {
        String groupId = committed("g", 1);
        MessageKey m1 = new MessageKey(groupId, "m1");
        deliver(m1, 1, "auth-1", T0 + 1);
        assertThat(await(store().requeueInFlight(T0 + 2, Set.of()))).isEqualTo(1);
        deliver(m1, 2, "auth-2", T0 + 3);
        assertThat(await(store().expireLeases(T0 + 40_000, T0 + 40_001, 10,
                (attempt, base) -> new DeliveryOutcome.Failed("lease ended", T0 + 90_000)))).hasSize(1);
        await(store().recordOutcome(m1, 2, new DeliveryOutcome.Consumed("auth", "auth-2"), T0 + 40_002));

        assertThat(history(groupId))
                .extracting(GroupEvent::at, GroupEvent::kind, GroupEvent::actor, GroupEvent::detail, GroupEvent::attempt)
                .containsExactly(
                        tuple(T0, EventKind.PREPARED, "producer", null, null),
                        tuple(T0, EventKind.COMMITTED, "producer", null, null),
                        tuple(T0 + 1, EventKind.DELIVERED, "consumer:auth-1", null, 1),
                        tuple(T0 + 3, EventKind.DELIVERED, "consumer:auth-2", null, 2),
                        tuple(T0 + 40_001, EventKind.FAILED, "server", "lease ended", 2),
                        tuple(T0 + 40_002, EventKind.CONSUMED, "consumer:auth-2", null, 2),
                        tuple(T0 + 40_002, EventKind.COMPLETED, "server", null, null));
    }

    @Test
    default void ordersTheEventsOfOneMillisecondByTheGroupsLifeAndEachMessagesOwnOrder() {
        String groupId = id("g");
        await(store().prepare(group(groupId, 2), T0));
        await(store().commit(groupId, T0));
        MessageKey m1 = new MessageKey(groupId, "m1");
        MessageKey m2 = new MessageKey(groupId, "m2");
        deliver(m1, 1, "auth-1", T0);
        deliver(m2, 1, "auth-1", T0);
        await(store().recordOutcome(m2, 1, new DeliveryOutcome.Failed("boom", T0), T0));
        deliver(m2, 2, "auth-1", T0);
        await(store().recordOutcome(m1, 1, new DeliveryOutcome.Consumed("auth", "auth-1"), T0));
        await(store().recordOutcome(m2, 2, new DeliveryOutcome.Consumed("auth", "auth-1"), T0));

        assertThat(history(groupId)).extracting(GroupEvent::kind, GroupEvent::messageId, GroupEvent::attempt)
                .containsExactly(tuple(EventKind.PREPARED, null, null), tuple(EventKind.COMMITTED, null, null),
                        tuple(EventKind.DELIVERED, "m2", 1), tuple(EventKind.FAILED, "m2", 1),
                        tuple(EventKind.DELIVERED, "m1", 1), tuple(EventKind.DELIVERED, "m2", 2),
                        tuple(EventKind.CONSUMED, "m1", 1), tuple(EventKind.CONSUMED, "m2", 2),
                        tuple(EventKind.COMPLETED, null, null));
    }

    @Test
    default void recordsRollbackWithItsReasonAndDeadWithItsError() {
        String rolledBack = id("rolled-back");
        await(store().prepare(group(rolledBack, 1), T0));
        await(store().rollback(rolledBack, "order rejected", T0 + 1));
        await(store().rollback(rolledBack, "again", T0 + 2));
        MessageKey dead = new MessageKey(committed("dead", 1), "m1");
        deliver(dead, 1, "auth-1", T0 + 1);
        await(store().recordOutcome(dead, 1, new DeliveryOutcome.Dead("gave up"), T0 + 2));

        assertThat(history(rolledBack)).extracting(GroupEvent::kind, GroupEvent::detail)
                .containsExactly(tuple(EventKind.PREPARED, null), tuple(EventKind.ROLLED_BACK, "order rejected"));
        assertThat(history(dead.groupId()).get(3)).extracting(GroupEvent::kind, GroupEvent::detail, GroupEvent::attempt)
                .containsExactly(EventKind.DEAD, "gave up", 1);
    }

    @Test
    default void collapsesRepeatedCheckBacksIntoOneEventWithTheirCount() {
        String stuck = id("stuck");
        String other = id("other");
        await(store().prepare(group(stuck, 1), T0));
        await(store().claimDueCheckBacks(T0 + 20_000, 10, (before, checkAfter) -> 1));
        await(store().prepare(group(other, 1), T0 + 20_000));
        await(store().claimDueCheckBacks(T0 + 40_001, 10, (before, checkAfter) -> 1));
        await(store().claimDueCheckBacks(T0 + 40_002, 10, (before, checkAfter) -> 1));

        assertThat(history(stuck)).extracting(GroupEvent::kind, GroupEvent::at, GroupEvent::attempt, GroupEvent::actor,
                        GroupEvent::detail)
                .containsExactly(tuple(EventKind.PREPARED, T0, null, "producer", null),
                        tuple(EventKind.CHECK_BACK, T0 + 20_000, 3, "server",
                                "asked 3 times, last at " + java.time.Instant.ofEpochMilli(T0 + 40_002)));
        assertThat(history(other)).extracting(GroupEvent::kind, GroupEvent::attempt)
                .containsExactly(tuple(EventKind.PREPARED, null), tuple(EventKind.CHECK_BACK, 2));
    }

    @Test
    default void unknownGroupHasNoHistoryAndPurgeRemovesIt() {
        String groupId = id("g");
        await(store().prepare(group(groupId, 1), T0));
        await(store().rollback(groupId, "no", T0));

        assertThat(history(id("missing"))).isEmpty();
        assertThat(await(store().purgeFinished(T0 + 1, 10))).isEqualTo(1);
        assertThat(history(groupId)).isEmpty();
    }
}
