package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.AlreadyExistsException;
import io.lottor.server.model.OverloadedException;
import io.lottor.server.model.UnavailableException;
import io.lottor.server.store.AfterCallbacks;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitWriterTest {
    @TempDir
    Path dir;
    private ConnectionFactory connections;
    private GroupCommitWriter writer;

    @BeforeEach
    void openWriter() throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("writer.db");
        connections = () -> DriverManager.getConnection(url);
        try (Connection connection = connections.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE item (v INTEGER NOT NULL)");
            statement.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
            statement.execute("CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
        }
        writer = new GroupCommitWriter(connections, new SqliteDialect(Duration.ofSeconds(5)), 1000);
    }

    @AfterEach
    void closeWriter() {
        writer.close();
    }

    @Test
    void rejectedWriteFailsAloneAndOnlyItsChangesAreRolledBack() throws Exception {
        CountDownLatch release = blockWriter();
        CompletableFuture<Integer> first = writer.submit(tx -> insert(tx, 1));
        CompletableFuture<Integer> rejected = writer.submit(tx -> {
            insert(tx, 2);
            throw new AlreadyExistsException("group_id", "taken");
        });
        CompletableFuture<Integer> broken = writer.submit(tx -> insert(tx, -1) + tx.prepare("INSERT INTO nowhere VALUES (1)").executeUpdate());
        CompletableFuture<Integer> last = writer.submit(tx -> insert(tx, 3));
        release.countDown();

        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(cause(rejected)).isInstanceOf(AlreadyExistsException.class).hasMessage("taken");
        assertThat(cause(broken)).isInstanceOf(UnavailableException.class);
        assertThat(values()).containsExactly(1, 3);
        assertThat(writer.batchesCommitted()).isEqualTo(2);
        assertThat(writer.tasksCommitted()).isEqualTo(5);
    }

    @Test
    void aBatchRunsWithoutSavepointsAndAWriteThatRejectsItselfIsNotRunAgain() throws Exception {
        AtomicInteger[] runs = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        CountDownLatch release = blockWriter();
        CompletableFuture<Integer> clean = writer.submit(tx -> {
            runs[0].incrementAndGet();
            return insert(tx, 1);
        });
        release.countDown();
        assertThat(clean.get(10, TimeUnit.SECONDS)).isEqualTo(1);

        release = blockWriter();
        CompletableFuture<Integer> before = writer.submit(tx -> {
            runs[1].incrementAndGet();
            return insert(tx, 2);
        });
        CompletableFuture<Integer> rejected = writer.submit(tx -> {
            runs[2].incrementAndGet();
            insert(tx, 99);
            throw new AlreadyExistsException("group_id", "taken");
        });
        CompletableFuture<Integer> after = writer.submit(tx -> {
            runs[3].incrementAndGet();
            return insert(tx, 3);
        });
        release.countDown();

        assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(cause(rejected)).isInstanceOf(AlreadyExistsException.class);
        assertThat(values()).containsExactly(1, 2, 3);
        assertThat(runs[0]).as("a batch where every write succeeds runs once").hasValue(1);
        assertThat(runs[1]).as("before the rejection: run, rolled back, run again in a savepoint").hasValue(2);
        assertThat(runs[2]).as("the rejected write: its outcome is kept, it is not run again").hasValue(1);
        assertThat(runs[3]).as("after the rejection: run once, in a savepoint").hasValue(1);
    }

    @Test
    void failedCommitFailsEveryWriteOfTheBatchAndTheWriterGoesOn() throws Exception {
        CountDownLatch release = blockWriter();
        CompletableFuture<Integer> fine = writer.submit(tx -> insert(tx, 1));
        CompletableFuture<Integer> orphan = writer.submit(tx -> tx.prepare("INSERT INTO child VALUES (42)").executeUpdate());
        release.countDown();

        assertThat(cause(fine)).isInstanceOf(UnavailableException.class);
        assertThat(cause(orphan)).isInstanceOf(UnavailableException.class);
        assertThat(writer.submit(tx -> insert(tx, 2)).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(values()).containsExactly(2);
    }

    @Test
    void workACallbackDefersRunsOnTheWriterOnceAfterEveryCallbackOfTheBatch() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Object owner = new Object();
        CountDownLatch release = blockWriter();
        CompletableFuture<Integer> first = writer.submit(tx -> insert(tx, 1));
        CompletableFuture<Integer> second = writer.submit(tx -> insert(tx, 2));
        first.thenRun(() -> {
            seen.add("first");
            AfterCallbacks.defer(owner, () -> seen.add("deferred on " + Thread.currentThread().getName()));
        });
        second.thenRun(() -> {
            seen.add("second");
            AfterCallbacks.defer(owner, () -> seen.add("deferred twice"));
        });
        release.countDown();
        second.get(10, TimeUnit.SECONDS);
        writer.submit(tx -> insert(tx, 3)).get(10, TimeUnit.SECONDS);

        assertThat(seen).containsExactly("first", "second", "deferred on lottor-store-writer");
        assertThat(AfterCallbacks.defer(owner, () -> seen.add("outside a batch"))).isFalse();
        assertThat(seen).hasSize(3);
    }

    @Test
    void reportsNotRunningAfterAFailedBatchUntilALaterBatchCommits() throws Exception {
        CountDownLatch release = blockWriter();
        CompletableFuture<Integer> orphan = writer.submit(tx -> tx.prepare("INSERT INTO child VALUES (42)").executeUpdate());
        release.countDown();
        assertThat(cause(orphan)).isInstanceOf(UnavailableException.class);

        assertThat(writer.isRunning()).as("after a failed batch").isFalse();
        writer.submit(tx -> insert(tx, 1)).get(10, TimeUnit.SECONDS);
        assertThat(writer.isRunning()).as("after a later batch committed").isTrue();
    }

    @Test
    void writesToADatabaseLockedBeyondTheBusyTimeoutFailTheirBatchThenSucceedOnceItIsFree() throws Exception {
        writer.close();
        writer = new GroupCommitWriter(connections, new SqliteDialect(Duration.ofMillis(200)), 1000);
        writer.submit(tx -> insert(tx, 0)).get(10, TimeUnit.SECONDS);
        CompletableFuture<Integer> locked;
        CompletableFuture<Integer> behind;
        try (Connection lock = connections.open(); Statement statement = lock.createStatement()) {
            lock.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO item (v) VALUES (-1)");
            CountDownLatch release = blockWriter();
            locked = writer.submit(tx -> insert(tx, 1));
            behind = writer.submit(tx -> insert(tx, 2));
            release.countDown();
            assertThat(cause(locked)).isInstanceOf(UnavailableException.class);
            assertThat(cause(behind)).isInstanceOf(UnavailableException.class);
            assertThat(writer.isRunning()).isFalse();
            lock.rollback();
        }

        assertThat(writer.submit(tx -> insert(tx, 3)).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(writer.isRunning()).isTrue();
        assertThat(values()).containsExactly(0, 3);
    }

    @Test
    void callbacksRunOnTheWriterThreadOnceTheBatchIsCommitted() throws Exception {
        CountDownLatch registered = new CountDownLatch(1);
        CompletableFuture<Integer> write = writer.submit(tx -> {
            await(registered);
            return insert(tx, 7);
        });
        // Only the dependent future is awaited: a thread blocked in get() on the write itself may help
        // run its callbacks, which would make this test racy.
        CompletableFuture<String> seen = write.thenApply(ignored -> {
            try {
                return Thread.currentThread().getName() + " " + values();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        registered.countDown();

        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("lottor-store-writer [7]");
    }

    @Test
    void closeFromAWritesCallbackStopsTheWriterWithoutWaitingForItself() throws Exception {
        CompletableFuture<Void> closed = writer.submit(tx -> insert(tx, 1)).thenAccept(ignored -> writer.close());

        closed.get(10, TimeUnit.SECONDS);
        assertThat(cause(writer.submit(tx -> insert(tx, 2)))).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("closed");
        assertThat(values()).containsExactly(1);
    }

    @Test
    void writesAreAppliedInSubmissionOrder() throws Exception {
        List<CompletableFuture<Integer>> writes = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int value = i;
            writes.add(writer.submit(tx -> insert(tx, value)));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        List<Integer> values = values();
        assertThat(values).hasSize(2_000).isSorted();
    }

    @Test
    void closeRunsQueuedWritesThenRejectsNewOnes() throws Exception {
        CountDownLatch release = blockWriter();
        CompletableFuture<Integer> queued = writer.submit(tx -> insert(tx, 7));
        release.countDown();

        writer.close();

        assertThat(queued).isCompletedWithValue(1);
        assertThat(values()).containsExactly(7);
        assertThat(cause(writer.submit(tx -> insert(tx, 8)))).isInstanceOf(UnavailableException.class);
    }

    @Test
    void offeredWritesPastTheQueueBoundsAreRefusedOverloadedAndNeverRun() throws Exception {
        try (GroupCommitWriter bounded = new GroupCommitWriter(connections, new SqliteDialect(Duration.ofSeconds(5)),
                1000, BatchListener.NONE, 3, 100)) {
            CountDownLatch release = blockWriter(bounded);
            CompletableFuture<Integer> first = bounded.offer(tx -> insert(tx, 1), 60);
            CompletableFuture<Integer> tooHeavy = bounded.offer(tx -> insert(tx, 2), 50);
            CompletableFuture<Integer> second = bounded.offer(tx -> insert(tx, 3), 40);
            CompletableFuture<Integer> tooMany = bounded.offer(tx -> insert(tx, 4), 0);
            CompletableFuture<Integer> own = bounded.submit(tx -> insert(tx, 5));
            release.countDown();

            assertThat(cause(tooHeavy)).isInstanceOf(OverloadedException.class)
                    .hasMessageStartingWith("overloaded").hasMessageContaining("max-queued-bytes 100");
            assertThat(cause(tooMany)).isInstanceOf(OverloadedException.class).hasMessageContaining("max-queued-writes 3");
            CompletableFuture.allOf(first, second, own).get(10, TimeUnit.SECONDS);
            assertThat(values()).containsExactly(1, 3, 5);
            assertThat(bounded.offer(tx -> insert(tx, 6), 100).get(10, TimeUnit.SECONDS))
                    .as("the queue is empty again once the writes completed").isEqualTo(1);
        }
    }

    /** Occupies the writer with a write that waits for the returned latch; answers once it runs. */
    private CountDownLatch blockWriter() throws InterruptedException {
        return blockWriter(writer);
    }

    private static CountDownLatch blockWriter(GroupCommitWriter writer) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        writer.submit(tx -> {
            started.countDown();
            await(release);
            return null;
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private static int insert(Transaction tx, int value) throws SQLException {
        var insert = tx.prepare("INSERT INTO item (v) VALUES (?)");
        insert.setInt(1, value);
        return insert.executeUpdate();
    }

    private List<Integer> values() throws SQLException {
        List<Integer> values = new ArrayList<>();
        try (Connection connection = connections.open(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT v FROM item ORDER BY rowid")) {
            while (rows.next()) {
                values.add(rows.getInt(1));
            }
        }
        return values;
    }

    private static Throwable cause(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected the write to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("write did not complete", e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
