package io.lottor.server.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The recovery's side of the store: due check-backs claimed with a lease, and retention purges. See
 * {@link Store} for what every write promises.
 */
public interface RecoveryStore {
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
}
