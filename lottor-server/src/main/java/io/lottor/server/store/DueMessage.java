package io.lottor.server.store;

import io.lottor.server.model.MessageKey;
import java.util.Map;

/**
 * A committed message due for delivery.
 *
 * @param attempts    deliveries made so far; the next one is {@code attempts + 1}. Attempt numbers never
 *                    repeat, not even after an operator's retry
 * @param attemptBase the value of {@code attempts} when an operator last retried the message (0 if
 *                    never): the attempts counted against {@code max_attempts} are those after it
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
        int attempts,
        int attemptBase) {

    public MessageKey key() {
        return new MessageKey(groupId, messageId);
    }

    /** The same message after delivery number {@code attempt} (its attempts counted, its budget kept). */
    public DueMessage afterAttempt(int attempt) {
        return new DueMessage(groupId, source, messageId, target, method, payload, contentType, headers, attempt,
                attemptBase);
    }
}
