package io.lottor.samples.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's MariaDB (127.0.0.1:3306, root, no password) for the {@code mariadb} profile's tests: a
 * database of its own per test run, dropped afterwards. Unreachable: the test is skipped, or fails
 * when {@code CI=true}.
 */
public final class TestMariaDb {
    private static final String SERVER_URL = "jdbc:mariadb://127.0.0.1:3306/?connectTimeout=2000";

    private TestMariaDb() {
    }

    /** A fresh database name, unique to this run. */
    public static String newDatabaseName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Skips (or under CI fails) the calling test class when MariaDB does not answer. */
    public static void require() {
        try (Connection connection = DriverManager.getConnection(SERVER_URL, "root", "")) {
            connection.isValid(2);
        } catch (SQLException e) {
            String why = "MariaDB on 127.0.0.1:3306 (root, no password) is unreachable: " + e.getMessage();
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
    }

    public static void drop(String database) {
        try (Connection connection = DriverManager.getConnection(SERVER_URL, "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `" + database + "`");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop " + database, e);
        }
    }
}
