package io.lottor.tests;

import io.lottor.tests.support.ServerDatabase;

/** Three server processes sharing one database on the machine's MariaDB ({@code --store mysql}). */
class MariaDbClusterTest extends ClusterScenariosTest {
    @Override
    protected ServerDatabase.Kind kind() {
        return ServerDatabase.Kind.MARIADB;
    }
}
