package io.lottor.client;

import io.lottor.client.db.H2Database;
import io.lottor.client.db.TestDatabase;

class H2ConsumedLogTest extends ConsumedLogContractTest {
    @Override
    protected TestDatabase openDatabase(String name) {
        return new H2Database(name + System.nanoTime());
    }
}
