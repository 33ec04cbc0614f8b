package io.lottor.client;

import io.lottor.client.db.MariaDbDatabase;
import io.lottor.client.db.TestDatabase;

class MariaDbConsumedLogTest extends ConsumedLogContractTest {
    @Override
    protected TestDatabase openDatabase(String name) {
        return new MariaDbDatabase(name);
    }
}
