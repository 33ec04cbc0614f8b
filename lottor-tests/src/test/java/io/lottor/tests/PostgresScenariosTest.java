package io.lottor.tests;

import io.lottor.tests.support.ServerDatabase;

/** The seed's scenarios against a server process with {@code --store postgres} on the machine's PostgreSQL. */
class PostgresScenariosTest extends ServerDatabaseScenariosTest {
    @Override
    protected ServerDatabase.Kind kind() {
        return ServerDatabase.Kind.POSTGRES;
    }
}
