package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.group;
import static io.lottor.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.group.GroupState;
import io.lottor.server.group.MessageKey;
import io.lottor.server.group.MessageState;
import io.lottor.server.group.MessageView;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The delivery side of the {@link Store} contract: in flight, outcomes, requeue, due messages. */
interface DeliveryContract extends StoreTestSupport {

    private MessageKey key(String groupId, String messageId) {
        return new MessageKey(groupId, messageId);
    }

    private OutcomeResult record(MessageKey key, int attempt, DeliveryOutcome outcome) {
        return await(store().recordOutcome(key, attempt, outcome, T0 + 100));
    }

    @Test
    default void markInFlightMovesReadyMessageAndRecordsAttemptAndInstance() {
        MessageKey m1 = key(committed("g", 1), "m1");

        await(store().markInFlight(m1, 1, "auth-1", T0 + 1));

        MessageView stored = storedMessage(m1.groupId(), "m1");
        assertThat(stored.state()).isEqualTo(MessageState.IN_FLIGHT);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.updatedAt()).isEqualTo(T0 + 1);
    }

    @Test
    default void markInFlightDoesNothingToPendingOrInFlightMessage() {
        String prepared = id("prepared");
        await(store().prepare(group(prepared, 1), T0));
        MessageKey inFlight = key(committed("g", 1), "m1");
        await(store().markInFlight(inFlight, 1, "auth-1", T0));

        await(store().markInFlight(key(prepared, "m1"), 1, "auth-1", T0));
        await(store().markInFlight(inFlight, 2, "auth-2", T0));

        assertThat(storedMessage(prepared, "m1").state()).isEqualTo(MessageState.PENDING);
        assertThat(storedMessage(inFlight.groupId(), "m1").attempts()).isEqualTo(1);
    }

    @Test
    default void consumedOutcomeMarksMessageConsumedByInstance() {
        MessageKey m1 = key(committed("g", 2), "m1");
        await(store().markInFlight(m1, 1, "auth-1", T0));

        OutcomeResult result = record(m1, 1, new DeliveryOutcome.Consumed("auth-1"));

        assertThat(result).isEqualTo(new OutcomeResult(true, false));
        MessageView stored = storedMessage(m1.groupId(), "m1");
        assertThat(stored.state()).isEqualTo(MessageState.CONSUMED);
        assertThat(stored.consumedBy()).isEqualTo("auth-1");
        assertThat(view(m1.groupId()).state()).isEqualTo(GroupState.COMMITTED);
    }

    @Test
    default void groupCompletesWhenItsLastMessageIsConsumed() {
        String groupId = committed("g", 2);
        await(store().markInFlight(key(groupId, "m1"), 1, "auth-1", T0));
        await(store().markInFlight(key(groupId, "m2"), 1, "auth-1", T0));

        OutcomeResult first = record(key(groupId, "m1"), 1, new DeliveryOutcome.Consumed("auth-1"));
        OutcomeResult last = record(key(groupId, "m2"), 1, new DeliveryOutcome.Consumed("auth-1"));

        assertThat(first.groupCompleted()).isFalse();
        assertThat(last).isEqualTo(new OutcomeResult(true, true));
        assertThat(view(groupId).state()).isEqualTo(GroupState.COMPLETED);
        assertThat(view(groupId).updatedAt()).isEqualTo(T0 + 100);
    }

    @Test
    default void failedOutcomeSchedulesRetryWithTruncatedError() {
        MessageKey m1 = key(committed("g", 1), "m1");
        await(store().markInFlight(m1, 1, "auth-1", T0));

        OutcomeResult result = record(m1, 1, new DeliveryOutcome.Failed("x".repeat(10_000), T0 + 2_000));

        assertThat(result.applied()).isTrue();
        MessageView stored = storedMessage(m1.groupId(), "m1");
        assertThat(stored.state()).isEqualTo(MessageState.FAILED);
        assertThat(stored.nextAttemptAt()).isEqualTo(T0 + 2_000);
        assertThat(stored.lastError()).hasSize(4096);
        assertThat(stored.attempts()).isEqualTo(1);
    }

    @Test
    default void deadOutcomeMarksMessageDead() {
        MessageKey m1 = key(committed("g", 1), "m1");
        await(store().markInFlight(m1, 1, "auth-1", T0));

        assertThat(record(m1, 1, new DeliveryOutcome.Dead("boom")).applied()).isTrue();

        MessageView stored = storedMessage(m1.groupId(), "m1");
        assertThat(stored.state()).isEqualTo(MessageState.DEAD);
        assertThat(stored.lastError()).isEqualTo("boom");
    }

    @Test
    default void requeuedOutcomeMakesMessageReadyAtOnceKeepingItsAttempts() {
        MessageKey m1 = key(committed("g", 1), "m1");
        await(store().markInFlight(m1, 3, "auth-1", T0));

        assertThat(record(m1, 3, new DeliveryOutcome.Requeued("session closed")).applied()).isTrue();

        MessageView stored = storedMessage(m1.groupId(), "m1");
        assertThat(stored.state()).isEqualTo(MessageState.READY);
        assertThat(stored.nextAttemptAt()).isEqualTo(T0 + 100);
        assertThat(stored.attempts()).isEqualTo(3);
        assertThat(stored.lastError()).isEqualTo("session closed");
    }

    @Test
    default void outcomeOfStaleAttemptIsNotApplied() {
        MessageKey m1 = key(committed("g", 1), "m1");
        await(store().markInFlight(m1, 2, "auth-1", T0));

        assertThat(record(m1, 1, new DeliveryOutcome.Failed("late", T0 + 5))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(record(m1, 1, new DeliveryOutcome.Dead("late"))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(record(m1, 1, new DeliveryOutcome.Requeued("late"))).isEqualTo(OutcomeResult.NOT_APPLIED);

        assertThat(storedMessage(m1.groupId(), "m1").state()).isEqualTo(MessageState.IN_FLIGHT);
        assertThat(storedMessage(m1.groupId(), "m1").lastError()).isNull();
    }

    @Test
    default void failureOutcomeOfMessageNotInFlightIsNotApplied() {
        MessageKey m1 = key(committed("g", 1), "m1");

        assertThat(record(m1, 0, new DeliveryOutcome.Failed("x", T0))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(storedMessage(m1.groupId(), "m1").state()).isEqualTo(MessageState.READY);
    }

    @Test
    default void lateSuccessIsAppliedToFailedAndDeadMessages() {
        String groupId = committed("g", 2);
        await(store().markInFlight(key(groupId, "m1"), 1, "auth-1", T0));
        await(store().markInFlight(key(groupId, "m2"), 1, "auth-1", T0));
        record(key(groupId, "m1"), 1, new DeliveryOutcome.Failed("timeout", T0 + 1_000));
        record(key(groupId, "m2"), 1, new DeliveryOutcome.Dead("timeout"));

        assertThat(record(key(groupId, "m1"), 1, new DeliveryOutcome.Consumed("auth-1")).applied()).isTrue();
        OutcomeResult last = record(key(groupId, "m2"), 7, new DeliveryOutcome.Consumed("auth-2"));

        assertThat(last).isEqualTo(new OutcomeResult(true, true));
        assertThat(storedMessage(groupId, "m1").lastError()).isNull();
        assertThat(view(groupId).state()).isEqualTo(GroupState.COMPLETED);
    }

    @Test
    default void consumedIsNotAppliedToPendingCancelledOrConsumedMessages() {
        String pending = id("pending");
        await(store().prepare(group(pending, 1), T0));
        String cancelled = id("cancelled");
        await(store().prepare(group(cancelled, 1), T0));
        await(store().rollback(cancelled, "no", T0));
        MessageKey consumed = key(committed("consumed", 1), "m1");
        await(store().markInFlight(consumed, 1, "auth-1", T0));
        record(consumed, 1, new DeliveryOutcome.Consumed("auth-1"));

        assertThat(record(key(pending, "m1"), 0, new DeliveryOutcome.Consumed("a"))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(record(key(cancelled, "m1"), 0, new DeliveryOutcome.Consumed("a"))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(record(consumed, 1, new DeliveryOutcome.Consumed("a"))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(storedMessage(consumed.groupId(), "m1").consumedBy()).isEqualTo("auth-1");
    }

    @Test
    default void outcomeOfUnknownMessageIsNotApplied() {
        MessageKey unknown = key(id("missing"), "m1");

        assertThat(record(unknown, 1, new DeliveryOutcome.Consumed("a"))).isEqualTo(OutcomeResult.NOT_APPLIED);
    }

    @Test
    default void requeueInFlightMakesEveryInFlightMessageReadyNow() {
        String groupId = committed("g", 3);
        await(store().markInFlight(key(groupId, "m1"), 1, "auth-1", T0));
        await(store().markInFlight(key(groupId, "m2"), 1, "auth-1", T0));

        assertThat(await(store().requeueInFlight(T0 + 50))).isEqualTo(2);

        assertThat(view(groupId).messages()).allSatisfy(m -> assertThat(m.state()).isEqualTo(MessageState.READY));
        assertThat(storedMessage(groupId, "m1").nextAttemptAt()).isEqualTo(T0 + 50);
        assertThat(storedMessage(groupId, "m1").attempts()).isEqualTo(1);
        assertThat(storedMessage(groupId, "m3").nextAttemptAt()).isEqualTo(T0);
    }

    @Test
    default void dueMessagesAreReadyOrFailedOfTargetAndMethodsDueByNowEarliestFirst() {
        await(store().prepare(group(id("a"), "user", 10_000, message("m1", "auth", "role"),
                message("m2", "auth", "grant"), message("m3", "auth", "other"), message("m4", "mail", "role")), T0));
        await(store().commit(id("a"), T0 + 20));
        await(store().prepare(group(id("b"), "user", 10_000, message("m1", "auth", "role"),
                message("m2", "auth", "role"), message("m3", "auth", "role")), T0));
        await(store().commit(id("b"), T0 + 10));
        await(store().markInFlight(new MessageKey(id("b"), "m1"), 1, "auth-1", T0));
        await(store().markInFlight(new MessageKey(id("b"), "m2"), 1, "auth-1", T0));
        await(store().recordOutcome(new MessageKey(id("b"), "m2"), 1, new DeliveryOutcome.Failed("x", T0 + 15), T0));
        await(store().prepare(group(id("pending"), "user", 10_000, message("m1", "auth", "role")), T0));

        List<DueMessage> due = store().dueMessages("auth", Set.of("role", "grant"), T0 + 20, 10);

        assertThat(due).extracting(m -> m.groupId() + "/" + m.messageId())
                .containsExactly(id("b") + "/m3", id("b") + "/m2", id("a") + "/m1", id("a") + "/m2");
        assertThat(due.get(1).attempts()).isEqualTo(1);
        assertThat(due.get(0).source()).isEqualTo("user");
        assertThat(store().dueMessages("auth", Set.of("role", "grant"), T0 + 19, 10)).hasSize(2);
        assertThat(store().dueMessages("auth", Set.of("role", "grant"), T0 + 20, 3)).hasSize(3);
        assertThat(store().dueMessages("auth", Set.of(), T0 + 20, 10)).isEmpty();
        assertThat(store().dueMessages("mail", Set.of("role"), T0 + 20, 10)).hasSize(1);
    }
}
