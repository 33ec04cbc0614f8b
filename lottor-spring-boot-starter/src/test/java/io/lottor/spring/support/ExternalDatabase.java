package io.lottor.spring.support;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own on the machine's PostgreSQL (127.0.0.1:5432, postgres, trust) or MariaDB
 * (127.0.0.1:3306, root, no password), dropped by {@link #close()}. Unreachable: the test fails when
 * {@code CI=true}, and is skipped otherwise.
 */
public final class ExternalDatabase implements AutoCloseable {
    private final String adminUrl;
    private final String url;
    private final String user;
    private final String dropSql;

    private ExternalDatabase(String adminUrl, String url, String user, String dropSql) {
        this.adminUrl = adminUrl;
        this.url = url;
        this.user = user;
        this.dropSql = dropSql;
    }

    public static ExternalDatabase postgres(String prefix) {
        String name = name(prefix);
        return create(new ExternalDatabase("jdbc:postgresql://127.0.0.1:5432/postgres",
                "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"),
                "CREATE DATABASE " + name, "PostgreSQL at 127.0.0.1:5432");
    }

    public static ExternalDatabase mariadb(String prefix) {
        String name = name(prefix);
        return create(new ExternalDatabase("jdbc:mariadb://127.0.0.1:3306/", "jdbc:mariadb://127.0.0.1:3306/" + name,
                "root", "DROP DATABASE IF EXISTS " + name), "CREATE DATABASE " + name, "MariaDB at 127.0.0.1:3306");
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    @Override
    public void close() throws SQLException {
        execute(dropSql);
    }

    private static ExternalDatabase create(ExternalDatabase database, String createSql, String service) {
        try {
            database.execute(createSql);
        } catch (SQLException e) {
            String message = service + " not reachable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message, e);
            }
            Assumptions.abort(message);
        }
        return database;
    }

    private void execute(String sql) throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl, user, "");
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String name(String prefix) {
        return ("lottor_" + prefix + "_" + System.nanoTime()).toLowerCase(Locale.ROOT);
    }
}
