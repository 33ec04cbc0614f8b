package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.group;
import static io.lottor.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.group.AlreadyExistsException;
import io.lottor.server.group.GroupState;
import io.lottor.server.group.NewGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several stores on one database, as several servers share one PostgreSQL or MySQL database: claims
 * and purges never hand the same group to two of them, an insert-if-absent that races another stores
 * the group once, and what one store wrote the other sees and changes. Every loop is bounded.
 */
interface SharedDatabaseContract extends StoreTestSupport {
    int SHARED_GROUPS = 120;
    CheckBackDelay ONE_HOUR = (before, checkAfterMs) -> 3_600_000;

    /** Another store on the database under test; the test closes it. */
    Store openAnotherStore();

    @Test
    default void twoStoresClaimingAtOnceNeverClaimTheSameCheckBack() throws Exception {
        for (int i = 0; i < SHARED_GROUPS; i++) {
            await(store().prepare(group(id("g" + i), "user", 1_000, message("m1", "auth", "role")), T0));
        }
        try (Store other = openAnotherStore()) {
            List<List<DueCheckBack>> claims = inParallel(() -> claimAll(store()), () -> claimAll(other));

            List<String> claimed = new ArrayList<>();
            claims.forEach(list -> list.forEach(due -> claimed.add(due.groupId())));
            assertThat(claimed).hasSize(SHARED_GROUPS).doesNotHaveDuplicates();
            assertThat(claims.get(0)).isNotEmpty();
            assertThat(view(id("g0")).checkBacks()).isEqualTo(1);
        }
    }

    @Test
    default void twoStoresPurgingAtOnceDeleteEachGroupOnce() throws Exception {
        for (int i = 0; i < SHARED_GROUPS; i++) {
            await(store().prepare(group(id("g" + i), 1), T0));
            await(store().rollback(id("g" + i), "no", T0));
        }
        try (Store other = openAnotherStore()) {
            List<Integer> purged = inParallel(() -> purgeAll(store()), () -> purgeAll(other));

            assertThat(purged.get(0) + purged.get(1)).isEqualTo(SHARED_GROUPS);
            assertThat(store().findGroup(id("g0"))).isEmpty();
            assertThat(other.findGroup(id("g" + (SHARED_GROUPS - 1)))).isEmpty();
        }
    }

    @Test
    default void sameGroupPreparedThroughTwoStoresAtOnceIsStoredOnce() throws Exception {
        try (Store other = openAnotherStore()) {
            List<List<CompletableFuture<GroupState>>> acks = inParallel(() -> prepareAll(store(), 2),
                    () -> prepareAll(other, 2));

            for (List<CompletableFuture<GroupState>> side : acks) {
                side.forEach(ack -> assertThat(await(ack)).isEqualTo(GroupState.PREPARED));
            }
            for (int i = 0; i < SHARED_GROUPS; i++) {
                assertThat(view(id("g" + i)).messages()).hasSize(2);
            }
        }
    }

    @Test
    default void sameGroupIdWithOtherContentThroughTwoStoresAtOnceIsRefusedOnce() throws Exception {
        try (Store other = openAnotherStore()) {
            List<List<CompletableFuture<GroupState>>> acks = inParallel(() -> prepareAll(store(), 1),
                    () -> prepareAll(other, 3));

            for (int i = 0; i < SHARED_GROUPS; i++) {
                int stored = view(id("g" + i)).messages().size();
                assertThat(stored).isIn(1, 3);
                CompletableFuture<GroupState> winner = acks.get(stored == 1 ? 0 : 1).get(i);
                CompletableFuture<GroupState> loser = acks.get(stored == 1 ? 1 : 0).get(i);
                assertThat(await(winner)).isEqualTo(GroupState.PREPARED);
                assertThat(StoreFixtures.failure(loser)).isInstanceOf(AlreadyExistsException.class);
            }
        }
    }

    @Test
    default void groupPreparedThroughOneStoreIsCommittedAndReadThroughTheOther() {
        await(store().prepare(group(id("g"), 2), T0));
        try (Store other = openAnotherStore()) {
            CommitOutcome outcome = await(other.commit(id("g"), T0 + 1));

            assertThat(outcome.ready()).hasSize(2);
            assertThat(view(id("g")).state()).isEqualTo(GroupState.COMMITTED);
            assertThat(other.findGroup(id("g")).orElseThrow().state()).isEqualTo(GroupState.COMMITTED);
            assertThat(await(store().commit(id("g"), T0 + 2)).ready()).isEmpty();
        }
    }

    private List<DueCheckBack> claimAll(Store claimer) {
        List<DueCheckBack> claimed = new ArrayList<>();
        for (int round = 0; round < SHARED_GROUPS; round++) {
            List<DueCheckBack> batch = await(claimer.claimDueCheckBacks(T0 + 5_000, 7, ONE_HOUR));
            if (batch.isEmpty()) {
                break;
            }
            claimed.addAll(batch);
        }
        return claimed;
    }

    private int purgeAll(Store purger) {
        int purged = 0;
        for (int round = 0; round < SHARED_GROUPS; round++) {
            int batch = await(purger.purgeFinished(T0 + 1, 7));
            if (batch == 0) {
                break;
            }
            purged += batch;
        }
        return purged;
    }

    /** Submits the prepares of g0… in the same order as the other side, so that both lock rows in one order. */
    private List<CompletableFuture<GroupState>> prepareAll(Store preparer, int messages) {
        List<CompletableFuture<GroupState>> acks = new ArrayList<>();
        for (int i = 0; i < SHARED_GROUPS; i++) {
            NewGroup group = group(id("g" + i), messages);
            acks.add(preparer.prepare(group, T0));
        }
        CompletableFuture.allOf(acks.stream().map(ack -> ack.exceptionally(error -> null))
                .toArray(CompletableFuture[]::new)).join();
        return acks;
    }

    private static <T> List<T> inParallel(Callable<T> first, Callable<T> second) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<T> a = threads.submit(first);
            Future<T> b = threads.submit(second);
            return List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            throw new AssertionError("one of the parallel sides failed: " + e.getCause(), e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }
}
