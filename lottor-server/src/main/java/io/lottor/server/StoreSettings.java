package io.lottor.server;

import io.lottor.server.store.jdbc.JdbcUrls;
import java.util.List;
import java.util.Locale;

/**
 * Which store the server keeps its state in: the embedded SQLite file in the data directory (the
 * default; one server per directory), or a PostgreSQL or MySQL/MariaDB database that several servers
 * may share.
 *
 * @param kind     which store
 * @param jdbcUrl  the database's JDBC URL (postgres and mysql only), e.g. {@code jdbc:postgresql://db:5432/lottor}
 * @param user     the database user, or null
 * @param password its password, or null; {@link #toString()} and every message leave it out
 */
public record StoreSettings(Kind kind, String jdbcUrl, String user, String password) {

    /** The stores, by the name {@code --store} takes. */
    public enum Kind {
        SQLITE("sqlite", List.of()),
        POSTGRES("postgres", List.of("jdbc:postgresql:")),
        MYSQL("mysql", List.of("jdbc:mysql:", "jdbc:mariadb:"));

        private final String cliName;
        private final List<String> urlPrefixes;

        Kind(String cliName, List<String> urlPrefixes) {
            this.cliName = cliName;
            this.urlPrefixes = urlPrefixes;
        }

        /** The kind called {@code name} ({@code sqlite}, {@code postgres}, {@code mysql}; any case). */
        public static Kind named(String name) {
            for (Kind kind : values()) {
                if (kind.cliName.equals(name == null ? null : name.trim().toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("--store must be sqlite, postgres or mysql, got '" + name + "'");
        }

        /** The name {@code --store} takes. */
        public String cliName() {
            return cliName;
        }
    }

    public StoreSettings {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
    }

    /** The embedded SQLite store, the default. */
    public static StoreSettings sqlite() {
        return new StoreSettings(Kind.SQLITE, null, null, null);
    }

    /**
     * What does not fit together, as one line naming the flags, or {@code null}: a JDBC setting with
     * the SQLite store, postgres or mysql without {@code --jdbc-url}, a URL of another database.
     */
    public String problem() {
        if (kind == Kind.SQLITE) {
            String given = jdbcUrl != null ? "--jdbc-url" : user != null ? "--jdbc-user" : password != null ? "--jdbc-password" : null;
            return given == null ? null : given + " is for --store postgres or mysql; the sqlite store lives in --data-dir";
        }
        String example = kind == Kind.POSTGRES ? "jdbc:postgresql://127.0.0.1:5432/lottor" : "jdbc:mariadb://127.0.0.1:3306/lottor";
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            return "--store " + kind.cliName + " needs --jdbc-url, e.g. " + example;
        }
        if (kind.urlPrefixes.stream().noneMatch(jdbcUrl::startsWith)) {
            return "--jdbc-url " + redactedUrl() + " does not match --store " + kind.cliName + ": it must start with "
                    + String.join(" or ", kind.urlPrefixes) + ", e.g. " + example;
        }
        return null;
    }

    /** The JDBC URL with any password in it hidden, for messages and logs. */
    public String redactedUrl() {
        return JdbcUrls.redact(jdbcUrl);
    }

    @Override
    public String toString() {
        return "StoreSettings[kind=" + kind.cliName + ", jdbcUrl=" + redactedUrl() + ", user=" + user + ", password="
                + (password == null ? null : "***") + "]";
    }
}
