package io.lottor.client;

import io.lottor.client.db.MariaDbDatabase;
import io.lottor.client.db.TestDatabase;

/** MariaDB (InnoDB): the check's insert waits on the producer's record lock, up to innodb_lock_wait_timeout. */
class MariaDbJdbcBarrierTest extends JdbcBarrierContractTest {
    @Override
    protected TestDatabase openDatabase(String name) {
        return new MariaDbDatabase(name);
    }
}
