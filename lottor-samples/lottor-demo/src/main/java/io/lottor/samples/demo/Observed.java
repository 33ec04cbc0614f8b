package io.lottor.samples.demo;

import java.util.List;

/**
 * What one scenario left behind, read from user-service's database, auth-service's database and the
 * server.
 *
 * @param httpStatus  what {@code POST /user} answered
 * @param userStored  whether user-service's {@code app_user} has the scenario's user
 * @param roles       the roles auth-service's {@code user_role} holds for that user
 * @param newRoleRows how many {@code user_role} rows the scenario added in all
 * @param group       the group as the server last showed it; {@code null} when none was prepared
 */
record Observed(int httpStatus, boolean userStored, List<String> roles, int newRoleRows, GroupSnapshot group) {
    static final String NEVER_PREPARED = "never prepared";

    String groupState() {
        return group == null ? NEVER_PREPARED : group.state();
    }

    String messageState() {
        return group == null || group.messages().isEmpty() ? "absent" : group.message().state();
    }

    int attempts() {
        return group == null || group.messages().isEmpty() ? 0 : group.message().attempts();
    }
}
