package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.CHECK_AFTER;
import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.group;
import static io.lottor.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.GroupState;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's side of the {@link Store} contract: counts, the oldest prepared group, throughput, nodes. */
interface OpsContract extends StoreTestSupport {
    long MINUTE = 60_000;

    private void consume(String groupId, String messageId, long now) {
        MessageKey key = new MessageKey(groupId, messageId);
        deliver(key, 1, "auth-1", now);
        await(store().recordOutcome(key, 1, new DeliveryOutcome.Consumed("auth", "auth-1"), now));
    }

    private void fail(String groupId, String messageId, long now) {
        MessageKey key = new MessageKey(groupId, messageId);
        deliver(key, 1, "auth-1", now);
        await(store().recordOutcome(key, 1, new DeliveryOutcome.Failed("boom", now + MINUTE), now));
    }

    @Test
    default void countsGroupsAndMessagesInEveryState() {
        await(store().prepare(group(id("prepared"), 2), T0));
        String committed = committed("committed", 3);
        consume(committed, "m1", T0 + 1);
        fail(committed, "m2", T0 + 1);

        assertThat(store().countGroupsByState()).containsOnlyKeys(GroupState.values())
                .containsEntry(GroupState.PREPARED, 1L).containsEntry(GroupState.COMMITTED, 1L)
                .containsEntry(GroupState.ROLLED_BACK, 0L);
        assertThat(store().countMessagesByState()).containsOnlyKeys(MessageState.values())
                .containsEntry(MessageState.PENDING, 2L).containsEntry(MessageState.CONSUMED, 1L)
                .containsEntry(MessageState.FAILED, 1L).containsEntry(MessageState.READY, 1L)
                .containsEntry(MessageState.DEAD, 0L);
        assertThat(store().countMessages(MessageState.FAILED)).isEqualTo(1);
        assertThat(store().countMessages(MessageState.DEAD)).isZero();
    }

    @Test
    default void oldestPreparedIsTheEarliestCreatedGroupStillPrepared() {
        assertThat(store().oldestPrepared()).isEmpty();
        await(store().prepare(group(id("first"), 1), T0));
        await(store().prepare(group(id("second"), 1), T0 + 10));
        await(store().prepare(group(id("third"), 1), T0 + 20));
        await(store().commit(id("first"), T0 + 30));

        assertThat(store().oldestPrepared()).contains(new OldestPrepared(id("second"), "user", T0 + 10));
    }

    @Test
    default void throughputCountsPreparedConsumedAndFailedPerBucketWithEmptyBucketsZero() {
        long from = T0 - T0 % MINUTE;
        await(store().prepare(group(id("a"), 2), from + 1));
        await(store().prepare(group(id("b"), 1), from + 2 * MINUTE + 5));
        await(store().prepare(group(id("outside"), 1), from + 3 * MINUTE));
        await(store().commit(id("a"), from + 2));
        consume(id("a"), "m1", from + 2 * MINUTE + 1);
        fail(id("a"), "m2", from + 2 * MINUTE + 2);

        List<ThroughputBucket> buckets = store().throughput(from, MINUTE, 3);

        assertThat(buckets).containsExactly(new ThroughputBucket(from, 1, 0, 0),
                new ThroughputBucket(from + MINUTE, 0, 0, 0),
                new ThroughputBucket(from + 2 * MINUTE, 1, 1, 1));
    }

    @Test
    default void readyBacklogCountsReadyMessagesByTargetAndMethodWaitingSinceBeforeTheCutoff() {
        await(store().prepare(group(id("old"), "user", CHECK_AFTER, message("m1", "mail-servce", "welcome"),
                message("m2", "mail-servce", "welcome"), message("m3", "auth", "auth-role")), T0));
        await(store().commit(id("old"), T0 + 10));
        await(store().prepare(group(id("fresh"), "user", CHECK_AFTER, message("m1", "mail-servce", "welcome")), T0));
        await(store().commit(id("fresh"), T0 + 100));
        await(store().prepare(group(id("pending"), 1), T0));
        await(store().claim(List.of(new DeliveryClaim(new MessageKey(id("old"), "m3"), 1, "node-1", "auth-1", T0 + 30_000)),
                T0 + 20));

        assertThat(store().readyBacklog(T0 + 50)).containsExactly(new ReadyBacklog("mail-servce", "welcome", 2, T0 + 10));
        assertThat(store().readyBacklog(T0 + 101)).containsExactly(new ReadyBacklog("mail-servce", "welcome", 3, T0 + 10));
        assertThat(store().readyBacklog(T0)).isEmpty();
    }

    @Test
    default void nodeIsRegisteredRefreshedAndRemoved() {
        ServerNode node = new ServerNode(id("n1"), "host-a", 9888, 9666, "1.0", T0, T0);
        ServerNode other = new ServerNode(id("n2"), "host-b", 19888, 19666, "1.0", T0 + 5, T0 + 5);
        await(store().upsertNode(node));
        await(store().upsertNode(other));
        await(store().upsertNode(node.seenAt(T0 + 3_000)));

        assertThat(store().nodes()).containsExactly(node.seenAt(T0 + 3_000), other);

        assertThat(await(store().removeNodesNotSeenSince(T0 + 1_000))).isEqualTo(1);
        assertThat(store().nodes()).containsExactly(node.seenAt(T0 + 3_000));
        assertThat(await(store().removeNode(id("n1")))).isTrue();
        assertThat(await(store().removeNode(id("n1")))).isFalse();
        assertThat(store().nodes()).isEmpty();
    }
}
