package io.lottor.samples.user;

/**
 * The {@code auth-role} message's payload: give {@code role} to the user {@code userId}.
 *
 * @param userId the user's id; {@code null} only in the consumer-fail scenario
 * @param role   the role to grant
 */
public record RoleGrant(String userId, String role) {
}
