package io.lottor.server.delivery.direct;

import io.lottor.server.session.ClientSession;
import io.lottor.server.store.DeliveryClaim;
import io.lottor.server.store.DeliveryStore;
import io.lottor.server.store.DueMessage;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims by key the dispatcher makes for the messages it handed itself, stored together in one write
 * ({@link DeliveryStore#claim}): a message polled for a session is claimed for its next attempt, owned by this
 * node and leased for one ack timeout. The dispatcher sends a Delivery only for a claim the store
 * applied, and gives back ({@link #release}) a claim it could not send. Not thread-safe: owned by the
 * dispatcher thread.
 */
final class Claims {
    private static final Logger log = LoggerFactory.getLogger(Claims.class);
    private final DeliveryStore store;
    private final String owner;
    private final long ackTimeoutMs;
    private List<Draft> drafts = new ArrayList<>();

    Claims(DeliveryStore store, String owner, long ackTimeoutMs) {
        this.store = store;
        this.owner = owner;
        this.ackTimeoutMs = ackTimeoutMs;
    }

    /**
     * Claims {@code message} for {@code session} (which already counts it in flight) with the next flush;
     * answers whether it is the first claim since the last flush (then the caller schedules a flush).
     */
    boolean add(DueMessage message, ClientSession session) {
        drafts.add(new Draft(message, session));
        return drafts.size() == 1;
    }

    /**
     * Stores the claims added since the last flush, leased until {@code now} plus the ack timeout; when
     * the write completes (on a store thread), {@code done} hears which applied.
     */
    void flush(long now, Done done) {
        if (drafts.isEmpty()) {
            return;
        }
        List<Pending> batch = new ArrayList<>(drafts.size());
        List<DeliveryClaim> rows = new ArrayList<>(drafts.size());
        for (Draft draft : drafts) {
            Pending claim = new Pending(draft.message(), draft.session(), draft.message().attempts() + 1,
                    now + ackTimeoutMs);
            batch.add(claim);
            rows.add(new DeliveryClaim(claim.message().key(), claim.attempt(), owner, claim.session().instanceId(),
                    claim.leaseUntil()));
        }
        drafts = new ArrayList<>();
        store.claim(rows, now).whenComplete((applied, error) -> done.claimed(batch, applied, error));
    }

    /**
     * Gives back a claim that was never sent (see {@link DeliveryStore#release}): the message is READY again with
     * its attempt number free. A failure is logged; the claim's lease then ends it as an ack timeout would.
     */
    void release(DueMessage message, ClientSession session, int attempt, long leaseUntil, long now) {
        DeliveryClaim claim = new DeliveryClaim(message.key(), attempt, owner, session.instanceId(), leaseUntil);
        store.release(List.of(claim), now).whenComplete((applied, error) -> {
            if (error != null) {
                log.warn("claim not released group={} message={} attempt={} error={}", message.groupId(),
                        message.messageId(), attempt, error.toString());
            }
        });
    }

    /** Told of a stored (or failed) batch of claims. */
    @FunctionalInterface
    interface Done {
        /** {@code applied} is in the order of {@code batch}; null when {@code error} is set. */
        void claimed(List<Pending> batch, List<Boolean> applied, Throwable error);
    }

    /** A claim sent to the store: the message, the session it is for, its attempt and lease. */
    record Pending(DueMessage message, ClientSession session, int attempt, long leaseUntil) {
        Route route() {
            return Route.of(message);
        }
    }

    private record Draft(DueMessage message, ClientSession session) {
    }
}
