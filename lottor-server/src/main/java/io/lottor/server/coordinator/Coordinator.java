package io.lottor.server.coordinator;

import io.lottor.server.delivery.Delivery;
import io.lottor.server.model.AlreadyExistsException;
import io.lottor.server.model.Caller;
import io.lottor.server.model.CheckBackUrls;
import io.lottor.server.model.GroupDetail;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.GroupView;
import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.model.Limits;
import io.lottor.server.model.LottorException;
import io.lottor.server.model.NewGroup;
import io.lottor.server.model.NotFoundException;
import io.lottor.server.model.PermissionDeniedException;
import io.lottor.server.recovery.CheckBackDecisions;
import io.lottor.server.store.GroupStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one transport-free service every API calls. Each method validates, changes the store, and
 * answers only after the change is durable. Methods never throw: errors come as failed futures holding
 * a {@link LottorException}. Every producer operation takes the {@link Caller}: a caller bound to some
 * services gets {@link PermissionDeniedException} (and nothing changes) for a group or message of
 * another service. Thread-safe.
 */
public final class Coordinator {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    private static final int MAX_REASON_LENGTH = 1024;
    /** The most group ids {@link #groupStates} takes in one call. */
    public static final int MAX_GROUP_STATES = 1000;

    private final GroupStore store;
    private final Delivery delivery;
    private final GroupValidator validator;
    private final long defaultCheckAfterMs;
    private final Clock clock;
    private final GroupCounters counters;

    public Coordinator(GroupStore store, Delivery delivery, Limits limits, Duration defaultCheckAfter, Clock clock) {
        this(store, delivery, limits, defaultCheckAfter, clock, GroupCounters.NONE);
    }

    /** As above; {@code counters} hears of every group outcome stored. No {@code check_back_url} is accepted. */
    public Coordinator(GroupStore store, Delivery delivery, Limits limits, Duration defaultCheckAfter, Clock clock,
                       GroupCounters counters) {
        this(store, delivery, limits, defaultCheckAfter, clock, counters, CheckBackUrls.NONE);
    }

    /** As above; a Prepare's {@code check_back_url} must be one {@code checkBackUrls} permits. */
    public Coordinator(GroupStore store, Delivery delivery, Limits limits, Duration defaultCheckAfter, Clock clock,
                       GroupCounters counters, CheckBackUrls checkBackUrls) {
        this.counters = counters;
        this.store = store;
        this.delivery = delivery;
        this.validator = new GroupValidator(limits, checkBackUrls);
        this.defaultCheckAfterMs = defaultCheckAfter.toMillis();
        this.clock = clock;
    }

    /**
     * Stores the group as PREPARED. Idempotent for the same content (answers the current state);
     * {@link AlreadyExistsException} for different content under the same id; {@link PermissionDeniedException}
     * (field {@code source}) when the caller may not act for the group's source.
     */
    public CompletableFuture<GroupState> prepare(Caller caller, NewGroup request) {
        return attempt(() -> {
            validator.validate(request);
            caller.requireService("source", "source", request.source());
            NewGroup group = request.checkAfterMs() > 0 ? request : withCheckAfter(request, defaultCheckAfterMs);
            return store.prepare(group, clock.millis()).thenApply(state -> {
                log.debug("group prepared group={} source={} messages={} state={}",
                        group.groupId(), group.source(), group.messages().size(), state);
                if (state == GroupState.PREPARED) {
                    counters.prepared();
                }
                return state;
            });
        });
    }

    /**
     * PREPARED → COMMITTED and hands the messages to delivery. Idempotent. {@link PermissionDeniedException}
     * (field {@code group_id}) when the caller may not act for the group's source.
     */
    public CompletableFuture<GroupState> commit(Caller caller, String groupId) {
        return attempt(() -> {
            validator.requireGroupId(groupId);
            requireSource(caller, groupId);
            return store.commit(groupId, clock.millis()).thenApply(outcome -> {
                if (!outcome.ready().isEmpty()) {
                    log.debug("group committed group={} messages={}", groupId, outcome.ready().size());
                    counters.committed();
                    delivery.dispatch(outcome.ready());
                }
                return outcome.state();
            });
        });
    }

