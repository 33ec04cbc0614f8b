package io.lottor.server.store;

import io.lottor.server.model.MessageKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The delivery's side of the store: claims of due messages (by key or by a claiming scan), claims given
 * back, outcomes guarded by attempt, leases that expired, and what waits READY. See {@link Store} for what
 * every write promises.
 */
public interface DeliveryStore {
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
     * READY messages last changed (committed, retried, requeued) before {@code readyBefore}, counted by
     * target and method, ordered by target then method. Cheap enough for every metrics scrape.
     */
    List<ReadyBacklog> readyBacklog(long readyBefore);

    /**
     * Up to {@code limit} routes (target and method) that have messages due now: READY, or FAILED with
     * {@code next_attempt_at <= now}. A read, never a claim: a broker delivery uses it to choose the routes
     * it claims from with {@link #claimDueMessages}, where the claim decides.
     */
    List<DueRoute> dueRoutes(long now, int limit);

    /** How many messages are IN_FLIGHT now, by target service (every owner's). */
    Map<String, Integer> inFlightByTarget();

    /** Message {@code key}'s current delivery, if the message exists. */
    Optional<DeliveredAttempt> deliveredAttempt(MessageKey key);

    /**
     * Tells the other servers sharing the database that {@code routes} have messages due, so that one
     * with a consumer for them claims them now rather than at its next scan, where the database can pass a
     * word between its connections (PostgreSQL: {@code NOTIFY}, sent once this write commits; the listeners
     * are {@link #listenForDue}). Elsewhere it does nothing and the scans find the messages. Best effort:
     * a word lost changes nothing but the wait.
     */
    default CompletableFuture<Void> announceDue(Collection<DueRoute> routes, String serverId) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Calls {@code listener}, on a thread of the store's, with each route another server announced with
     * {@link #announceDue} (never those {@code serverId} announced); closing the answer stops it. Nothing
     * where the database cannot pass the word.
     */
    default AutoCloseable listenForDue(String serverId, Consumer<DueRoute> listener) {
        return () -> { };
    }
}
