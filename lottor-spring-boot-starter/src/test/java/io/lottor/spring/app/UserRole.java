package io.lottor.spring.app;

/** The payload the user service sends the auth service: grant {@code role} to {@code user}. */
public record UserRole(String user, String role) {
}
