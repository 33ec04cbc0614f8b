package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.failure;
import static io.lottor.server.store.StoreFixtures.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lottor.server.model.EventKind;
import io.lottor.server.model.FailedPreconditionException;
import io.lottor.server.model.GroupEvent;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.model.LottorException;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import io.lottor.server.model.MessageView;
import io.lottor.server.model.NotFoundException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator's writes of the {@link Store} contract: retry, bulk retry, resolve. */
interface OperatorContract extends StoreTestSupport {

    /** A committed one-message group whose message went DEAD at {@code T0 + 2} after one attempt. */
    private MessageKey dead(String suffix) {
        MessageKey key = new MessageKey(committed(suffix, 1), "m1");
        deliver(key, 1, "auth-1", T0 + 1);
        await(store().recordOutcome(key, 1, new DeliveryOutcome.Dead("gave up"), T0 + 2));
        return key;
    }

    private MessageQuery retryQuery(Set<MessageState> states, int limit) {
        return new MessageQuery(states, null, null, null, null, null, null, limit, null);
    }

    private static String field(Throwable error) {
        return ((LottorException) error).field();
    }

    @Test
    default void retryMakesDeadMessageReadyDueNowKeepingAttemptsAndRecordsWhoAndWhy() {
        MessageKey key = dead("g");

        RetriedMessage retried = await(store().retryMessage(key, "operator:alice", "fixed the bug", T0 + 10));

        assertThat(retried.message().state()).isEqualTo(MessageState.READY);
        assertThat(retried.message().nextAttemptAt()).isEqualTo(T0 + 10);
        assertThat(retried.message().attempts()).isEqualTo(1);
        assertThat(retried.due().key()).isEqualTo(key);
        assertThat(retried.due().attempts()).isEqualTo(1);
        assertThat(retried.due().attemptBase()).as("a fresh attempt budget").isEqualTo(1);
        MessageView stored = storedMessage(key.groupId(), "m1");
        assertThat(stored.state()).isEqualTo(MessageState.READY);
        assertThat(stored.attempts()).isEqualTo(1);
        GroupEvent last = store().history(key.groupId()).get(store().history(key.groupId()).size() - 1);
        assertThat(last).isEqualTo(new GroupEvent(T0 + 10, EventKind.RETRIED, "m1", "operator:alice", "fixed the bug",
                null));
        assertThat(await(store().claimDueMessages(new DueClaim("auth", "auth-role", "node-1", List.of("auth-1"),
                T0 + 30_000, Long.MAX_VALUE), T0 + 11))).singleElement().satisfies(due -> {
                    assertThat(due.key()).isEqualTo(key);
                    assertThat(due.attemptBase()).isEqualTo(1);
                });
        assertThat(storedMessage(key.groupId(), "m1").attempts()).as("the next attempt number").isEqualTo(2);
    }

    @Test
    default void retryOfMessageInAnotherStateFailsWithFailedPreconditionOnStateAndChangesNothing() {
        MessageKey ready = new MessageKey(committed("g", 1), "m1");

        Throwable error = failure(store().retryMessage(ready, "operator:admin", null, T0 + 10));

        assertThat(error).isInstanceOf(FailedPreconditionException.class).hasMessageContaining("READY");
        assertThat(field(error)).isEqualTo("state");
        assertThat(storedMessage(ready.groupId(), "m1").updatedAt()).isEqualTo(T0);
        assertThat(store().history(ready.groupId())).extracting(GroupEvent::kind).doesNotContain(EventKind.RETRIED);
    }

    @Test
    default void retryOfUnknownMessageFailsWithNotFound() {
        Throwable error = failure(store().retryMessage(new MessageKey(committed("g", 1), "nope"), "operator:a", null, T0));

        assertThat(error).isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
        assertThat(field(error)).isEqualTo("message_id");
    }

