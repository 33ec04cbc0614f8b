package io.lottor.server.coordinator;

import io.lottor.server.delivery.Delivery;
import io.lottor.server.model.Caller;
import io.lottor.server.model.FailedPreconditionException;
import io.lottor.server.model.GroupDetail;
import io.lottor.server.model.GroupEvent;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.GroupSummary;
import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.model.Limits;
import io.lottor.server.model.LottorException;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import io.lottor.server.model.MessageSummary;
import io.lottor.server.model.NotFoundException;
import io.lottor.server.store.AdminStore;
import io.lottor.server.store.GroupQuery;
import io.lottor.server.store.MessageQuery;
import io.lottor.server.store.Page;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side of the {@link Coordinator}: listings, retries and resolving stuck groups. Like the
 * coordinator it is transport-free, validates every argument before it touches the store (bad input
 * changes nothing: failed future with {@link InvalidArgumentException} naming the field and limit), and
 * never throws: errors come as failed futures holding a {@link LottorException}. Thread-safe.
 */
public final class AdminOperations {
    /** Most items on one page. */
    public static final int MAX_LIMIT = 500;
    /** Items on a page when the caller names no limit. */
    public static final int DEFAULT_LIMIT = 50;
    /** Messages retried in one store transaction by a bulk retry. */
    static final int RETRY_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(AdminOperations.class);
    private static final Set<MessageState> RETRYABLE = EnumSet.of(MessageState.DEAD, MessageState.FAILED);

    private final Coordinator coordinator;
    private final AdminStore store;
    private final Delivery delivery;
    private final AdminValidator validator;
    private final Clock clock;
    private final GroupCounters counters;

    public AdminOperations(Coordinator coordinator, AdminStore store, Delivery delivery, Limits limits, Clock clock) {
        this(coordinator, store, delivery, limits, clock, GroupCounters.NONE);
    }

    /** As above; {@code counters} hears of every resolution and operator retry. */
    public AdminOperations(Coordinator coordinator, AdminStore store, Delivery delivery, Limits limits, Clock clock,
                           GroupCounters counters) {
        this.counters = counters;
        this.coordinator = coordinator;
        this.store = store;
        this.delivery = delivery;
        this.validator = new AdminValidator(limits);
        this.clock = clock;
    }

    /** A page of groups, newest first; see {@link AdminStore#listGroups}. */
    public CompletableFuture<Page<GroupSummary>> listGroups(GroupQuery query) {
        return attempt(() -> {
            validator.requireGroupQuery(query);
            return CompletableFuture.completedFuture(store.listGroups(query));
        });
    }

    /** A page of messages, most recently updated first; see {@link AdminStore#listMessages}. */
    public CompletableFuture<Page<MessageSummary>> listMessages(MessageQuery query) {
        return attempt(() -> {
            validator.requireMessageQuery(query);
            return CompletableFuture.completedFuture(store.listMessages(query));
        });
    }

    /**
     * Moves one DEAD or FAILED message back to READY, due now, with a fresh budget of max-attempts
     * deliveries (attempt numbers keep counting, never repeat), and hands it to delivery;
     * answers it as it is now. {@link NotFoundException} (field {@code message_id}) if unknown,
     * {@link FailedPreconditionException} (field {@code state}) in any other state.
     *
     * @param actor  the operator's name (≤ 64 characters) or null for {@code admin}
     * @param reason why, up to 1024 characters, or null
     */
    public CompletableFuture<MessageSummary> retryMessage(MessageKey key, String actor, String reason) {
        return attempt(() -> {
            validator.requireMessageKey(key);
            validator.optionalActorAndReason(actor, reason);
            return store.retryMessage(key, GroupEvent.operator(actor), reason, clock.millis()).thenApply(retried -> {
                log.info("message retried group={} message={} actor={}", key.groupId(), key.messageId(),
                        GroupEvent.operator(actor));
                counters.operatorRetried(1);
                delivery.dispatch(List.of(retried.due()));
                return retried.message();
            });
        });
    }

    /**
     * Retries every message matching {@code filter} (its limit and cursor are ignored; no states means
     * DEAD; only DEAD and FAILED may be named) that was last updated before this call, in transactions of
     * at most {@value #RETRY_BATCH} messages, each batch handed to delivery as it commits. Answers how
     * many were retried.
     */
    public CompletableFuture<Integer> retryMessages(MessageQuery filter, String actor, String reason) {
        return attempt(() -> {
            Set<MessageState> states = filter.states().isEmpty() ? EnumSet.of(MessageState.DEAD) : filter.states();
            if (!RETRYABLE.containsAll(states)) {
                throw new InvalidArgumentException("state", "state may only name DEAD and FAILED to retry, got "
                        + states);
            }
            validator.requireMessageQuery(filter.narrowed(states, filter.to(), 1));
            validator.optionalActorAndReason(actor, reason);
            long now = clock.millis();
            long before = filter.to() == null ? now + 1 : Math.min(filter.to(), now + 1);
            MessageQuery batch = filter.narrowed(states, before, RETRY_BATCH);
            return retryBatches(batch, GroupEvent.operator(actor), reason, now, 0);
        });
    }

    /**
     * An operator's decision on a PREPARED group: {@code outcome} COMMITTED or ROLLED_BACK, recorded as a
     * RESOLVED event by {@code operator:<actor>} with {@code reason} (required, 1 to 1024 characters),
     * then the normal effects of a commit (messages handed to delivery) or rollback. Completes once the
     * decision is durable; {@link #groupDetail} reads the group as it is then.
     * {@link FailedPreconditionException} (field {@code state}) unless PREPARED.
     */
    public CompletableFuture<Void> resolve(String groupId, String outcome, String actor, String reason) {
        return attempt(() -> {
            GroupState decided = validator.requireResolution(groupId, outcome, actor, reason);
            String operator = GroupEvent.operator(actor);
            return store.resolve(groupId, decided, operator, reason, clock.millis()).thenAccept(result -> {
                log.info("group resolved group={} outcome={} actor={}", groupId, decided, operator);
                counters.resolved(decided);
                if (!result.ready().isEmpty()) {
                    delivery.dispatch(result.ready());
                }
            });
        });
    }

    /** The group with its messages and history, read on the calling thread; {@link NotFoundException} if unknown. */
    public GroupDetail groupDetail(String groupId) {
        return coordinator.getGroupDetail(Caller.ANY_SERVICE, groupId).join();
    }

    private CompletableFuture<Integer> retryBatches(MessageQuery batch, String actor, String reason, long now,
            int retriedBefore) {
        return store.retryMessages(batch, actor, reason, now).thenCompose(retried -> {
            if (!retried.isEmpty()) {
                counters.operatorRetried(retried.size());
                delivery.dispatch(retried);
            }
            int total = retriedBefore + retried.size();
            if (retried.size() < batch.limit()) {
                log.info("messages retried count={} actor={} states={}", total, actor, batch.states());
                return CompletableFuture.completedFuture(total);
            }
            return retryBatches(batch, actor, reason, now, total);
        });
    }

    private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
