package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lottor.server.model.UnavailableException;
import io.lottor.server.support.ServerDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The group-commit writer on a server database, where other sessions contend for rows and the database
 * may end the writer's connection: a deadlocked batch runs again as a whole, contention that does not
 * pass fails the batch's writes with UNAVAILABLE after a bounded number of runs, and a connection the
 * database ended is replaced. A backend's test class only names its {@link ServerDatabase.Kind} and how
 * it injects contention.
 */
abstract class ServerDatabaseWriterTest {
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    protected ServerDatabase database;
    private GroupCommitWriter writer;

    protected abstract ServerDatabase.Kind kind();

    /** A statement the database answers with a contention error (a serialization failure or a deadlock). */
    protected abstract String contentionStatement();

    /** Makes the writer, not {@code other}, the victim of the deadlock the test sets up. */
    protected abstract void chooseTheWriterAsDeadlockVictim(Connection other) throws SQLException;

    /** Whether a session of the test's database waits for a row lock. */
    protected abstract boolean aSessionWaitsForALock() throws SQLException;

    @BeforeEach
    void openWriter() throws SQLException {
        database = ServerDatabase.create(kind(), "writer");
        database.execute("CREATE TABLE item (id INT NOT NULL PRIMARY KEY, v INT NOT NULL)");
        database.execute("CREATE TABLE weight (id INT NOT NULL PRIMARY KEY)");
        database.execute("INSERT INTO item (id, v) VALUES (1, 0), (2, 0)");
        prepareDatabase();
        writer = new GroupCommitWriter(connections(), database.dialect(), 1000);
    }

    /** Database-specific set-up before the writer connects. */
    protected void prepareDatabase() throws SQLException {
    }

    @AfterEach
    void closeWriter() throws SQLException {
        if (writer != null) {
            writer.close();
        }
        database.close();
    }

    @Test
    void batchThatDeadlocksRunsAgainAsAWholeAndCommitsOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Connection other = database.connect()) {
            other.setAutoCommit(false);
            chooseTheWriterAsDeadlockVictim(other);
            update(other, 2, 20);
            CountDownLatch release = blockWriter();
            CompletableFuture<Integer> before = writer.submit(tx -> insert(tx, 10));
            CompletableFuture<Integer> crossing = writer.submit(tx -> {
                runs.incrementAndGet();
                return update(tx.connection(), 1, 1) + update(tx.connection(), 2, 2);
            });
            CompletableFuture<Integer> after = writer.submit(tx -> insert(tx, 11));
            release.countDown();
            await("the writer waits for row 2").atMost(EVENTUALLY).until(this::aSessionWaitsForALock);

            update(other, 1, 10);
            other.commit();

            assertThat(crossing.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(before.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(after.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
        // the database may pick the writer again if it takes the row before the other session does
        assertThat(runs.get()).isBetween(2, GroupCommitWriter.BATCH_ATTEMPTS);
        assertThat(items()).containsExactly("1=1", "2=2", "10=10", "11=11");
    }

    @Test
    void contentionThatDoesNotPassFailsEveryWriteOfTheBatchAfterBoundedRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = blockWriter();
        CompletableFuture<Integer> fine = writer.submit(tx -> insert(tx, 10));
        CompletableFuture<Integer> contending = writer.submit(tx -> {
            runs.incrementAndGet();
            return tx.prepare(contentionStatement()).execute() ? 1 : 0;
        });
        release.countDown();

        assertThat(cause(fine)).isInstanceOf(UnavailableException.class);
        assertThat(cause(contending)).isInstanceOf(UnavailableException.class);
        assertThat(runs).hasValue(GroupCommitWriter.BATCH_ATTEMPTS);
        assertThat(items()).containsExactly("1=0", "2=0");
        assertThat(writer.submit(tx -> insert(tx, 12)).get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(items()).containsExactly("1=0", "2=0", "12=12");
    }

    @Test
    void connectionEndedByTheDatabaseIsReplacedWithoutFailingTheNextWrite() throws Exception {
        assertThat(writer.submit(tx -> insert(tx, 10)).get(30, TimeUnit.SECONDS)).isEqualTo(1);

        assertThat(database.terminateConnections()).isGreaterThanOrEqualTo(1);

        assertThat(writer.submit(tx -> insert(tx, 11)).get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(writer.submit(tx -> insert(tx, 12)).get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(items()).containsExactly("1=0", "2=0", "10=10", "11=11", "12=12");
    }

    protected ConnectionFactory connections() {
        Dialect dialect = database.dialect();
        Properties properties = dialect.connectionProperties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        String url = dialect.driverUrl(database.url());
        return () -> DriverManager.getConnection(url, properties);
    }

    protected GroupCommitWriter writer() {
        return writer;
    }

    /** Occupies the writer with a write that waits for the returned latch; answers once it runs. */
    protected CountDownLatch blockWriter() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        writer.submit(tx -> {
            started.countDown();
            awaitQuietly(release);
            return null;
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected static int insert(Transaction tx, int value) throws SQLException {
        var insert = tx.prepare("INSERT INTO item (id, v) VALUES (?, ?)");
        insert.setInt(1, value);
        insert.setInt(2, value);
        return insert.executeUpdate();
    }

    private static int update(Connection connection, int id, int value) throws SQLException {
        try (var update = connection.prepareStatement("UPDATE item SET v = ? WHERE id = ?")) {
            update.setInt(1, value);
            update.setInt(2, id);
            return update.executeUpdate();
        }
    }

    protected List<String> items() throws SQLException {
        List<String> items = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, v FROM item ORDER BY id")) {
            while (rows.next()) {
                items.add(rows.getInt(1) + "=" + rows.getInt(2));
            }
        }
        return items;
    }

    protected static Throwable cause(CompletableFuture<?> future) throws InterruptedException, TimeoutException {
        try {
            future.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected the write to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
