package io.lottor.tests.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A service's own SQLite database file (the producer's or the consumer's), opened the same way by a test
 * and by the helper processes it spawns: WAL, foreign keys on, and a long busy timeout so that a
 * check-back waits for an open local transaction instead of failing.
 */
public final class TestDatabase {
    /** The user service's tables: a user must name an existing role, checked when the transaction commits. */
    public static final String[] USER_SCHEMA = {
        "CREATE TABLE IF NOT EXISTS role (id TEXT PRIMARY KEY)",
        "INSERT OR IGNORE INTO role (id) VALUES ('admin')",
        "CREATE TABLE IF NOT EXISTS user_account (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
                + " role_id TEXT NOT NULL REFERENCES role (id) DEFERRABLE INITIALLY DEFERRED)",
    };
    /** The auth service's table. */
    public static final String[] AUTH_SCHEMA = {
        "CREATE TABLE IF NOT EXISTS user_role (user_id TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (user_id, role))",
    };

    private final Path file;
    private final SQLiteDataSource dataSource;

    private TestDatabase(Path file) {
        this.file = file;
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(60_000);
        this.dataSource = new SQLiteDataSource(config);
        this.dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Opens (creating if missing) the database in {@code file} and runs {@code ddl}. */
    public static TestDatabase open(Path file, String... ddl) {
        TestDatabase database = new TestDatabase(file);
        for (String sql : ddl) {
            database.execute(sql);
        }
        return database;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Path file() {
        return file;
    }

    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
    }

    /** The first column of the first row of {@code sql} (a COUNT), with {@code args} bound in order. */
    public long count(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("failed: " + sql, e);
        }
    }

    /** Inserts a user on {@code connection} (inside the caller's transaction). */
    public static void insertUser(Connection connection, String id, String roleId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO user_account (id, name, role_id) VALUES (?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, "name of " + id);
            insert.setString(3, roleId);
            insert.executeUpdate();
        }
    }

    /** Inserts a user_role row on {@code connection} (inside the caller's transaction). */
    public static void insertUserRole(Connection connection, UserRole role) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO user_role (user_id, role) VALUES (?, ?)")) {
            insert.setString(1, role.userId());
            insert.setString(2, role.role());
            insert.executeUpdate();
        }
    }
}
