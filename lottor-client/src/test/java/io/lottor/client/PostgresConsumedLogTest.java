package io.lottor.client;

import io.lottor.client.db.PostgresDatabase;
import io.lottor.client.db.TestDatabase;

/** PostgreSQL aborts the transaction on the duplicate insert: markConsumed's false means "roll back". */
class PostgresConsumedLogTest extends ConsumedLogContractTest {
    @Override
    protected TestDatabase openDatabase(String name) {
        return new PostgresDatabase(name);
    }
}
