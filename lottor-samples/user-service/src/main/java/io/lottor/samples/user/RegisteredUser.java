package io.lottor.samples.user;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code POST /user} answers when the local transaction committed.
 *
 * @param userId    the new user's id
 * @param username  its name
 * @param groupId   the Lottor group of the transaction ({@code GET /api/v1/groups/{id}} on the server)
 * @param messageId the id of the auth-role message within its Lottor group
 */
public record RegisteredUser(@JsonProperty("user_id") String userId, String username,
                             @JsonProperty("group_id") String groupId, @JsonProperty("message_id") String messageId) {
}
