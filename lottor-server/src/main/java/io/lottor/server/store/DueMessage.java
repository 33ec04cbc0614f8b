package io.lottor.server.store;

import io.lottor.server.group.MessageKey;
import java.util.Map;

/**
 * A committed message due for delivery.
 *
 * @param attempts deliveries made so far; the next one is {@code attempts + 1}
 */
public record DueMessage(
        String groupId,
        String source,
        String messageId,
        String target,
        String method,
        byte[] payload,
        String contentType,
        Map<String, String> headers,
        int attempts) {

    public MessageKey key() {
        return new MessageKey(groupId, messageId);
    }
}
