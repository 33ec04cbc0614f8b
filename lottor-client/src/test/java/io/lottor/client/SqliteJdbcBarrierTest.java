package io.lottor.client;

import io.lottor.client.db.SqliteDatabase;
import io.lottor.client.db.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** SQLite: the check waits on the database write lock (busy_timeout) instead of a row lock. */
class SqliteJdbcBarrierTest extends JdbcBarrierContractTest {
    @TempDir
    Path directory;

    @Override
    protected TestDatabase openDatabase(String name) {
        return new SqliteDatabase(directory, name);
    }
}
