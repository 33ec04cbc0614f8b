package io.lottor.client.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

/** A database of its own on the local MariaDB (127.0.0.1:3306, root, no password), dropped on close. */
public final class MariaDbDatabase implements TestDatabase {
    private static final String ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/?user=root";
    private final String name;
    private final MariaDbDataSource dataSource = new MariaDbDataSource();

    public MariaDbDatabase(String testName) {
        this.name = ("lottor_" + testName + "_" + System.nanoTime()).toLowerCase(Locale.ROOT);
        try (Connection admin = DriverManager.getConnection(ADMIN_URL);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            dataSource.setUrl("jdbc:mariadb://127.0.0.1:3306/" + name + "?user=root");
        } catch (SQLException e) {
            Reachability.unreachable("MariaDB at 127.0.0.1:3306", e);
        }
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
        }
    }
}
