package io.lottor.samples.user;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code app_user} table of the user service's own database. */
@Repository
public class UserRepository {
    private final JdbcTemplate jdbc;

    public UserRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a user in the caller's transaction; a {@code null} username violates the NOT NULL constraint. */
    public void insert(String id, String username) {
        jdbc.update("INSERT INTO app_user (id, username) VALUES (?, ?)", id, username);
    }

    public boolean exists(String id) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM app_user WHERE id = ?", Integer.class, id);
        return count != null && count > 0;
    }
}
