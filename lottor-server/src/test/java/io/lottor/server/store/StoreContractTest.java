package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.assertPayload;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.failure;
import static io.lottor.server.store.StoreFixtures.group;
import static io.lottor.server.store.StoreFixtures.ids;
import static io.lottor.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.AlreadyExistsException;
import io.lottor.server.model.FailedPreconditionException;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.GroupView;
import io.lottor.server.model.LottorException;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import io.lottor.server.model.MessageView;
import io.lottor.server.model.NewGroup;
import io.lottor.server.model.NotFoundException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The contract of {@link Store}: every backend extends this class and supplies {@link #newStore()} and
 * {@link #reopen()}. Prepare, commit and rollback are tested here; deliveries, recovery, concurrency,
 * history, listings and operator writes in the test interfaces this class implements, so that a backend
 * gets all of them by extending it.
 */
public abstract class StoreContractTest implements DeliveryContract, BrokerDeliveryContract, RecoveryContract,
        ConcurrencyContract, OpsContract, HistoryContract, ListingContract, OperatorContract, ClusterContract {
    protected Store store;
    private String testName;

    /** A new, empty store. */
    protected abstract Store newStore();

    /** The same database as the last {@link #newStore()} opened again; the previous store is closed. */
    protected abstract Store reopen();

    @BeforeEach
    void openStore(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public Store reopenStore() {
        store.close();
        store = reopen();
        return store;
    }

    @Override
    public String id(String suffix) {
        String name = testName.length() > 48 ? testName.substring(0, 48) : testName;
        return name + "-" + suffix;
    }

    @Override
    public GroupView view(String groupId) {
        return store.findGroup(groupId).orElseThrow(() -> new AssertionError("group " + groupId + " not stored"));
    }

    @Override
    public MessageView storedMessage(String groupId, String messageId) {
        return view(groupId).messages().stream().filter(m -> m.messageId().equals(messageId)).findFirst()
                .orElseThrow(() -> new AssertionError("message " + groupId + "/" + messageId + " not stored"));
    }

    @Override
    public String committed(String suffix, int messages) {
        String groupId = id(suffix);
        await(store.prepare(group(groupId, messages), T0));
        await(store.commit(groupId, T0));
        return groupId;
    }

    @Test
    void preparesNewGroupAsPreparedWithItsMessagesPending() {
        NewGroup group = group(id("g"), "user", 5_000, message("m1", "auth", "auth-role"),
                message("m2", "mail", "welcome"));

        assertThat(await(store.prepare(group, T0))).isEqualTo(GroupState.PREPARED);

        GroupView stored = view(group.groupId());
        assertThat(stored.source()).isEqualTo("user");
        assertThat(stored.instanceId()).isEqualTo("user-1");
        assertThat(stored.state()).isEqualTo(GroupState.PREPARED);
        assertThat(stored.createdAt()).isEqualTo(T0);
        assertThat(stored.nextCheckAt()).isEqualTo(T0 + 5_000);
        assertThat(stored.checkBacks()).isZero();
        assertThat(stored.attributes()).containsEntry("traceparent", "00-" + group.groupId());
        assertThat(ids(stored.messages())).containsExactly("m1", "m2");
        MessageView second = stored.messages().get(1);
        assertThat(second.target()).isEqualTo("mail");
        assertThat(second.method()).isEqualTo("welcome");
        assertThat(second.state()).isEqualTo(MessageState.PENDING);
        assertThat(second.contentType()).isEqualTo("application/json");
        assertThat(second.headers()).isEqualTo(Map.of("h", "m2"));
        assertThat(second.attempts()).isZero();
        assertPayload(second.payload(), "m2");
    }

    @Test
    void answersTheSourceOfAGroupAndTheTargetOfAMessage() {
        String groupId = id("g");
        await(store.prepare(group(groupId, 2), T0));

        assertThat(store.sourceOf(groupId)).contains("user");
        assertThat(store.targetOf(new MessageKey(groupId, "m2"))).contains("auth");
        assertThat(store.sourceOf(id("missing"))).isEmpty();
        assertThat(store.targetOf(new MessageKey(groupId, "m9"))).isEmpty();
    }

    @Test
    void findGroupOfUnknownIdIsEmpty() {
        assertThat(store.findGroup(id("missing"))).isEmpty();
        assertThat(store.isHealthy()).isTrue();
    }

    @Test
    void groupStatesAnswersTheStoredGroupsOnly() {
        String prepared = id("prepared");
        await(store.prepare(group(prepared, 1), T0));
        String committed = committed("committed", 1);
        String rolledBack = id("rolled-back");
        await(store.prepare(group(rolledBack, 1), T0));
        await(store.rollback(rolledBack, "no", T0));

        assertThat(store.groupStates(List.of(prepared, committed, rolledBack, id("missing"), prepared)))
                .isEqualTo(Map.of(prepared, GroupState.PREPARED, committed, GroupState.COMMITTED,
                        rolledBack, GroupState.ROLLED_BACK));
        assertThat(store.groupStates(List.of())).isEmpty();
    }

    @Test
    void prepareOfSameContentAgainChangesNothingAndAnswersCurrentState() {
        String groupId = id("g");
        await(store.prepare(group(groupId, 2), T0));
        NewGroup retry = new NewGroup(groupId, "user", "user-2", group(groupId, 2).messages(), 99, Map.of());

        assertThat(await(store.prepare(retry, T0 + 1))).isEqualTo(GroupState.PREPARED);
        await(store.commit(groupId, T0 + 2));
        assertThat(await(store.prepare(retry, T0 + 3))).isEqualTo(GroupState.COMMITTED);

        GroupView stored = view(groupId);
        assertThat(stored.instanceId()).isEqualTo("user-1");
        assertThat(stored.messages()).hasSize(2).allMatch(m -> m.state() == MessageState.READY);
    }

    @Test
    void prepareOfDifferentContentUnderSameIdFailsWithAlreadyExists() {
        String groupId = id("g");
        await(store.prepare(group(groupId, 2), T0));

        Throwable error = failure(store.prepare(group(groupId, 3), T0));

        assertThat(error).isInstanceOf(AlreadyExistsException.class).hasMessageContaining(groupId);
        assertThat(((LottorException) error).field()).isEqualTo("group_id");
        assertThat(view(groupId).messages()).hasSize(2);
    }

    @Test
    void commitMakesMessagesReadyAndAnswersThemOnlyOnce() {
        String groupId = id("g");
        await(store.prepare(group(groupId, 2), T0));

        CommitOutcome first = await(store.commit(groupId, T0 + 7));
        CommitOutcome second = await(store.commit(groupId, T0 + 8));

        assertThat(first.state()).isEqualTo(GroupState.COMMITTED);
        assertThat(first.ready()).extracting(DueMessage::messageId).containsExactly("m1", "m2");
        DueMessage due = first.ready().get(0);
        assertThat(due.groupId()).isEqualTo(groupId);
        assertThat(due.source()).isEqualTo("user");
        assertThat(due.target()).isEqualTo("auth");
        assertThat(due.method()).isEqualTo("auth-role");
        assertThat(due.headers()).isEqualTo(Map.of("h", "m1"));
        assertThat(due.attempts()).isZero();
        assertPayload(due.payload(), "m1");
        assertThat(second.state()).isEqualTo(GroupState.COMMITTED);
        assertThat(second.ready()).isEmpty();
        GroupView stored = view(groupId);
        assertThat(stored.state()).isEqualTo(GroupState.COMMITTED);
        assertThat(stored.nextCheckAt()).isZero();
        assertThat(stored.messages()).allMatch(m -> m.state() == MessageState.READY && m.nextAttemptAt() == T0 + 7);
    }

    @Test
    void commitOfUnknownGroupFailsWithNotFound() {
        Throwable error = failure(store.commit(id("missing"), T0));

        assertThat(error).isInstanceOf(NotFoundException.class).hasMessageContaining(id("missing"));
        assertThat(((LottorException) error).field()).isEqualTo("group_id");
    }

    @Test
    void commitAfterRollbackFailsWithFailedPrecondition() {
        String groupId = id("g");
        await(store.prepare(group(groupId, 1), T0));
        await(store.rollback(groupId, "order rejected", T0));

        Throwable error = failure(store.commit(groupId, T0));

        assertThat(error).isInstanceOf(FailedPreconditionException.class)
                .hasMessage("group \"" + groupId + "\" is ROLLED_BACK; it cannot be committed");
        assertThat(((LottorException) error).field()).isEqualTo("group_id");
        assertThat(view(groupId).state()).isEqualTo(GroupState.ROLLED_BACK);
    }

    @Test
    void rollbackAfterCommitFailsWithFailedPrecondition() {
        String groupId = committed("g", 1);

        Throwable error = failure(store.rollback(groupId, "too late", T0));

        assertThat(error).isInstanceOf(FailedPreconditionException.class).hasMessageContaining("COMMITTED");
        assertThat(view(groupId).state()).isEqualTo(GroupState.COMMITTED);
    }

    @Test
    void rollbackAfterCompletionFailsWithFailedPrecondition() {
        String groupId = committed("g", 1);
        deliver(new MessageKey(groupId, "m1"), 1, "auth-1", T0);
        await(store.recordOutcome(new MessageKey(groupId, "m1"), 1, new DeliveryOutcome.Consumed("auth", "auth-1"), T0));

        assertThat(failure(store.rollback(groupId, "too late", T0)))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("COMPLETED");
    }

    @Test
    void rollbackCancelsMessagesWithTheReasonAndIsIdempotent() {
        String groupId = id("g");
        await(store.prepare(group(groupId, 2), T0));

        assertThat(await(store.rollback(groupId, "order rejected", T0 + 5))).isEqualTo(GroupState.ROLLED_BACK);
        assertThat(await(store.rollback(groupId, "again", T0 + 6))).isEqualTo(GroupState.ROLLED_BACK);

        GroupView stored = view(groupId);
        assertThat(stored.state()).isEqualTo(GroupState.ROLLED_BACK);
        assertThat(stored.updatedAt()).isEqualTo(T0 + 5);
        assertThat(stored.nextCheckAt()).isZero();
        assertThat(stored.messages()).allSatisfy(m -> {
            assertThat(m.state()).isEqualTo(MessageState.CANCELLED);
            assertThat(m.lastError()).isEqualTo("order rejected");
        });
    }

    @Test
    void rollbackOfUnknownGroupFailsWithNotFound() {
        assertThat(failure(store.rollback(id("missing"), "why", T0)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining(id("missing"));
    }

    @Test
    void preparedGroupSurvivesCloseAndReopen() {
        String prepared = id("prepared");
        await(store.prepare(group(prepared, 2), T0));
        String committed = committed("committed", 1);

        reopenStore();

        assertThat(view(prepared).state()).isEqualTo(GroupState.PREPARED);
        assertThat(view(prepared).messages()).hasSize(2);
        assertThat(view(committed).state()).isEqualTo(GroupState.COMMITTED);
        assertThat(await(store.commit(prepared, T0 + 1)).ready()).hasSize(2);
    }
}
