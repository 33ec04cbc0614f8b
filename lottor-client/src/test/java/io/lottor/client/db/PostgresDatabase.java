package io.lottor.client.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A database of its own on the local PostgreSQL (127.0.0.1:5432, user postgres), dropped on close. */
public final class PostgresDatabase implements TestDatabase {
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private final String name;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    public PostgresDatabase(String testName) {
        this.name = ("lottor_" + testName + "_" + System.nanoTime()).toLowerCase(Locale.ROOT);
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            Reachability.unreachable("PostgreSQL at 127.0.0.1:5432", e);
        }
        dataSource.setURL("jdbc:postgresql://127.0.0.1:5432/" + name);
        dataSource.setUser("postgres");
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
