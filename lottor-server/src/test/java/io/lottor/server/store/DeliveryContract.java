package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.group;
import static io.lottor.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.EventKind;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import io.lottor.server.model.MessageView;
import java.util.List;
import java.util.Map;
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
    default void claimMovesReadyMessageInFlightWithItsNextAttempt() {
        MessageKey m1 = key(committed("g", 1), "m1");

        assertThat(deliver(m1, 1, "auth-1", T0 + 1)).isTrue();

        MessageView stored = storedMessage(m1.groupId(), "m1");
        assertThat(stored.state()).isEqualTo(MessageState.IN_FLIGHT);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.updatedAt()).isEqualTo(T0 + 1);
    }

    @Test
    default void claimAppliesOnlyToAReadyOrFailedMessageStillAtThePreviousAttempt() {
        String prepared = id("prepared");
        await(store().prepare(group(prepared, 1), T0));
        String groupId = committed("g", 3);
        deliver(key(groupId, "m1"), 1, "auth-1", T0);
        deliver(key(groupId, "m2"), 1, "auth-1", T0);
        record(key(groupId, "m2"), 1, new DeliveryOutcome.Requeued("session closed"));

        List<Boolean> applied = await(store().claim(List.of(
                new DeliveryClaim(key(prepared, "m1"), 1, "node-1", "auth-1", T0 + 30_000),
                new DeliveryClaim(key(groupId, "m1"), 2, "node-1", "auth-2", T0 + 30_000),
                new DeliveryClaim(key(groupId, "m2"), 1, "node-1", "auth-2", T0 + 30_000),
                new DeliveryClaim(key(groupId, "m3"), 1, "node-1", "auth-2", T0 + 30_000),
                new DeliveryClaim(key(groupId, "m3"), 1, "node-1", "auth-3", T0 + 30_000)), T0 + 200));

        assertThat(applied).as("pending, in flight, stale attempt, due, the same attempt again")
                .containsExactly(false, false, false, true, false);
        assertThat(storedMessage(prepared, "m1").state()).isEqualTo(MessageState.PENDING);
        assertThat(storedMessage(groupId, "m1").attempts()).isEqualTo(1);
        assertThat(storedMessage(groupId, "m2").state()).isEqualTo(MessageState.READY);
        assertThat(deliver(key(groupId, "m2"), 2, "auth-2", T0 + 300)).as("the attempt after the lost one").isTrue();
    }

    @Test
    default void consumedOutcomeMarksMessageConsumedByInstance() {
        MessageKey m1 = key(committed("g", 2), "m1");
        deliver(m1, 1, "auth-1", T0);

        OutcomeResult result = record(m1, 1, new DeliveryOutcome.Consumed("auth", "auth-1"));

        assertThat(result).isEqualTo(new OutcomeResult(true, false));
        MessageView stored = storedMessage(m1.groupId(), "m1");
        assertThat(stored.state()).isEqualTo(MessageState.CONSUMED);
        assertThat(stored.consumedBy()).isEqualTo("auth-1");
        assertThat(view(m1.groupId()).state()).isEqualTo(GroupState.COMMITTED);
    }

    @Test
    default void groupCompletesWhenItsLastMessageIsConsumed() {
        String groupId = committed("g", 2);
        deliver(key(groupId, "m1"), 1, "auth-1", T0);
        deliver(key(groupId, "m2"), 1, "auth-1", T0);

        OutcomeResult first = record(key(groupId, "m1"), 1, new DeliveryOutcome.Consumed("auth", "auth-1"));
        OutcomeResult last = record(key(groupId, "m2"), 1, new DeliveryOutcome.Consumed("auth", "auth-1"));

        assertThat(first.groupCompleted()).isFalse();
        assertThat(last).isEqualTo(new OutcomeResult(true, true));
        assertThat(view(groupId).state()).isEqualTo(GroupState.COMPLETED);
        assertThat(view(groupId).updatedAt()).isEqualTo(T0 + 100);
    }

    @Test
    default void failedOutcomeSchedulesRetryWithTruncatedError() {
        MessageKey m1 = key(committed("g", 1), "m1");
        deliver(m1, 1, "auth-1", T0);

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
        deliver(m1, 1, "auth-1", T0);

        assertThat(record(m1, 1, new DeliveryOutcome.Dead("boom")).applied()).isTrue();

        MessageView stored = storedMessage(m1.groupId(), "m1");
        assertThat(stored.state()).isEqualTo(MessageState.DEAD);
        assertThat(stored.lastError()).isEqualTo("boom");
    }

    @Test
    default void requeuedOutcomeMakesMessageReadyAtOnceKeepingItsAttempts() {
        MessageKey m1 = key(committed("g", 1), "m1");
        deliver(m1, 1, "auth-1", T0);

        assertThat(record(m1, 1, new DeliveryOutcome.Requeued("session closed")).applied()).isTrue();

        MessageView stored = storedMessage(m1.groupId(), "m1");
        assertThat(stored.state()).isEqualTo(MessageState.READY);
        assertThat(stored.nextAttemptAt()).isEqualTo(T0 + 100);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.lastError()).isEqualTo("session closed");
    }

    @Test
    default void outcomeOfStaleAttemptIsNotApplied() {
        MessageKey m1 = key(committed("g", 1), "m1");
        deliver(m1, 1, "auth-1", T0);
        record(m1, 1, new DeliveryOutcome.Requeued("session closed"));
        deliver(m1, 2, "auth-1", T0 + 200);

        assertThat(record(m1, 1, new DeliveryOutcome.Failed("late", T0 + 5))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(record(m1, 1, new DeliveryOutcome.Dead("late"))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(record(m1, 1, new DeliveryOutcome.Requeued("late"))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(record(m1, 1, new DeliveryOutcome.Consumed("auth", "auth-1"))).isEqualTo(OutcomeResult.NOT_APPLIED);

        assertThat(storedMessage(m1.groupId(), "m1").state()).isEqualTo(MessageState.IN_FLIGHT);
        assertThat(storedMessage(m1.groupId(), "m1").attempts()).isEqualTo(2);
    }

    @Test
    default void failureOutcomeOfMessageNotInFlightIsNotApplied() {
        MessageKey m1 = key(committed("g", 1), "m1");

        assertThat(record(m1, 0, new DeliveryOutcome.Failed("x", T0))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(storedMessage(m1.groupId(), "m1").state()).isEqualTo(MessageState.READY);
    }

    @Test
    default void lateSuccessOfTheCurrentAttemptFromItsInstanceIsAppliedToFailedAndDeadMessages() {
        String groupId = committed("g", 2);
        deliver(key(groupId, "m1"), 1, "auth-1", T0);
        deliver(key(groupId, "m2"), 1, "auth-1", T0);
        record(key(groupId, "m1"), 1, new DeliveryOutcome.Failed("timeout", T0 + 1_000));
        record(key(groupId, "m2"), 1, new DeliveryOutcome.Dead("timeout"));

        assertThat(record(key(groupId, "m1"), 1, new DeliveryOutcome.Consumed("auth", "auth-1")).applied()).isTrue();
        assertThat(record(key(groupId, "m2"), 7, new DeliveryOutcome.Consumed("auth", "auth-1")))
                .as("another attempt").isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(record(key(groupId, "m2"), 1, new DeliveryOutcome.Consumed("auth", "auth-2")))
                .as("another instance").isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(record(key(groupId, "m2"), 1, new DeliveryOutcome.Consumed("billing", "auth-1")))
                .as("another service").isEqualTo(OutcomeResult.NOT_APPLIED);
        OutcomeResult last = record(key(groupId, "m2"), 1, new DeliveryOutcome.Consumed("auth", "auth-1"));

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
        deliver(consumed, 1, "auth-1", T0);
        record(consumed, 1, new DeliveryOutcome.Consumed("auth", "auth-1"));

        assertThat(record(key(pending, "m1"), 0, new DeliveryOutcome.Consumed("auth", "a"))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(record(key(cancelled, "m1"), 0, new DeliveryOutcome.Consumed("auth", "a"))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(record(consumed, 1, new DeliveryOutcome.Consumed("auth", "auth-1"))).isEqualTo(OutcomeResult.NOT_APPLIED);
        assertThat(storedMessage(consumed.groupId(), "m1").consumedBy()).isEqualTo("auth-1");
    }

    @Test
    default void outcomeOfUnknownMessageIsNotApplied() {
        MessageKey unknown = key(id("missing"), "m1");

        assertThat(record(unknown, 1, new DeliveryOutcome.Consumed("auth", "a"))).isEqualTo(OutcomeResult.NOT_APPLIED);
    }

    @Test
    default void requeueInFlightMakesEveryInFlightMessageOfADeadOwnerReadyNow() {
        String groupId = committed("g", 4);
        deliver(key(groupId, "m1"), 1, "auth-1", T0);
        deliver(key(groupId, "m2"), 1, "auth-1", T0);
        await(store().claim(List.of(new DeliveryClaim(key(groupId, "m3"), 1, "node-2", "auth-1", T0 + 30_000)), T0));

        assertThat(await(store().requeueInFlight(T0 + 50, Set.of("node-2")))).isEqualTo(2);

        assertThat(storedMessage(groupId, "m1").state()).isEqualTo(MessageState.READY);
        assertThat(storedMessage(groupId, "m1").nextAttemptAt()).isEqualTo(T0 + 50);
        assertThat(storedMessage(groupId, "m1").attempts()).isEqualTo(1);
        assertThat(storedMessage(groupId, "m3").state()).as("a live node's").isEqualTo(MessageState.IN_FLIGHT);
        assertThat(storedMessage(groupId, "m4").nextAttemptAt()).isEqualTo(T0);
        assertThat(await(store().requeueInFlight(T0 + 60, Set.of()))).isEqualTo(1);
        assertThat(storedMessage(groupId, "m3").state()).isEqualTo(MessageState.READY);
    }

    @Test
    default void expireLeasesGivesInFlightMessagesWhoseLeaseEndedTheirOutcomeWhateverTheirOwner() {
        String groupId = committed("g", 4);
        deliver(key(groupId, "m1"), 1, "auth-1", T0);
        await(store().claim(List.of(new DeliveryClaim(key(groupId, "m2"), 1, "node-2", "auth-2", T0 + 500)), T0));
        deliver(key(groupId, "m3"), 1, "auth-1", T0 + 1_000);
        deliver(key(groupId, "m4"), 1, "auth-1", T0);
        record(key(groupId, "m4"), 1, new DeliveryOutcome.Failed("failed", T0 + 60_000));
        LeaseExpiry expiry = (attempt, base) -> attempt - base >= 1 && attempt > 0 && base == 0
                ? new DeliveryOutcome.Failed("lease ended", T0 + 90_000) : new DeliveryOutcome.Dead("never");

        List<ExpiredLease> expired = await(store().expireLeases(T0 + 30_500, T0 + 31_000, 10, expiry));

        assertThat(expired).extracting(lease -> lease.key().messageId()).containsExactlyInAnyOrder("m1", "m2");
        assertThat(expired).allSatisfy(lease -> {
            assertThat(lease.attempt()).isEqualTo(1);
            assertThat(lease.target()).isEqualTo("auth");
            assertThat(lease.method()).isEqualTo("auth-role");
        });
        MessageView m1 = storedMessage(groupId, "m1");
        assertThat(m1.state()).isEqualTo(MessageState.FAILED);
        assertThat(m1.nextAttemptAt()).isEqualTo(T0 + 90_000);
        assertThat(m1.lastError()).isEqualTo("lease ended");
        assertThat(m1.updatedAt()).isEqualTo(T0 + 31_000);
        assertThat(storedMessage(groupId, "m3").state()).as("lease not ended yet").isEqualTo(MessageState.IN_FLIGHT);
        assertThat(storedMessage(groupId, "m4").lastError()).as("not in flight").isEqualTo("failed");
        assertThat(await(store().expireLeases(T0 + 30_500, T0 + 31_000, 10, expiry))).isEmpty();
    }

    @Test
    default void expireLeasesTakesAtMostItsLimitAndTheRestNextTime() {
        String groupId = committed("g", 3);
        for (int i = 1; i <= 3; i++) {
            deliver(key(groupId, "m" + i), 1, "auth-1", T0 + i);
        }
        LeaseExpiry dead = (attempt, base) -> new DeliveryOutcome.Dead("gave up");

        assertThat(await(store().expireLeases(T0 + 40_000, T0 + 40_000, 2, dead))).hasSize(2);
        assertThat(await(store().expireLeases(T0 + 40_000, T0 + 40_001, 2, dead))).hasSize(1);

        assertThat(view(groupId).messages()).allSatisfy(m -> assertThat(m.state()).isEqualTo(MessageState.DEAD));
    }

    private List<DueMessage> claimDue(String target, String method, long now, long maxBytes, String... instances) {
        return await(store().claimDueMessages(new DueClaim(target, method, "node-1", List.of(instances), now + 30_000,
                maxBytes), now));
    }

    @Test
    default void claimDueTakesReadyAndDueFailedMessagesOfTheRouteEarliestFirstForItsPlaces() {
        await(store().prepare(group(id("a"), "user", 10_000, message("m1", "auth", "role"),
                message("m2", "auth", "grant"), message("m3", "auth", "role"), message("m4", "mail", "role")), T0));
        await(store().commit(id("a"), T0 + 20));
        await(store().prepare(group(id("b"), "user", 10_000, message("m1", "auth", "role"),
                message("m2", "auth", "role"), message("m3", "auth", "role")), T0));
        await(store().commit(id("b"), T0 + 10));
        deliver(new MessageKey(id("b"), "m1"), 1, "auth-1", T0);
        deliver(new MessageKey(id("b"), "m2"), 1, "auth-1", T0);
        await(store().recordOutcome(new MessageKey(id("b"), "m2"), 1, new DeliveryOutcome.Failed("x", T0 + 15), T0));
        await(store().prepare(group(id("pending"), "user", 10_000, message("m1", "auth", "role")), T0));

        List<DueMessage> due = claimDue("auth", "role", T0 + 19, Long.MAX_VALUE, "auth-1", "auth-2", "auth-3");

        assertThat(due).extracting(m -> m.groupId() + "/" + m.messageId())
                .containsExactly(id("b") + "/m3", id("b") + "/m2");
        assertThat(due.get(0).source()).isEqualTo("user");
        assertThat(due.get(0).headers()).isEqualTo(Map.of("h", "m3"));
        assertThat(due.get(1).attempts()).as("as it was before this claim").isEqualTo(1);
        assertThat(storedMessage(id("b"), "m2").state()).isEqualTo(MessageState.IN_FLIGHT);
        assertThat(storedMessage(id("b"), "m2").attempts()).isEqualTo(2);
        assertThat(store().history(id("b"))).filteredOn(e -> e.kind() == EventKind.DELIVERED && e.attempt() == 2)
                .singleElement().satisfies(e -> assertThat(e.actor()).as("the second place").isEqualTo("consumer:auth-2"));
        assertThat(claimDue("auth", "role", T0 + 20, Long.MAX_VALUE, "auth-1")).extracting(DueMessage::groupId)
                .containsExactly(id("a"));
        assertThat(claimDue("auth", "role", T0 + 20, Long.MAX_VALUE, "auth-1", "auth-1")).extracting(DueMessage::messageId)
                .containsExactly("m3");
        assertThat(claimDue("auth", "role", T0 + 20, Long.MAX_VALUE, "auth-1")).as("all claimed").isEmpty();
        assertThat(claimDue("auth", "grant", T0 + 20, Long.MAX_VALUE, "auth-1")).hasSize(1);
        assertThat(claimDue("auth", "nobody", T0 + 20, Long.MAX_VALUE, "auth-1")).isEmpty();
        assertThat(claimDue("mail", "role", T0 + 20, Long.MAX_VALUE)).as("no places").isEmpty();
        assertThat(storedMessage(id("a"), "m4").state()).isEqualTo(MessageState.READY);
        assertThat(storedMessage(id("pending"), "m1").state()).isEqualTo(MessageState.PENDING);
    }

    @Test
    default void claimDueStopsOnceItsPayloadsReachTheByteLimitButClaimsAtLeastOne() {
        String groupId = committed("g", 4);
        int payload = storedMessage(groupId, "m1").payload().length;

        assertThat(claimDue("auth", "auth-role", T0, 2L * payload, "a", "a", "a")).hasSize(2);
        assertThat(claimDue("auth", "auth-role", T0, 1, "a", "a", "a")).hasSize(1);
        assertThat(claimDue("auth", "auth-role", T0, Long.MAX_VALUE, "a", "a", "a")).hasSize(1);
    }

    @Test
    default void releaseGivesBackAClaimNeverSentWithItsAttemptNumberOnlyToItsOwner() {
        MessageKey m1 = key(committed("g", 1), "m1");
        DueMessage claimed = claimDue("auth", "auth-role", T0 + 1, Long.MAX_VALUE, "auth-1").get(0);
        DeliveryClaim claim = new DeliveryClaim(m1, claimed.attempts() + 1, "node-1", "auth-1", T0 + 30_001);

        assertThat(await(store().release(List.of(new DeliveryClaim(m1, 1, "node-2", "auth-1", T0)), T0 + 2)))
                .as("another owner").containsExactly(false);
        assertThat(await(store().release(List.of(new DeliveryClaim(m1, 2, "node-1", "auth-1", T0)), T0 + 2)))
                .as("another attempt").containsExactly(false);
        assertThat(await(store().release(List.of(claim), T0 + 3))).containsExactly(true);
        assertThat(await(store().release(List.of(claim), T0 + 4))).as("released already").containsExactly(false);

        MessageView stored = storedMessage(m1.groupId(), "m1");
        assertThat(stored.state()).isEqualTo(MessageState.READY);
        assertThat(stored.attempts()).isZero();
        assertThat(stored.nextAttemptAt()).isEqualTo(T0 + 3);
        assertThat(store().history(m1.groupId())).noneMatch(e -> e.kind() == EventKind.DELIVERED);
        assertThat(deliver(m1, 1, "auth-2", T0 + 5)).as("the same attempt number, claimed again").isTrue();
    }
}
