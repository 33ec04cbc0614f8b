package io.lottor.server.store;

import io.lottor.server.model.GroupState;
import io.lottor.server.model.GroupSummary;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import io.lottor.server.model.MessageSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The operator's side of the store: counts, listings, throughput, retries and resolutions. See
 * {@link Store} for what every write promises.
 */
public interface AdminStore {
    /** How many groups are in each state; every {@link GroupState} is a key (0 when none). */
    Map<GroupState, Long> countGroupsByState();

    /** How many messages are in each state; every {@link MessageState} is a key (0 when none). */
    Map<MessageState, Long> countMessagesByState();

    /** How many messages are in {@code state}; cheap enough to call on every metrics scrape. */
    long countMessages(MessageState state);

    /** The PREPARED group with the earliest {@code created_at}, if any. */
    Optional<OldestPrepared> oldestPrepared();

    /**
     * {@code buckets} consecutive buckets of {@code bucketMs} starting at {@code from}, oldest first, each
     * counting groups created, messages CONSUMED and messages FAILED or DEAD by their timestamps (see
     * {@link ThroughputBucket}). Buckets in which nothing happened are present with zeros.
     */
    List<ThroughputBucket> throughput(long from, long bucketMs, int buckets);

    /**
     * A page of groups matching {@code query}, newest {@code created_at} first (ties by group id,
     * descending), at most {@code query.limit()}; {@link Page#next()} is set only when more groups match.
     * Paging is by keyset: groups created while a client pages never shift later pages.
     */
    Page<GroupSummary> listGroups(GroupQuery query);

    /**
     * A page of messages matching {@code query}, most recent {@code updated_at} first (ties by group id,
     * then message id, descending), at most {@code query.limit()}; {@link Page#next()} is set only when
     * more messages match. A message that changes state while a client pages may appear on two pages or
     * on none: pages are by keyset on a column that moves.
     */
    Page<MessageSummary> listMessages(MessageQuery query);

    /**
     * An operator's retry: a DEAD or FAILED message → READY due {@code now}, attempts kept and its attempt
     * budget renewed ({@code attempt_base = attempts}, so it gets {@code max_attempts} more), recorded as a
     * RETRIED event by {@code actor} with {@code reason} (may be null). Fails with NotFoundException
     * (field {@code message_id}) for an unknown message and FailedPreconditionException (field
     * {@code state}) for a message in any other state; then nothing changes.
     */
    CompletableFuture<RetriedMessage> retryMessage(MessageKey key, String actor, String reason, long now);

    /**
     * An operator's bulk retry, one transaction: up to {@code query.limit()} messages matching
     * {@code query} (its states must be DEAD and/or FAILED; its cursor is ignored) → READY due {@code now},
     * each recorded as in {@link #retryMessage}. Answers the messages retried; fewer than the limit means
     * none matching were left. Fails with InvalidArgumentException (field {@code state}) if the query
     * names no state or another state.
     */
    CompletableFuture<List<DueMessage>> retryMessages(MessageQuery query, String actor, String reason, long now);

    /**
     * An operator's resolution of a PREPARED group: a RESOLVED event by {@code actor} with {@code reason},
     * then exactly what {@link GroupStore#commit} or {@link GroupStore#rollback} (with the reason) would do for
     * {@code outcome} COMMITTED or ROLLED_BACK. Answers the commit's outcome (the READY messages when
     * committed, none when rolled back). Fails with NotFoundException (field {@code group_id}) for an
     * unknown group, FailedPreconditionException (field {@code state}) for a group that is not PREPARED,
     * and InvalidArgumentException (field {@code outcome}) for another outcome; then nothing changes.
     */
    CompletableFuture<CommitOutcome> resolve(String groupId, GroupState outcome, String actor, String reason, long now);
}