    /** PREPARED → ROLLED_BACK; the messages are cancelled. Idempotent. Access as {@link #commit}. */
    public CompletableFuture<GroupState> rollback(Caller caller, String groupId, String reason) {
        return attempt(() -> {
            validator.requireGroupId(groupId);
            requireSource(caller, groupId);
            String why = reason == null || reason.isBlank() ? "rolled back by the producer" : reason;
            if (why.length() > MAX_REASON_LENGTH) {
                throw new InvalidArgumentException("reason", "reason is " + why.length()
                        + " characters, over the limit of " + MAX_REASON_LENGTH);
            }
            return store.rollback(groupId, why, clock.millis()).thenApply(state -> {
                log.debug("group rolled back group={} reason={}", groupId, why);
                counters.rolledBack();
                return state;
            });
        });
    }

    /** The group with its messages; {@link NotFoundException} if unknown. Access as {@link #commit}. */
    public CompletableFuture<GroupView> getGroup(Caller caller, String groupId) {
        return attempt(() -> {
            validator.requireGroupId(groupId);
            requireSource(caller, groupId);
            GroupView group = store.findGroup(groupId).orElseThrow(() ->
                    new NotFoundException("group_id", "no group with group_id \"" + groupId + "\""));
            return CompletableFuture.completedFuture(group);
        });
    }

    /**
     * The state of each group among {@code groupIds} that the store holds; unknown ids (never prepared,
     * or purged after they finished) are absent. Read-only. At most {@link #MAX_GROUP_STATES} ids, each
     * a valid group id, else {@link InvalidArgumentException} naming {@code group_ids}.
     */
    public CompletableFuture<Map<String, GroupState>> groupStates(List<String> groupIds) {
        return attempt(() -> {
            if (groupIds.size() > MAX_GROUP_STATES) {
                throw new InvalidArgumentException("group_ids", "group_ids holds " + groupIds.size()
                        + " ids, over the limit of " + MAX_GROUP_STATES);
            }
            for (int i = 0; i < groupIds.size(); i++) {
                validator.requireGroupId("group_ids[" + i + "]", groupIds.get(i));
            }
            return CompletableFuture.completedFuture(store.groupStates(groupIds));
        });
    }

    /** The group with its messages and its history; {@link NotFoundException} if unknown. */
    public CompletableFuture<GroupDetail> getGroupDetail(Caller caller, String groupId) {
        return getGroup(caller, groupId).thenApply(group -> new GroupDetail(group, store.history(groupId)));
    }

    /**
     * The check-back side's way to apply a producer's answer: commit or roll back exactly as the producer
     * itself could (the answer was already authorised as coming from the group's source service).
     */
    public CheckBackDecisions checkBackDecisions() {
        return new CheckBackDecisions() {
            @Override
            public CompletableFuture<GroupState> commit(String groupId) {
                return Coordinator.this.commit(Caller.ANY_SERVICE, groupId);
            }

            @Override
            public CompletableFuture<GroupState> rollback(String groupId, String reason) {
                return Coordinator.this.rollback(Caller.ANY_SERVICE, groupId, reason);
            }
        };
    }

    /** A bound caller may touch a stored group only of one of its services; an unknown id is left to the store. */
    private void requireSource(Caller caller, String groupId) {
        if (caller.isBound()) {
            store.sourceOf(groupId).ifPresent(source -> caller.requireService("group_id", "the group's source", source));
        }
    }

    private static NewGroup withCheckAfter(NewGroup group, long checkAfterMs) {
        return new NewGroup(group.groupId(), group.source(), group.instanceId(), group.messages(),
                checkAfterMs, group.attributes(), group.checkBackUrl());
    }

    private static <T> CompletableFuture<T> attempt(java.util.function.Supplier<CompletableFuture<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
