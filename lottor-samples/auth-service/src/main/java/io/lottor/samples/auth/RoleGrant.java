package io.lottor.samples.auth;

/**
 * The {@code auth-role} message's payload as the auth service reads it.
 *
 * @param userId the user to grant the role to; required
 * @param role   the role
 */
public record RoleGrant(String userId, String role) {
}
