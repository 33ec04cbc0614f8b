package io.lottor.client.db;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** A named in-memory H2 database (MVStore, row locks), lock timeout 30 s. */
public final class H2Database implements TestDatabase {
    private final JdbcDataSource dataSource = new JdbcDataSource();

    public H2Database(String name) {
        dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000");
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
