package io.lottor.client.db;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A SQLite file in a temporary directory. busy_timeout is 30 s so that a writer waits for another
 * connection's open write transaction (SQLite locks the database, not the row).
 */
public final class SqliteDatabase implements TestDatabase {
    private final SQLiteDataSource dataSource;

    public SqliteDatabase(Path directory, String name) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(30_000);
        dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + directory.resolve(name + ".db"));
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
    }
}
