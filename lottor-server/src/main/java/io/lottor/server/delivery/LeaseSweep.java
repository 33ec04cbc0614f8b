package io.lottor.server.delivery;

import io.lottor.server.model.MessageKey;
import io.lottor.server.recovery.RetrySchedule;
import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.DeliveryStore;
import io.lottor.server.store.ExpiredLease;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic sweep of the store for deliveries whose lease (ack timeout) passed with no result stored:
 * the result never came, or it came but could not be stored (the database was locked, the disk full, a
 * batch failed). Each gets what an ack timeout gives (FAILED with a backoff, or DEAD), guarded by its
 * attempt, so no message stays IN_FLIGHT for ever whatever the dispatcher's memory lost. A lease is
 * swept only {@value #GRACE_MS} ms after it ended, so that the dispatcher's own timeout normally comes
 * first. Not thread-safe: driven by the dispatcher thread.
 */
public final class LeaseSweep {
    private static final Logger log = LoggerFactory.getLogger(LeaseSweep.class);
    private static final long EVERY_MS = 1000;
    private static final long GRACE_MS = 1000;
    private static final int LIMIT = 500;

    private final DeliveryStore store;
    private final RetrySchedule retries;
    private boolean running;
    private long nextAt;

    public LeaseSweep(DeliveryStore store, RetrySchedule retries) {
        this.store = store;
        this.retries = retries;
    }

    /**
     * Starts a sweep if one is due and none runs; {@code post} runs the completion on the dispatcher
     * thread, where {@code expired} hears of the leases it expired.
     */
    public void maybeStart(long now, Consumer<Runnable> post, Consumer<List<Expired>> expired) {
        if (running || now < nextAt) {
            return;
        }
        running = true;
        nextAt = now + EVERY_MS;
        String error = "no result stored before the delivery's lease (ack timeout) ended";
        store.expireLeases(now - GRACE_MS, now, LIMIT,
                        (attempt, attemptBase) -> retries.afterFailure(attempt, attemptBase, error, now))
                .whenComplete((leases, failure) -> post.accept(() -> finished(leases, failure, expired)));
    }

    private void finished(List<ExpiredLease> leases, Throwable failure, Consumer<List<Expired>> expired) {
        running = false;
        if (failure != null) {
            log.warn("lease sweep failed error={}", failure.toString());
            return;
        }
        if (leases.size() == LIMIT) {
            nextAt = 0;
        }
        for (ExpiredLease lease : leases) {
            log.warn("delivery lease expired group={} message={} attempt={} outcome={}", lease.key().groupId(),
                    lease.key().messageId(), lease.attempt(), lease.outcome().getClass().getSimpleName());
        }
        expired.accept(leases.stream().map(Expired::new).toList());
    }

    /** An expired lease as the dispatcher needs it. */
    public record Expired(ExpiredLease lease) {
        public MessageKey key() {
            return lease.key();
        }

        public int attempt() {
            return lease.attempt();
        }

        public String target() {
            return lease.target();
        }

        public String method() {
            return lease.method();
        }

        public DeliveryOutcome outcome() {
            return lease.outcome();
        }

        /** When the message is due again, unless it is DEAD. */
        public Optional<Long> retryAt() {
            return lease.outcome() instanceof DeliveryOutcome.Failed failed ? Optional.of(failed.nextAttemptAt())
                    : Optional.empty();
        }
    }
}
