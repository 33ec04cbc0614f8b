package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.failure;
import static io.lottor.server.store.StoreFixtures.group;
import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.AlreadyExistsException;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.NewGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Concurrent writers: every acknowledged write durable, writes batched, a rejected write alone in failing. */
interface ConcurrencyContract extends StoreTestSupport {
    int THREADS = 16;
    int GROUPS = 2_000;

    /** Batches the store committed so far; {@code -1} if the backend does not count them. */
    long batchesCommitted();

    /** Writes the store answered after a committed batch so far; {@code -1} if not counted. */
    long tasksCommitted();

    @Test
    default void concurrentPreparesAreAllDurableAndShareCommits() throws Exception {
        boolean counted = batchesCommitted() >= 0;
        long batchesBefore = batchesCommitted();
        long tasksBefore = tasksCommitted();
        List<CompletableFuture<GroupState>> acks = prepareConcurrently(i -> group(id("g" + i), 2));

        acks.forEach(ack -> assertThat(await(ack)).isEqualTo(GroupState.PREPARED));
        long batches = batchesCommitted() - batchesBefore;
        long tasks = tasksCommitted() - tasksBefore;
        reopenStore();

        for (int i = 0; i < GROUPS; i++) {
            assertThat(view(id("g" + i)).messages()).hasSize(2);
        }
        if (counted) {
            assertThat(tasks).isGreaterThanOrEqualTo(GROUPS);
            assertThat(batches).isLessThan(tasks);
        }
    }

    @Test
    default void rejectedWriteDoesNotFailTheWritesCommittedWithIt() throws Exception {
        await(store().prepare(group(id("taken"), 1), T0));
        List<CompletableFuture<GroupState>> acks = prepareConcurrently(
                i -> i % 4 == 0 ? group(id("taken"), 2) : group(id("g" + i), 1));

        for (int i = 0; i < GROUPS; i++) {
            if (i % 4 == 0) {
                assertThat(failure(acks.get(i))).isInstanceOf(AlreadyExistsException.class);
            } else {
                assertThat(await(acks.get(i))).isEqualTo(GroupState.PREPARED);
                assertThat(view(id("g" + i)).messages()).hasSize(1);
            }
        }
        assertThat(view(id("taken")).messages()).hasSize(1);
    }

    private List<CompletableFuture<GroupState>> prepareConcurrently(
            IntFunction<NewGroup> groups) throws InterruptedException {
        List<CompletableFuture<GroupState>> acks = new ArrayList<>();
        for (int i = 0; i < GROUPS; i++) {
            acks.add(new CompletableFuture<>());
        }
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                threads.execute(() -> {
                    for (int i = first; i < GROUPS; i += THREADS) {
                        CompletableFuture<GroupState> ack = acks.get(i);
                        store().prepare(groups.apply(i), T0).whenComplete((state, error) -> {
                            if (error != null) {
                                ack.completeExceptionally(error);
                            } else {
                                ack.complete(state);
                            }
                        });
                    }
                });
            }
        } finally {
            threads.shutdown();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        return acks;
    }
}
