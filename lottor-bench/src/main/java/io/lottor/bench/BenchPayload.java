package io.lottor.bench;

/**
 * The JSON payload of every bench message.
 *
 * @param sentAtNanos {@link System#nanoTime()} just before the group's Prepare (producers and consumers
 *                    share the bench's JVM, so the clock is the same)
 * @param warmup      whether the message belongs to the warm-up, which is not measured
 * @param server      the index of the server its group was committed through (0 with one server)
 * @param index       the message's number within its phase (warm-up or measured), from 0
 */
public record BenchPayload(long sentAtNanos, boolean warmup, int server, long index) {
}
