package io.lottor.server.model;

import java.util.List;
import java.util.Map;

/**
 * A stored group with its messages in prepare order. Times are epoch milliseconds; {@code nextCheckAt}
 * is 0 when the group is no longer PREPARED; {@code checkBackUrl} is null when check-backs go to sessions.
 */
public record GroupView(
        String groupId,
        String source,
        String instanceId,
        GroupState state,
        long createdAt,
        long updatedAt,
        long nextCheckAt,
        int checkBacks,
        Map<String, String> attributes,
        List<MessageView> messages,
        String checkBackUrl) {
}
