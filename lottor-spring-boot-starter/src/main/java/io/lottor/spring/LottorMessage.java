package io.lottor.spring;

import java.util.Map;

/**
 * Where a delivered message comes from, for a {@link LottorListener} method that declares it as its
 * second parameter.
 *
 * @param groupId   the message's transaction group
 * @param messageId the message's id, unique within its group
 * @param source    the producing service
 * @param target    the consuming service (this application's {@code lottor.service})
 * @param method    the method consumed
 * @param attempt   which delivery this is: 1 for the first, more after a failure or a lost session
 * @param headers   the producer's headers, never {@code null}
 */
public record LottorMessage(String groupId, String messageId, String source, String target, String method,
                            int attempt, Map<String, String> headers) {
    public LottorMessage {
        headers = Map.copyOf(headers);
    }
}
