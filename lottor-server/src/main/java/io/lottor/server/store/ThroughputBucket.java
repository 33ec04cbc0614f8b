package io.lottor.server.store;

/**
 * What happened in one time bucket starting at {@code at} (epoch ms).
 *
 * @param prepared groups created in the bucket
 * @param consumed messages now CONSUMED whose last change fell in the bucket
 * @param failed   messages now FAILED or DEAD whose last change fell in the bucket (a delivery that failed
 *                 and later succeeded counts as consumed, not failed)
 */
public record ThroughputBucket(long at, long prepared, long consumed, long failed) {
}
