package io.lottor.client;

import java.util.Map;

/**
 * Where a delivered message comes from.
 *
 * @param groupId the message's transaction group
 * @param messageId the message's id, unique within its group
 * @param source the producing service
 * @param method the method the message is for
 * @param attempt which delivery this is: 1 for the first, more after a failure or a lost session
 * @param headers the producer's headers, never {@code null}
 */
public record MessageContext(String groupId, String messageId, String source, String method, int attempt,
                             Map<String, String> headers) {
    public MessageContext {
        headers = Map.copyOf(headers);
    }
}
