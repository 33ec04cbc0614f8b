package io.lottor.tests.support;

/** The seed's message from the user service to the auth service: grant {@code role} to {@code userId}. */
public record UserRole(String userId, String role) {
}
