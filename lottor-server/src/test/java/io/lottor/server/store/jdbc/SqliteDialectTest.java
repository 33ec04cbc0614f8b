package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** What the SQLite dialect asks of the driver. */
class SqliteDialectTest {
    @TempDir
    Path dir;

    @Test
    void connectionsDoNotLookUpGeneratedKeysAfterAnInsert() throws Exception {
        SqliteDialect dialect = new SqliteDialect(Duration.ofSeconds(1));

        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("plain.db"));
             Connection store = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"),
                     dialect.connectionProperties())) {
            assertThat(plain.unwrap(SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys())
                    .as("the driver's default, which the property turns off").isTrue();
            assertThat(store.unwrap(SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys()).isFalse();
        }
    }
}
