package io.lottor.server.store;

/** How long to wait before checking a PREPARED group back again. */
@FunctionalInterface
public interface CheckBackDelay {
    /**
     * @param checkBacksBefore check-backs already sent for the group, not counting the one being claimed
     * @param checkAfterMs     the group's check-after
     */
    long delayMs(int checkBacksBefore, long checkAfterMs);
}
