package io.lottor.samples.auth;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code user_role} table of the auth service's own database: one row per (user, role). */
@Repository
public class UserRoleRepository {
    private final JdbcTemplate jdbc;

    public UserRoleRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Gives {@code role} to {@code userId} in the caller's transaction unless the user has it already;
     * returns whether a row was added. {@code groupId} records which Lottor group granted it.
     */
    public boolean grant(String userId, String role, String groupId) {
        if (rolesOf(userId).contains(role)) {
            return false;
        }
        jdbc.update("INSERT INTO user_role (user_id, role_id, group_id) VALUES (?, ?, ?)", userId, role, groupId);
        return true;
    }

    /** The roles of {@code userId}, in no particular order. */
    public List<String> rolesOf(String userId) {
        return jdbc.queryForList("SELECT role_id FROM user_role WHERE user_id = ?", String.class, userId);
    }
}
