package io.lottor.bench;

/**
 * The JSON payload of every bench message.
 *
 * @param sentAtNanos {@link System#nanoTime()} just before the group's Prepare (producers and consumers
 *                    share the bench's JVM, so the clock is the same)
 * @param warmup      whether the message belongs to the warm-up, which is not measured
 */
public record BenchPayload(long sentAtNanos, boolean warmup) {
}
