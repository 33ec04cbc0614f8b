package io.lottor.server.model;

/**
 * A message as a listing shows it: without payload and headers, with its group's source. Times are
 * epoch milliseconds; {@code nextAttemptAt} is 0 when no delivery is scheduled.
 */
public record MessageSummary(
        String groupId,
        String source,
        String messageId,
        String target,
        String method,
        MessageState state,
        int attempts,
        String lastError,
        long nextAttemptAt,
        String consumedBy,
        long createdAt,
        long updatedAt) {

    public MessageKey key() {
        return new MessageKey(groupId, messageId);
    }
}
