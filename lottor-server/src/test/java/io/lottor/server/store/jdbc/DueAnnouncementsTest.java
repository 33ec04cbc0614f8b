package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.store.DueRoute;
import io.lottor.server.support.ServerDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two stores on one database of the machine's PostgreSQL, as two servers of a cluster. */
class DueAnnouncementsTest {
    private ServerDatabase database;
    private JdbcStore a;
    private JdbcStore b;

    @BeforeEach
    void openTwoStores() {
        database = ServerDatabase.create(ServerDatabase.Kind.POSTGRES, "announce");
        a = open();
        b = open();
    }

    @AfterEach
    void close() throws SQLException {
        a.close();
        b.close();
        database.close();
    }

    @Test
    void aRouteOneServerAnnouncesIsHeardByTheOthersOnceTheWriteCommitsAndNotByItself() throws Exception {
        BlockingQueue<DueRoute> heardByA = new LinkedBlockingQueue<>();
        BlockingQueue<DueRoute> heardByB = new LinkedBlockingQueue<>();
        try (AutoCloseable listenA = a.listenForDue("server-a", heardByA::add);
             AutoCloseable listenB = b.listenForDue("server-b", heardByB::add)) {
            DueRoute ledger = new DueRoute("ledger", "record");
            DueRoute odd = new DueRoute("svc:with:colons", "12:method");
            awaitListening(heardByB);

            a.announceDue(List.of(ledger, odd), "server-a").get(10, TimeUnit.SECONDS);

            assertThat(heardByB.poll(10, TimeUnit.SECONDS)).isEqualTo(ledger);
            assertThat(heardByB.poll(10, TimeUnit.SECONDS)).isEqualTo(odd);
            assertThat(heardByA.poll(300, TimeUnit.MILLISECONDS)).as("its own word").isNull();
        }
    }

    @Test
    void aWordNamesItsServerAndRouteWhateverTheirCharacters() {
        DueRoute route = new DueRoute("a:b", "9:x");
        String word = DueAnnouncements.word("srv:1", route);

        assertThat(DueAnnouncements.heard(word, "other")).isEqualTo(route);
        assertThat(DueAnnouncements.heard(word, "srv:1")).isNull();
        assertThat(DueAnnouncements.heard("not a word", "other")).isNull();
    }

    /** The listener's LISTEN runs on its own thread: announce until B hears a probe, then forget the probes. */
    private void awaitListening(BlockingQueue<DueRoute> heard) throws Exception {
        DueRoute probe = new DueRoute("probe", "probe");
        for (int i = 0; i < 100; i++) {
            a.announceDue(List.of(probe), "server-a").get(10, TimeUnit.SECONDS);
            if (heard.poll(100, TimeUnit.MILLISECONDS) != null) {
                break;
            }
        }
        TimeUnit.MILLISECONDS.sleep(200); // the last probes may still be on their way
        heard.clear();
    }

    private JdbcStore open() {
        return JdbcStore.open(database.dialect(), database.url(), database.user(), database.password(),
                StoreOptions.defaults());
    }
}
