package io.lottor.server.store;

import io.lottor.server.group.GroupEvent;
import io.lottor.server.group.GroupState;
import io.lottor.server.group.GroupSummary;
import io.lottor.server.group.GroupView;
import io.lottor.server.group.MessageKey;
import io.lottor.server.group.MessageState;
import io.lottor.server.group.MessageSummary;
import io.lottor.server.group.NewGroup;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Durable home of groups and messages. Every backend passes {@code StoreContractTest}.
 *
 * <p>Writes return futures that complete only after the change is durable (its transaction committed
 * and fsynced); implementations batch concurrent writes into one transaction ("group commit"). Writes
 * submitted by one thread are applied in submission order. Reads see committed data only.
 *
 * <p>Errors are part of the contract: futures fail with {@link io.lottor.server.group.NotFoundException},
 * {@link io.lottor.server.group.AlreadyExistsException},
 * {@link io.lottor.server.group.FailedPreconditionException} as documented per method, and with
 * {@link io.lottor.server.group.UnavailableException} when the database cannot be written. The producer's
 * writes ({@link #prepare}, {@link #commit}, {@link #rollback}) may also fail with
 * {@link io.lottor.server.group.OverloadedException} when the store holds as many writes (or request bytes)
 * as it is bounded to: then nothing changed and the same write may succeed later. All times
 * are epoch milliseconds given by the caller. Implementations are thread-safe.
 *
 * <p>Each state change also appends its {@link GroupEvent} to the group's history in the same
 * transaction: PREPARED, COMMITTED, ROLLED_BACK (actor {@code producer}), COMPLETED, CHECK_BACK, FAILED,
 * DEAD (actor {@code server}), DELIVERED and CONSUMED (actor {@code consumer:<instance>}), RETRIED and
 * RESOLVED (the operator). Moving IN_FLIGHT messages back to READY on startup writes no event. A
 * purged group's history goes with it.
 *
 * <p>Attempt numbers of a message never repeat: each claim is the previous attempt plus one, also after
 * an operator's retry, which instead moves the message's attempt budget base (see
 * {@link DueMessage#attemptBase()}).
 */
public interface Store extends AutoCloseable {

    /**
     * Stores a new group as PREPARED with its messages PENDING, first check-back due at
     * {@code now + group.checkAfterMs()}. If the group exists with the same content hash, changes
     * nothing and answers its current state; with a different hash, fails with AlreadyExistsException
     * (field {@code group_id}).
     */
    CompletableFuture<GroupState> prepare(NewGroup group, long now);

    /**
     * PREPARED → COMMITTED, its PENDING messages → READY due {@code now}; answers the messages that
     * became READY. Committing a COMMITTED or COMPLETED group changes nothing and answers no messages.
     * Fails with NotFoundException for an unknown group and FailedPreconditionException for a
     * ROLLED_BACK one.
     */
    CompletableFuture<CommitOutcome> commit(String groupId, long now);

    /**
     * PREPARED → ROLLED_BACK, its messages → CANCELLED with {@code reason} as their last error.
     * Idempotent on a ROLLED_BACK group. Fails with NotFoundException for an unknown group and
     * FailedPreconditionException for a COMMITTED or COMPLETED one.
     */
    CompletableFuture<GroupState> rollback(String groupId, String reason, long now);

    /**
     * Claims messages for delivery, all in one write: each moves READY or FAILED → IN_FLIGHT with
     * {@code attempts = claim.attempt()}, {@code owner}, {@code lease_until} and {@code delivered_to}
     * (a DELIVERED event), but only while it is still READY or FAILED with {@code attempts =
     * claim.attempt() - 1}: a claim made from a stale read, or for a message someone else claimed or
     * finished meanwhile, changes nothing. So one attempt is claimed at most once, and a Delivery is sent
     * only for a claim that applied. Answers, in the order of {@code claims}, whether each applied.
     */
    CompletableFuture<List<Boolean>> claim(List<DeliveryClaim> claims, long now);

    /**
     * Claims, in one write, the due messages of one route for the free places of a server's consumer
     * sessions: READY messages and FAILED ones whose next attempt is due ({@code next_attempt_at <= now}),
     * earliest due first, at most {@link DueClaim#places()}, and no more once their payloads add up to
     * {@link DueClaim#maxBytes()} (but at least one when any is due). Each moves to IN_FLIGHT with its next
     * attempt, {@code owner}, {@code lease_until} and the {@code delivered_to} of its place (a DELIVERED
     * event), exactly as {@link #claim} would. On a database several servers share, rows another server is
     * claiming at the same moment are skipped ({@code FOR UPDATE SKIP LOCKED}), so two servers never claim
     * the same attempt. Answers the messages claimed as they were before the claim (their
     * {@code attempts} is the attempt before this one), the i-th for the i-th place.
     */
    CompletableFuture<List<DueMessage>> claimDueMessages(DueClaim claim, long now);

    /**
     * Gives back claims that were never sent (their session went away first): each message moves
     * IN_FLIGHT → READY due {@code now} with {@code attempts = claim.attempt() - 1}, its owner and lease
     * cleared and the claim's DELIVERED event removed, but only while it is still IN_FLIGHT at that
     * attempt and owned by {@code claim.owner()}. Since that attempt number never reached a consumer,
     * claiming it again is safe. Answers, in the order of {@code claims}, whether each applied.
     */
    CompletableFuture<List<Boolean>> release(List<DeliveryClaim> claims, long now);

    /**
     * Applies the outcome of delivery number {@code attempt}, only if it is still the message's current
     * attempt ({@code attempts == attempt}). {@link DeliveryOutcome.Consumed} applies to a message
     * IN_FLIGHT, FAILED or DEAD that was delivered to its instance of its service (a late success of the
     * current attempt is the truth) and completes the group when it was its last unconsumed message. The
     * other outcomes apply only to a message IN_FLIGHT. Answers whether it applied.
     */
    CompletableFuture<OutcomeResult> recordOutcome(MessageKey key, int attempt, DeliveryOutcome outcome, long now);

    /**
     * On startup: every IN_FLIGHT message whose owner is not one of {@code liveOwners} → READY due
     * {@code now}, its attempt counted (its delivery died with its node). A node thus takes back only
     * work whose owner is dead, never a live node's. Answers how many.
     */
    CompletableFuture<Integer> requeueInFlight(long now, Collection<String> liveOwners);

    /**
     * Up to {@code limit} IN_FLIGHT messages whose lease ended before {@code endedBefore} (their result
     * never came, or could not be stored), whatever their owner, get {@code expiry}'s outcome for their
     * attempt, guarded by that attempt; each with a FAILED or DEAD event at {@code now}. Several servers
     * sweeping one database at once never expire the same lease twice. Answers those expired.
     */
    CompletableFuture<List<ExpiredLease>> expireLeases(long endedBefore, long now, int limit, LeaseExpiry expiry);

    /**
     * Claims up to {@code limit} PREPARED groups whose check-back is due ({@code next_check_at <= now}) and
     * that {@code scope} takes, oldest due first: each gets {@code check_backs + 1} and {@code next_check_at =
     * now + delay.delayMs(checkBacksBefore, checkAfterMs)}, so no one else claims it until then. On a
     * database several servers share, groups another server is claiming at the same moment are skipped.
     */
    CompletableFuture<List<DueCheckBack>> claimDueCheckBacks(long now, int limit, CheckBackDelay delay,
                                                            CheckBackScope scope);

    /** {@link #claimDueCheckBacks(long, int, CheckBackDelay, CheckBackScope)} of every source. */
    default CompletableFuture<List<DueCheckBack>> claimDueCheckBacks(long now, int limit, CheckBackDelay delay) {
        return claimDueCheckBacks(now, limit, delay, CheckBackScope.everySource());
    }

    /**
     * Makes every PREPARED group of {@code source} that was already checked back at least once due
     * {@code now}: a producer instance that just connected can answer at once. Answers how many.
     */
    CompletableFuture<Integer> expediteCheckBacks(String source, long now);

    /**
     * Deletes up to {@code limit} COMPLETED and ROLLED_BACK groups (with their messages) last updated
     * before {@code before}. Answers how many groups.
     */
    CompletableFuture<Integer> purgeFinished(long before, int limit);

    /** The group with its messages, if stored. */
    Optional<GroupView> findGroup(String groupId);

    /** The source service of the group, if stored: a cheap read for access checks. */
    Optional<String> sourceOf(String groupId);

    /** The target service of the message, if stored: a cheap read for access checks. */
    Optional<String> targetOf(MessageKey key);

    /**
     * The state of each group among {@code groupIds} that is stored, by group id; ids of groups not
     * stored are absent. One read, whatever the number of ids (callers keep it to a few thousand).
     */
    Map<String, GroupState> groupStates(Collection<String> groupIds);

    /** How many groups are in each state; every {@link GroupState} is a key (0 when none). */
    Map<GroupState, Long> countGroupsByState();

    /** How many messages are in each state; every {@link MessageState} is a key (0 when none). */
    Map<MessageState, Long> countMessagesByState();

    /** How many messages are in {@code state}; cheap enough to call on every metrics scrape. */
    long countMessages(MessageState state);

    /** The PREPARED group with the earliest {@code created_at}, if any. */
    Optional<OldestPrepared> oldestPrepared();

    /**
     * READY messages last changed (committed, retried, requeued) before {@code readyBefore}, counted by
     * target and method, ordered by target then method. Cheap enough for every metrics scrape.
     */
    List<ReadyBacklog> readyBacklog(long readyBefore);

    /**
     * {@code buckets} consecutive buckets of {@code bucketMs} starting at {@code from}, oldest first, each
     * counting groups created, messages CONSUMED and messages FAILED or DEAD by their timestamps (see
     * {@link ThroughputBucket}). Buckets in which nothing happened are present with zeros.
     */
    List<ThroughputBucket> throughput(long from, long bucketMs, int buckets);

    /**
     * Registers {@code node} or, when a node with its server id exists, replaces it (a heartbeat is an
     * upsert with a new {@code lastSeenAt}).
     */
    CompletableFuture<Void> upsertNode(ServerNode node);

    /** Removes every node whose last heartbeat is before {@code before}. Answers how many. */
    CompletableFuture<Integer> removeNodesNotSeenSince(long before);

    /**
     * Removes the node {@code serverId} and its sessions, if registered (a server leaving cleanly). Answers
     * whether it was.
     */
    CompletableFuture<Boolean> removeNode(String serverId);

    /** Every registered node, by {@code started_at}. */
    List<ServerNode> nodes();

    /** Stores a session that just opened, seen at {@code now} (a session already stored is left as it is). */
    CompletableFuture<Void> openSession(ClusterSession session, long now);

    /** Deletes the session {@code sessionId}, if stored. Answers whether it was. */
    CompletableFuture<Boolean> closeSession(String sessionId);

    /**
     * A server's heartbeat for its sessions: stores each of {@code sessions} as it is now (in flight, last
     * heartbeat), seen at {@code now}, inserting those that are missing, and deletes the sessions of
     * {@code serverId} last seen before {@code now}: those that ended while the refresh was on its way. A
     * session opened after {@code sessions} was taken must have been stored seen at {@code now} or later.
     */
    CompletableFuture<Void> refreshSessions(String serverId, List<ClusterSession> sessions, long now);

    /**
     * Deletes the sessions of every server whose node heartbeat is before {@code nodesSeenSince} or that is
     * no longer registered: their server is dead. Answers how many.
     */
    CompletableFuture<Integer> removeSessionsOfDeadNodes(long nodesSeenSince);

    /**
     * The sessions of every server whose node heartbeat is at or after {@code nodesSeenSince}, by service,
     * then instance.
     */
    List<ClusterSession> liveSessions(long nodesSeenSince);

    /** The session {@code sessionId}, if stored and its server's node heartbeat is at or after {@code nodesSeenSince}. */
    Optional<ClusterSession> liveSession(String sessionId, long nodesSeenSince);

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

    /** The group's history, oldest first (ties in the order written); empty for an unknown group. */
    List<GroupEvent> history(String groupId);

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
     * then exactly what {@link #commit} or {@link #rollback} (with the reason) would do for
     * {@code outcome} COMMITTED or ROLLED_BACK. Answers the commit's outcome (the READY messages when
     * committed, none when rolled back). Fails with NotFoundException (field {@code group_id}) for an
     * unknown group, FailedPreconditionException (field {@code state}) for a group that is not PREPARED,
     * and InvalidArgumentException (field {@code outcome}) for another outcome; then nothing changes.
     */
    CompletableFuture<CommitOutcome> resolve(String groupId, GroupState outcome, String actor, String reason, long now);

    /** Whether the database answers a trivial query. */
    boolean isHealthy();

    /** Finishes pending writes, then releases the database. */
    @Override
    void close();
}
