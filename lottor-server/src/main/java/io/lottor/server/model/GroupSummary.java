package io.lottor.server.model;

import java.util.Map;

/**
 * A group as a listing shows it: no payloads, its messages counted by state. Times are epoch
 * milliseconds; {@code nextCheckAt} is 0 when the group is no longer PREPARED.
 *
 * @param messageStates how many of its messages are in each state; only states with messages appear
 */
public record GroupSummary(
        String groupId,
        String source,
        String instanceId,
        GroupState state,
        long createdAt,
        long updatedAt,
        long nextCheckAt,
        int checkBacks,
        int messageCount,
        Map<MessageState, Integer> messageStates) {

    public GroupSummary {
        messageStates = Map.copyOf(messageStates);
    }
}
