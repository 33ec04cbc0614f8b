package io.lottor.server.model;

/**
 * A consumer's result for one delivery attempt of message {@code messageId} of group {@code groupId}, as
 * a session frame or a ReportConsumption call brings it. {@code attempt} 0 (on a session only) means the
 * attempt in flight there; {@code sessionId} names the reporting session (empty on a session's own frame);
 * {@code error} is the consumer's text for a failure (may be empty).
 */
public record ConsumerResult(String groupId, String messageId, int attempt, boolean success, String error,
                             String sessionId) {

    public MessageKey key() {
        return new MessageKey(groupId, messageId);
    }
}
