package io.lottor.server.store;

/**
 * READY messages of one target service and method that have been waiting for a delivery since before a
 * cutoff (see {@link Store#readyBacklog(long)}).
 *
 * @param messages how many
 * @param oldestAt the earliest {@code updated_at} among them: since when the oldest has waited READY
 */
public record ReadyBacklog(String target, String method, long messages, long oldestAt) {
}
