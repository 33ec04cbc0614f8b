package io.lottor.tests.support;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of the test's own for a server's store, with a unique name, on the machine's PostgreSQL
 * (127.0.0.1:5432, user postgres) or MariaDB (127.0.0.1:3306, user root, no password); {@link #close()}
 * drops it. On MariaDB the servers log in as a user of the database's own (same name and password), so
 * that {@link #refuseConnections} can lock it out as if the database were down. Unreachable: the test
 * fails with {@code CI=true} and is skipped otherwise.
 */
public final class ServerDatabase implements AutoCloseable {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** Which database server, and the {@code --store} it is for. */
    public enum Kind {
        POSTGRES("PostgreSQL at 127.0.0.1:5432", "postgres", "jdbc:postgresql://127.0.0.1:5432/", "postgres", "postgres"),
        MARIADB("MariaDB at 127.0.0.1:3306", "mysql", "jdbc:mariadb://127.0.0.1:3306/", "", "root");

        private final String description;
        private final String store;
        private final String base;
        private final String adminDatabase;
        private final String user;

        Kind(String description, String store, String base, String adminDatabase, String user) {
            this.description = description;
            this.store = store;
            this.base = base;
            this.adminDatabase = adminDatabase;
            this.user = user;
        }
    }

    private final Kind kind;
    private final String name;

    private ServerDatabase(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    /** Creates a new empty database named after {@code prefix}. */
    public static ServerDatabase create(Kind kind, String prefix) {
        String name = ("lottor_" + prefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet())
                .toLowerCase(Locale.ROOT);
        ServerDatabase database = new ServerDatabase(kind, name);
        try {
            database.admin("CREATE DATABASE " + name);
            if (kind == Kind.MARIADB) {
                database.admin("CREATE USER '" + name + "'@'%' IDENTIFIED BY '" + name + "'");
                database.admin("GRANT ALL PRIVILEGES ON " + name + ".* TO '" + name + "'@'%'");
            }
        } catch (SQLException e) {
            String message = kind.description + " not reachable (start it, see the README's Tests section): "
                    + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message, e);
            }
            Assumptions.abort(message);
        }
        return database;
    }

    public String url() {
        return kind.base + name;
    }

    /** The server flags that put its store in this database. */
    public List<String> serverFlags() {
        return kind == Kind.MARIADB
                ? List.of("--store", kind.store, "--jdbc-url", url(), "--jdbc-user", name, "--jdbc-password", name)
                : List.of("--store", kind.store, "--jdbc-url", url(), "--jdbc-user", kind.user);
    }

    /** The first column of the first row of {@code sql} on this database, with {@code args} bound in order, as a long. */
    public long count(String sql, Object... args) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(), kind.user, "");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The first column of every row of {@code sql} on this database, with {@code args} bound in order. */
    public List<String> strings(String sql, Object... args) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(), kind.user, "");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    /** Ends every session connected to this database (PostgreSQL's pg_terminate_backend, MariaDB's KILL). */
    public int terminateConnections() throws SQLException {
        List<Long> sessions = new ArrayList<>();
        String find = kind == Kind.POSTGRES
                ? "SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
                : "SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()";
        try (Connection admin = adminConnection()) {
            try (PreparedStatement select = admin.prepareStatement(find)) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        sessions.add(rows.getLong(1));
                    }
                }
            }
            for (long session : sessions) {
                try (Statement statement = admin.createStatement()) {
                    statement.execute(kind == Kind.POSTGRES ? "SELECT pg_terminate_backend(" + session + ")"
                            : "KILL " + session);
                } catch (SQLException e) {
                    // the session ended by itself meanwhile
                }
            }
        }
        return sessions.size();
    }

    /**
     * While {@code refused}, the servers cannot open connections to this database, as if it were down
     * (PostgreSQL: the database refuses connections; MariaDB: the servers' user is locked). Connections
     * already open are untouched: {@link #terminateConnections()} ends them.
     */
    public void refuseConnections(boolean refused) throws SQLException {
        if (kind == Kind.POSTGRES) {
            admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + !refused);
        } else {
            admin("ALTER USER '" + name + "'@'%' ACCOUNT " + (refused ? "LOCK" : "UNLOCK"));
        }
    }

    @Override
    public void close() throws SQLException {
        if (kind == Kind.POSTGRES) {
            admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } else {
            terminateConnections();
            admin("DROP DATABASE IF EXISTS " + name);
            admin("DROP USER IF EXISTS '" + name + "'@'%'");
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(kind.base + kind.adminDatabase, kind.user, "");
    }
}
