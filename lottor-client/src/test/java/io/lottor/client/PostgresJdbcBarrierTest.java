package io.lottor.client;

import io.lottor.client.db.PostgresDatabase;
import io.lottor.client.db.TestDatabase;

/** PostgreSQL: the check's insert waits on the producer's uncommitted index entry. */
class PostgresJdbcBarrierTest extends JdbcBarrierContractTest {
    @Override
    protected TestDatabase openDatabase(String name) {
        return new PostgresDatabase(name);
    }
}
