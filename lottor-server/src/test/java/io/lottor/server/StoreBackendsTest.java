package io.lottor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.protocol.v1.GroupState;
import io.lottor.server.model.Limits;
import io.lottor.server.support.ServerDatabase;
import io.lottor.server.support.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servers on a server database: several share one, and limits the tables cannot hold are refused at start. */
class StoreBackendsTest {
    @TempDir
    Path dataDir;

    @Test
    void twoServersShareOnePostgresDatabaseAndOneDataDirectory() throws Exception {
        try (ServerDatabase database = ServerDatabase.create(ServerDatabase.Kind.POSTGRES, "shared")) {
            ServerConfig config = TestServer.config(dataDir).withStore(new StoreSettings(StoreSettings.Kind.POSTGRES,
                    database.url(), database.user(), null));
            try (TestServer first = new TestServer(config); TestServer second = new TestServer(config)) {
                first.prepare("twoServersShareOneDatabase", "orders", "ledger", "record", 60_000);
                second.commit("twoServersShareOneDatabase");

                assertThat(first.group("twoServersShareOneDatabase").getState()).isEqualTo(GroupState.COMMITTED);
                assertThat(second.server().isReady()).isTrue();
                assertThat(first.adminToken()).isEqualTo(second.adminToken());
                assertThat(dataDir.resolve("lottor.lock")).doesNotExist();
            }
        }
    }

    @Test
    void groupIdLimitLongerThanTheServerDatabaseColumnIsRefusedAtStart() {
        Limits defaults = Limits.DEFAULTS;
        ServerConfig config = TestServer.config(dataDir)
                .withStore(new StoreSettings(StoreSettings.Kind.MYSQL, "jdbc:mariadb://127.0.0.1:1/lottor", null, null))
                .withLimits(new Limits(100, defaults.maxIdLength(), defaults.maxNameLength(),
                        defaults.maxMessagesPerGroup(), defaults.maxPayloadBytes(), defaults.maxRequestBytes(),
                        defaults.maxEntries()));

        assertThatThrownBy(() -> LottorServer.start(config)).isInstanceOf(ServerStartException.class)
                .hasMessage("--max-group-id-length must be at most 64 with --store mysql (the group_id column's size),"
                        + " got 100");
    }

    @Test
    void jdbcUrlOfAnotherDatabaseIsRefusedAtStart() {
        ServerConfig config = TestServer.config(dataDir).withStore(new StoreSettings(StoreSettings.Kind.POSTGRES,
                "jdbc:mariadb://127.0.0.1:3306/lottor", null, null));

        assertThatThrownBy(() -> LottorServer.start(config)).isInstanceOf(ServerStartException.class)
                .hasMessageStartingWith("--jdbc-url jdbc:mariadb://127.0.0.1:3306/lottor does not match --store postgres");
    }
}
