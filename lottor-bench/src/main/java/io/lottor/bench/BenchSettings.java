package io.lottor.bench;

import java.time.Duration;

/**
 * What one bench run does.
 *
 * @param groups           groups committed and measured
 * @param concurrency      producer threads
 * @param messagesPerGroup messages in each group
 * @param consumers        consumer client instances
 * @param warmupGroups     groups run (and consumed) before measuring; not counted
 * @param timeout          bound on waiting for the measured messages to be consumed
 * @param backgroundCommit whether a producer thread sends Commit in the background and goes on, as
 *                         {@code inTransaction} does, instead of waiting for its answer
 * @param groupIds         how groups get their ids
 * @param rate             measured groups started per second over all producer threads, each at its
 *                         scheduled time (an open load: a group's latency counts from that time, so
 *                         time spent behind schedule is counted too); 0: as fast as the threads go
 */
record BenchSettings(int groups, int concurrency, int messagesPerGroup, int consumers, int warmupGroups,
        Duration timeout, boolean backgroundCommit, GroupIds groupIds, int rate) {

    /** The highest {@code --rate}: ten times what one machine's server has done. */
    static final int MAX_RATE = 100_000;

    /** How the bench's groups get their ids (--group-ids). */
    enum GroupIds {
        /** The time-ordered UUIDs {@code LottorClient.begin()} makes. */
        TIME,
        /** {@code UUID.randomUUID()}, as a caller that brings its own ids may pass. */
        RANDOM,
        /** {@code bench-<run>-<phase><n>}: short and in order, the bench's ids before 2026-11-29. */
        COUNTER;

        static GroupIds named(String name) {
            for (GroupIds ids : values()) {
                if (ids.name().equalsIgnoreCase(name)) {
                    return ids;
                }
            }
            throw new IllegalArgumentException("--group-ids must be time, random or counter, not " + name);
        }
    }

    void validate() {
        require(groups > 0, "--groups must be at least 1");
        require(concurrency > 0, "--concurrency must be at least 1");
        require(messagesPerGroup > 0 && messagesPerGroup <= 1000, "--messages-per-group must be 1 to 1000");
        require(consumers > 0, "--consumers must be at least 1");
        require(warmupGroups >= 0, "--warmup-groups must not be negative");
        require(!timeout.isNegative() && !timeout.isZero(), "--timeout must be positive");
        require(rate >= 0 && rate <= MAX_RATE, "--rate must be 0 (as fast as the producers go) to " + MAX_RATE
                + " groups/s, not " + rate);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
