package io.lottor.tests;

import io.lottor.tests.support.ServerDatabase;

/** The seed's scenarios against a server process with {@code --store mysql} on the machine's MariaDB. */
class MariaDbScenariosTest extends ServerDatabaseScenariosTest {
    @Override
    protected ServerDatabase.Kind kind() {
        return ServerDatabase.Kind.MARIADB;
    }
}
