package io.lottor.server.model;

import java.util.Map;

/**
 * A stored message with its delivery state. Times are epoch milliseconds; {@code nextAttemptAt} is 0
 * when no delivery is scheduled.
 */
public record MessageView(
        String messageId,
        String target,
        String method,
        byte[] payload,
        String contentType,
        Map<String, String> headers,
        MessageState state,
        int attempts,
        String lastError,
        long nextAttemptAt,
        String consumedBy,
        long updatedAt) {
}
