package io.lottor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.MessageKey;
import io.lottor.server.model.NewGroup;
import io.lottor.server.model.NewMessage;
import io.lottor.server.store.DeliveryClaim;
import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.DueMessage;
import io.lottor.server.support.ServerDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's cost counters on a real SQLite store (and one life on the machine's PostgreSQL): one COMMIT
 * (one WAL fsync with synchronous=FULL) per batch, and every statement the writer runs, split into row
 * writes and reads. The figures per group are what docs/performance.md reports.
 */
class StoreCountersTest {
    private static final int GROUPS = 5;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dataDir;

    @Test
    void countsOneCommitPerBatchAndEveryStatementOfEachGroupsLife() {
        CountingListener counted = new CountingListener();
        try (JdbcStore store = JdbcStore.openSqlite(dataDir, StoreOptions.defaults(), counted)) {
            for (int i = 0; i < GROUPS; i++) {
                liveOneGroup(store, "counted-" + i);
            }

            assertThat(counted.commits.get()).as("prepare, commit, claim, consume: one batch each").isEqualTo(4L * GROUPS);
            assertThat(counted.writes.get()).as("row-writing statements: prepare 2, commit 2, claim 1, consume 2;"
                    + " no event rows, the happy path's history is on the rows (sqlite/V9)").isEqualTo(7L * GROUPS);
            assertThat(counted.reads.get()).as("reads on the writer connection: none (the commit answers the"
                    + " messages its prepare remembered, the consume checks for unconsumed messages inside its"
                    + " UPDATE)").isZero();
            assertThat(store.batchesCommitted()).isEqualTo(counted.commits.get());
            assertThat(store.statementsWritten()).isEqualTo(counted.writes.get());
            assertThat(store.statementsRead()).isEqualTo(counted.reads.get());
        }
    }

    @Test
    void aCommitReadsBackTheMessagesOfAGroupPreparedBeforeTheStoreReopenedAndAnswersThemAlike() {
        NewMessage message = new NewMessage("m1", "auth", "role", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                NewMessage.JSON, Map.of("user-id", "7"));
        NewGroup group = new NewGroup("reopened", "user", "user-1", List.of(message), 10_000, Map.of());
        NewGroup twin = new NewGroup("remembered", "user", "user-1", List.of(message), 10_000, Map.of());
        try (JdbcStore store = JdbcStore.openSqlite(dataDir)) {
            store.prepare(group, T0).join();
        }
        CountingListener counted = new CountingListener();
        try (JdbcStore store = JdbcStore.openSqlite(dataDir, StoreOptions.defaults(), counted)) {
            store.prepare(twin, T0).join();
            long before = counted.reads.get();
            List<DueMessage> remembered = store.commit("remembered", T0 + 1).join().ready();
            assertThat(counted.reads.get()).as("the prepare through this store remembered them").isEqualTo(before);

            List<DueMessage> read = store.commit("reopened", T0 + 1).join().ready();

            assertThat(counted.reads.get()).as("prepared before the store reopened: read back").isEqualTo(before + 1);
            assertThat(List.of(read.get(0), remembered.get(0))).allSatisfy(due -> {
                assertThat(due.source()).isEqualTo("user");
                assertThat(due.messageId()).isEqualTo("m1");
                assertThat(due.target()).isEqualTo("auth");
                assertThat(due.method()).isEqualTo("role");
                assertThat(due.payload()).isEqualTo(message.payload());
                assertThat(due.contentType()).isEqualTo(NewMessage.JSON);
                assertThat(due.headers()).isEqualTo(Map.of("user-id", "7"));
                assertThat(due.attempts()).isZero();
                assertThat(due.attemptBase()).isZero();
            });
        }
    }

    @Test
    void countsTheStatementsOfAWriteThatRejectedItself() {
        CountingListener counted = new CountingListener();
        try (JdbcStore store = JdbcStore.openSqlite(dataDir, StoreOptions.defaults(), counted)) {
            assertThat(store.commit("never-prepared", T0)).failsWithin(java.time.Duration.ofSeconds(10));

            assertThat(counted.commits.get()).isEqualTo(1);
            assertThat(counted.writes.get()).as("the guarded UPDATE that changed nothing").isEqualTo(1);
            assertThat(counted.reads.get()).as("the lookup that found no group").isEqualTo(1);
        }
    }

    @Test
    void onPostgresAGroupsLifeReadsOnlyTheLockOfItsGroupAndCompletesIt() throws Exception {
        CountingListener counted = new CountingListener();
        try (ServerDatabase database = ServerDatabase.create(ServerDatabase.Kind.POSTGRES, "counters");
             JdbcStore store = JdbcStore.open(database.dialect(), database.url(), database.user(), database.password(),
                     StoreOptions.defaults(), counted)) {
            for (int i = 0; i < GROUPS; i++) {
                liveOneGroup(store, "counted-" + i);
            }

            assertThat(counted.commits.get()).isEqualTo(4L * GROUPS);
            assertThat(counted.writes.get()).as("prepare 2, commit 2, claim 1, consume 2, as on SQLite; the prepare's,"
                    + " the commit's and the consume's statements are each sent together").isEqualTo(7L * GROUPS);
            assertThat(counted.reads.get()).as("the consume's lock of its group's row; the check for unconsumed"
                    + " messages is inside the completing UPDATE").isEqualTo(GROUPS);
            for (int i = 0; i < GROUPS; i++) {
                assertThat(database.count("SELECT COUNT(*) FROM lottor_group WHERE group_id = ? AND state = 'COMPLETED'",
                        "counted-" + i)).isEqualTo(1);
            }
        }
    }

    private static void liveOneGroup(JdbcStore store, String groupId) {
        NewMessage message = new NewMessage("m1", "auth", "role", "{}".getBytes(StandardCharsets.UTF_8), NewMessage.JSON,
                Map.of());
        MessageKey key = new MessageKey(groupId, "m1");
        store.prepare(new NewGroup(groupId, "user", "user-1", List.of(message), 10_000, Map.of()), T0).join();
        assertThat(store.commit(groupId, T0 + 1).join().ready()).hasSize(1);
        assertThat(store.claim(List.of(new DeliveryClaim(key, 1, "node-1", "auth-1", T0 + 30_000)), T0 + 2).join())
                .containsExactly(true);
        assertThat(store.recordOutcome(key, 1, new DeliveryOutcome.Consumed("auth", "auth-1"), T0 + 3).join()
                .groupCompleted()).isTrue();
    }

    private static final class CountingListener implements BatchListener {
        final AtomicLong commits = new AtomicLong();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong reads = new AtomicLong();

        @Override
        public void batchCommitted(int tasks, long nanos) {
            commits.incrementAndGet();
        }

        @Override
        public void statementsRun(int writeStatements, int readStatements) {
            writes.addAndGet(writeStatements);
            reads.addAndGet(readStatements);
        }
    }
}
