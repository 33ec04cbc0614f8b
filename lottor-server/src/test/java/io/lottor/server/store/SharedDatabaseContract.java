package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.group;
import static io.lottor.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.AlreadyExistsException;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.NewGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several stores on one database, as several servers share one PostgreSQL or MySQL database: claims of
 * due messages (by scan or by key) and of check-backs, and purges, never hand the same message or group
 * to two of them, and each claims only the check-backs of the sources it has sessions of, an insert-if-absent that races another stores
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

    @Test
    default void twoStoresClaimingDueMessagesAtOnceNeverClaimTheSameMessage() throws Exception {
        for (int i = 0; i < SHARED_GROUPS; i++) {
            await(store().prepare(group(id("g" + i), 1), T0));
            await(store().commit(id("g" + i), T0));
        }
        try (Store other = openAnotherStore()) {
            List<List<String>> claims = inParallel(() -> claimDueAll(store(), "node-a"),
                    () -> claimDueAll(other, "node-b"));

            List<String> claimed = new ArrayList<>(claims.get(0));
            claimed.addAll(claims.get(1));
            assertThat(claimed).hasSize(SHARED_GROUPS).doesNotHaveDuplicates();
            for (int i = 0; i < SHARED_GROUPS; i++) {
                assertThat(view(id("g" + i)).messages().get(0).attempts()).isEqualTo(1);
            }
        }
    }

    @Test
    default void aClaimByKeyAndAClaimingScanOfTwoStoresNeverClaimTheSameAttempt() throws Exception {
        List<DeliveryClaim> byKey = new ArrayList<>();
        for (int i = 0; i < SHARED_GROUPS; i++) {
            await(store().prepare(group(id("g" + i), 1), T0));
            await(store().commit(id("g" + i), T0));
            byKey.add(new DeliveryClaim(new MessageKey(id("g" + i), "m1"), 1, "node-a", "auth-a", T0 + 30_000));
        }
        try (Store other = openAnotherStore()) {
            List<List<String>> claims = inParallel(() -> claimByKey(store(), byKey), () -> claimDueAll(other, "node-b"));

            List<String> claimed = new ArrayList<>(claims.get(0));
            claimed.addAll(claims.get(1));
            assertThat(claimed).hasSize(SHARED_GROUPS).doesNotHaveDuplicates();
        }
    }

    @Test
    default void twoStoresClaimCheckBacksOnlyOfTheSourcesTheyHaveSessionsOf() throws Exception {
        long now = T0 + 5_000;
        for (String serverId : List.of("node-a", "node-b")) {
            await(store().upsertNode(new ServerNode(serverId, "host", 1, 2, "dev", T0, now)));
        }
        await(store().openSession(new ClusterSession("session-a", "node-a", "orders", "orders-1", Set.of(), true, 8, 0,
                null, T0, T0), now));
        await(store().openSession(new ClusterSession("session-b", "node-b", "billing", "billing-1", Set.of(), true, 8,
                0, null, T0, T0), now));
        for (int i = 0; i < SHARED_GROUPS; i++) {
            String source = i % 2 == 0 ? "orders" : "billing";
            await(store().prepare(group(id("g" + i), source, 1_000, message("m1", "auth", "role")), T0));
        }
        try (Store other = openAnotherStore()) {
            List<List<DueCheckBack>> claims = inParallel(
                    () -> claimAll(store(), CheckBackScope.of(Set.of("orders"), T0)),
                    () -> claimAll(other, CheckBackScope.of(Set.of("billing"), T0)));

            // a row the other claimer is examining is skipped, not waited for: what one round skips, the next takes
            List<DueCheckBack> orders = new ArrayList<>(claims.get(0));
            orders.addAll(claimAll(store(), CheckBackScope.of(Set.of("orders"), T0)));
            List<DueCheckBack> billing = new ArrayList<>(claims.get(1));
            billing.addAll(claimAll(other, CheckBackScope.of(Set.of("billing"), T0)));
            assertThat(orders).hasSize(SHARED_GROUPS / 2).allMatch(due -> due.source().equals("orders"));
            assertThat(billing).hasSize(SHARED_GROUPS / 2).allMatch(due -> due.source().equals("billing"));
        }
    }

    @Test
    default void aGroupWhoseLastMessagesAreConsumedThroughTwoStoresAtOnceCompletes() throws Exception {
        for (int i = 0; i < SHARED_GROUPS; i++) {
            await(store().prepare(group(id("g" + i), 2), T0));
            await(store().commit(id("g" + i), T0));
            deliver(new MessageKey(id("g" + i), "m1"), 1, "auth-1", T0);
            deliver(new MessageKey(id("g" + i), "m2"), 1, "auth-2", T0);
        }
        try (Store other = openAnotherStore()) {
            inParallel(() -> consumeAll(store(), "m1", "auth-1"), () -> consumeAll(other, "m2", "auth-2"));

            for (int i = 0; i < SHARED_GROUPS; i++) {
                assertThat(view(id("g" + i)).state()).as("group g%d", i).isEqualTo(GroupState.COMPLETED);
            }
        }
    }

    private int consumeAll(Store consumer, String messageId, String instance) {
        List<CompletableFuture<OutcomeResult>> outcomes = new ArrayList<>();
        for (int i = 0; i < SHARED_GROUPS; i++) {
            outcomes.add(consumer.recordOutcome(new MessageKey(id("g" + i), messageId), 1,
                    new DeliveryOutcome.Consumed("auth", instance), T0 + 1));
        }
        outcomes.forEach(outcome -> assertThat(await(outcome).applied()).isTrue());
        return outcomes.size();
    }

    private List<String> claimDueAll(Store claimer, String owner) {
        List<String> claimed = new ArrayList<>();
        for (int round = 0; round < SHARED_GROUPS; round++) {
            List<DueMessage> batch = await(claimer.claimDueMessages(new DueClaim("auth", "auth-role", owner,
                    Collections.nCopies(7, owner + "-consumer"), T0 + 60_000, Long.MAX_VALUE), T0 + 1));
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(message -> claimed.add(message.groupId()));
        }
        return claimed;
    }

    private List<String> claimByKey(Store claimer, List<DeliveryClaim> claims) {
        List<String> claimed = new ArrayList<>();
        for (int from = 0; from < claims.size(); from += 5) {
            List<DeliveryClaim> batch = claims.subList(from, Math.min(claims.size(), from + 5));
            List<Boolean> applied = await(claimer.claim(batch, T0 + 1));
            for (int i = 0; i < batch.size(); i++) {
                if (applied.get(i)) {
                    claimed.add(batch.get(i).key().groupId());
                }
            }
        }
        return claimed;
    }

    private List<DueCheckBack> claimAll(Store claimer, CheckBackScope scope) {
        List<DueCheckBack> claimed = new ArrayList<>();
        for (int round = 0; round < SHARED_GROUPS; round++) {
            List<DueCheckBack> batch = await(claimer.claimDueCheckBacks(T0 + 5_000, 7, ONE_HOUR, scope));
            if (batch.isEmpty()) {
                break;
            }
            claimed.addAll(batch);
        }
        return claimed;
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
