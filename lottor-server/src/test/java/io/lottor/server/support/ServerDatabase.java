package io.lottor.server.support;

import static org.assertj.core.api.Assertions.fail;

import io.lottor.server.store.jdbc.Dialect;
import io.lottor.server.store.jdbc.MysqlDialect;
import io.lottor.server.store.jdbc.PostgresDialect;
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
 * A database of the test's own, with a unique name, on the machine's PostgreSQL (127.0.0.1:5432, user
 * postgres) or MariaDB (127.0.0.1:3306, user root, no password); {@link #close()} drops it. When the
 * database server cannot be reached the test fails with {@code CI=true} and is skipped otherwise, with
 * a message saying which server it needed.
 */
public final class ServerDatabase implements AutoCloseable {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** Which database server. */
    public enum Kind {
        POSTGRES("PostgreSQL at 127.0.0.1:5432", "jdbc:postgresql://127.0.0.1:5432/", "postgres", "postgres"),
        MARIADB("MariaDB at 127.0.0.1:3306", "jdbc:mariadb://127.0.0.1:3306/", "", "root");

        private final String description;
        private final String base;
        private final String adminDatabase;
        private final String user;

        Kind(String description, String base, String adminDatabase, String user) {
            this.description = description;
            this.base = base;
            this.adminDatabase = adminDatabase;
            this.user = user;
        }

        /** The value of {@code --store} for this database. */
        public String store() {
            return this == POSTGRES ? "postgres" : "mysql";
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
        String name = ("lottor_" + prefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet()
                + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36)).toLowerCase(Locale.ROOT);
        ServerDatabase database = new ServerDatabase(kind, name);
        try {
            database.admin("CREATE DATABASE " + name);
        } catch (SQLException e) {
            unreachable(kind, e);
        }
        return database;
    }

    public Kind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public String url() {
        return kind.base + name;
    }

    public String user() {
        return kind.user;
    }

    public String password() {
        return "";
    }

    public Dialect dialect() {
        return kind == Kind.POSTGRES ? new PostgresDialect() : new MysqlDialect();
    }

    /** A new connection to this database (autocommit on); the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), kind.user, password());
    }

    /** Runs {@code sql} on this database. */
    public void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row of {@code sql} on this database, as a long. */
    public long count(String sql, Object... args) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Ends every session connected to this database (and to no other), as a database restart or a
     * failover would: PostgreSQL's {@code pg_terminate_backend}, MariaDB's {@code KILL}. Answers how many.
     */
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
                terminate(admin, session);
            }
        }
        return sessions.size();
    }

    /**
     * PostgreSQL only: while {@code refused}, this database takes no new connections (its existing ones
     * are untouched: {@link #terminateConnections()} ends them), as if it were down.
     */
    public void refuseConnections(boolean refused) throws SQLException {
        if (kind != Kind.POSTGRES) {
            throw new UnsupportedOperationException("only PostgreSQL can refuse connections to one database");
        }
        admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + !refused);
    }

    /** Drops the database, ending its sessions first. */
    @Override
    public void close() throws SQLException {
        if (kind == Kind.POSTGRES) {
            admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } else {
            terminateConnections();
            admin("DROP DATABASE IF EXISTS " + name);
        }
    }

    private void terminate(Connection admin, long session) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute(kind == Kind.POSTGRES ? "SELECT pg_terminate_backend(" + session + ")" : "KILL " + session);
        } catch (SQLException e) {
            if (kind == Kind.POSTGRES) {
                throw e;
            }
            // MariaDB: the session ended by itself meanwhile (unknown thread id)
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(kind.base + kind.adminDatabase, kind.user, password());
    }

    private static void unreachable(Kind kind, SQLException cause) {
        String message = kind.description + " not reachable (start it, see the README's Tests section): "
                + cause.getMessage();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message, cause);
        }
        Assumptions.abort(message);
    }
}
