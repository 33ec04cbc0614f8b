package io.lottor.client;

import io.lottor.client.db.SqliteDatabase;
import io.lottor.client.db.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteConsumedLogTest extends ConsumedLogContractTest {
    @TempDir
    Path directory;

    @Override
    protected TestDatabase openDatabase(String name) {
        return new SqliteDatabase(directory, name);
    }
}
