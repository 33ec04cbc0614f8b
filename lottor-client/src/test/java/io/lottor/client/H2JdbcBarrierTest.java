package io.lottor.client;

import io.lottor.client.db.H2Database;
import io.lottor.client.db.TestDatabase;

/** H2 (MVStore): an insert of a key another open transaction inserted waits for it, up to LOCK_TIMEOUT. */
class H2JdbcBarrierTest extends JdbcBarrierContractTest {
    @Override
    protected TestDatabase openDatabase(String name) {
        return new H2Database(name + System.nanoTime());
    }
}