    @Test
    default void bulkRetryRetriesMatchingMessagesUpToTheLimitPerCall() {
        MessageKey first = dead("a");
        MessageKey second = dead("b");
        MessageKey third = dead("c");

        List<DueMessage> batch = await(store().retryMessages(retryQuery(Set.of(MessageState.DEAD), 2), "operator:a",
                "bulk", T0 + 10));
        List<DueMessage> rest = await(store().retryMessages(retryQuery(Set.of(MessageState.DEAD), 2), "operator:a",
                "bulk", T0 + 10));
        List<DueMessage> none = await(store().retryMessages(retryQuery(Set.of(MessageState.DEAD), 2), "operator:a",
                "bulk", T0 + 10));

        assertThat(batch).hasSize(2);
        assertThat(rest).hasSize(1);
        assertThat(none).isEmpty();
        for (MessageKey key : List.of(first, second, third)) {
            assertThat(storedMessage(key.groupId(), "m1").state()).isEqualTo(MessageState.READY);
        }
    }

    @Test
    default void bulkRetryRespectsFiltersAndRejectsOtherStates() {
        MessageKey dead = dead("dead");
        MessageQuery otherTarget = new MessageQuery(Set.of(MessageState.DEAD), null, "mail", null, null, null, null,
                10, null);

        assertThat(await(store().retryMessages(otherTarget, "operator:a", null, T0 + 10))).isEmpty();
        Throwable error = failure(store().retryMessages(retryQuery(Set.of(MessageState.READY), 10), "operator:a",
                null, T0 + 10));
        assertThat(error).isInstanceOf(InvalidArgumentException.class);
        assertThat(field(error)).isEqualTo("state");
        assertThat(storedMessage(dead.groupId(), "m1").state()).isEqualTo(MessageState.DEAD);
    }

    @Test
    default void resolveCommitsPreparedGroupAfterAResolvedEvent() {
        String groupId = id("g");
        await(store().prepare(group(groupId, 2), T0));

        CommitOutcome outcome = await(store().resolve(groupId, GroupState.COMMITTED, "operator:bob",
                "producer confirmed by phone", T0 + 5));

        assertThat(outcome.state()).isEqualTo(GroupState.COMMITTED);
        assertThat(outcome.ready()).hasSize(2);
        assertThat(store().history(groupId)).extracting(GroupEvent::kind, GroupEvent::actor, GroupEvent::detail)
                .containsExactly(tuple(EventKind.PREPARED, "producer", null),
                        tuple(EventKind.RESOLVED, "operator:bob", "producer confirmed by phone"),
                        tuple(EventKind.COMMITTED, "operator:bob", null));
    }

    @Test
    default void resolveRollsBackPreparedGroupCancellingMessagesWithTheReason() {
        String groupId = id("g");
        await(store().prepare(group(groupId, 1), T0));

        CommitOutcome outcome = await(store().resolve(groupId, GroupState.ROLLED_BACK, "operator:bob", "never paid",
                T0 + 5));

        assertThat(outcome.state()).isEqualTo(GroupState.ROLLED_BACK);
        assertThat(outcome.ready()).isEmpty();
        assertThat(storedMessage(groupId, "m1").state()).isEqualTo(MessageState.CANCELLED);
        assertThat(storedMessage(groupId, "m1").lastError()).isEqualTo("never paid");
        assertThat(store().history(groupId)).extracting(GroupEvent::kind)
                .containsExactly(EventKind.PREPARED, EventKind.RESOLVED, EventKind.ROLLED_BACK);
    }

    @Test
    default void resolveOfGroupNotPreparedOrUnknownFailsAndChangesNothing() {
        String groupId = committed("g", 1);

        Throwable notPrepared = failure(store().resolve(groupId, GroupState.ROLLED_BACK, "operator:a", "x", T0 + 1));
        Throwable unknown = failure(store().resolve(id("missing"), GroupState.COMMITTED, "operator:a", "x", T0 + 1));
        Throwable badOutcome = failure(store().resolve(groupId, GroupState.COMPLETED, "operator:a", "x", T0 + 1));

        assertThat(notPrepared).isInstanceOf(FailedPreconditionException.class).hasMessageContaining("COMMITTED");
        assertThat(field(notPrepared)).isEqualTo("state");
        assertThat(unknown).isInstanceOf(NotFoundException.class);
        assertThat(field(unknown)).isEqualTo("group_id");
        assertThat(badOutcome).isInstanceOf(InvalidArgumentException.class);
        assertThat(field(badOutcome)).isEqualTo("outcome");
        assertThat(view(groupId).state()).isEqualTo(GroupState.COMMITTED);
        assertThat(store().history(groupId)).extracting(GroupEvent::kind).doesNotContain(EventKind.RESOLVED);
    }
}
