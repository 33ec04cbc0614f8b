package io.lottor.server.store;

/** The PREPARED group created first: the one most likely stuck waiting for its producer. */
public record OldestPrepared(String groupId, String source, long createdAt) {
}
