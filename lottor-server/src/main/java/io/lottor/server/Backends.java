package io.lottor.server;

import io.lottor.server.group.UnavailableException;
import io.lottor.server.store.jdbc.BatchListener;
import io.lottor.server.store.jdbc.Dialect;
import io.lottor.server.store.jdbc.JdbcStore;
import io.lottor.server.store.jdbc.MysqlDialect;
import io.lottor.server.store.jdbc.PostgresDialect;
import io.lottor.server.store.jdbc.StoreOptions;

/** Maps the settings to the backends: the one place that names a concrete store. */
final class Backends {
    /** Characters the server databases' group id columns hold ({@code VARCHAR(64)}). */
    static final int SERVER_DATABASE_GROUP_ID_LENGTH = 64;

    private Backends() {
    }

    /**
     * Opens the store {@code config.store()} names: the SQLite file in the data directory, or the
     * PostgreSQL or MySQL database at its JDBC URL (migrated at open).
     *
     * @throws ServerStartException with one line naming the setting at fault (never the password) when the
     *                              settings do not fit together or the database cannot be reached,
     *                              logged into or migrated
     */
    static JdbcStore openStore(ServerConfig config, BatchListener batches) {
        StoreSettings settings = config.store();
        String problem = settings.problem();
        if (problem != null) {
            throw new ServerStartException(problem, null);
        }
        return switch (settings.kind()) {
            case SQLITE -> JdbcStore.openSqlite(config.dataDir(), options(config), batches);
            case POSTGRES -> openDatabase(new PostgresDialect(), config, batches);
            case MYSQL -> openDatabase(new MysqlDialect(), config, batches);
        };
    }

    /** The store's tuning: defaults, with the write queue bounded as {@code config.limits()} says. */
    private static StoreOptions options(ServerConfig config) {
        return StoreOptions.defaults().withQueueBounds(config.limits().maxQueuedWrites(), config.limits().maxQueuedBytes());
    }

    private static JdbcStore openDatabase(Dialect dialect, ServerConfig config, BatchListener batches) {
        StoreSettings settings = config.store();
        int groupIdLength = config.limits().maxGroupIdLength();
        if (groupIdLength > SERVER_DATABASE_GROUP_ID_LENGTH) {
            throw new ServerStartException("--max-group-id-length must be at most " + SERVER_DATABASE_GROUP_ID_LENGTH
                    + " with --store " + settings.kind().cliName() + " (the group_id column's size), got " + groupIdLength,
                    null);
        }
        try {
            return JdbcStore.open(dialect, settings.jdbcUrl(), settings.user(), settings.password(),
                    options(config), batches);
        } catch (UnavailableException e) {
            throw new ServerStartException("--jdbc-url: " + e.getMessage(), e);
        }
    }
}
