package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.group;
import static io.lottor.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.MessageKey;
import io.lottor.server.model.NewGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The recovery side of the {@link Store} contract: check-back claims and their leases, expediting, purging. */
interface RecoveryContract extends StoreTestSupport {
    CheckBackDelay ONE_MINUTE = (before, checkAfterMs) -> 60_000;

    private void prepare(String groupId, String source, long checkAfterMs, long now) {
        await(store().prepare(group(groupId, source, checkAfterMs, message("m1", "auth", "role")), now));
    }

    private List<DueCheckBack> claim(long now, int limit) {
        return await(store().claimDueCheckBacks(now, limit, ONE_MINUTE));
    }

    @Test
    default void claimsOnlyDuePreparedGroupsOldestDueFirst() {
        prepare(id("late"), "user", 3_000, T0);
        prepare(id("early"), "order", 1_000, T0);
        prepare(id("not-due"), "user", 9_000, T0);
        prepare(id("committed"), "user", 1_000, T0);
        await(store().commit(id("committed"), T0));
        prepare(id("rolled-back"), "user", 1_000, T0);
        await(store().rollback(id("rolled-back"), "no", T0));

        List<DueCheckBack> claimed = claim(T0 + 5_000, 10);

        assertThat(claimed).containsExactly(new DueCheckBack(id("early"), "order", 1),
                new DueCheckBack(id("late"), "user", 1));
    }

    @Test
    default void claimRespectsLimit() {
        for (int i = 0; i < 5; i++) {
            prepare(id("g" + i), "user", 1_000 + i, T0);
        }

        assertThat(claim(T0 + 5_000, 3)).extracting(DueCheckBack::groupId)
                .containsExactly(id("g0"), id("g1"), id("g2"));
        assertThat(claim(T0 + 5_000, 3)).extracting(DueCheckBack::groupId).containsExactly(id("g3"), id("g4"));
    }

    @Test
    default void claimedGroupIsLeasedUntilItsDelayPasses() {
        prepare(id("g"), "user", 2_000, T0);
        List<String> delayArguments = new ArrayList<>();
        CheckBackDelay delay = (before, checkAfterMs) -> {
            delayArguments.add(before + "/" + checkAfterMs);
            return 4_000L * (before + 1);
        };

        assertThat(await(store().claimDueCheckBacks(T0 + 2_000, 10, delay))).hasSize(1);
        assertThat(await(store().claimDueCheckBacks(T0 + 5_999, 10, delay))).isEmpty();
        List<DueCheckBack> again = await(store().claimDueCheckBacks(T0 + 6_000, 10, delay));

        assertThat(again).containsExactly(new DueCheckBack(id("g"), "user", 2));
        assertThat(delayArguments).containsExactly("0/2000", "1/2000");
        assertThat(view(id("g")).checkBacks()).isEqualTo(2);
        assertThat(view(id("g")).nextCheckAt()).isEqualTo(T0 + 6_000 + 8_000);
    }

    @Test
    default void aGroupsCheckBackUrlIsStoredClaimedWithItAndNeverExpeditedBySessions() {
        String url = "http://orders.internal/lottor/check-back";
        await(store().prepare(new NewGroup(id("by-url"), "user", "php-1", List.of(message("m1", "auth", "role")), 1_000,
                Map.of(), url), T0));
        prepare(id("by-session"), "user", 1_000, T0);

        assertThat(view(id("by-url")).checkBackUrl()).isEqualTo(url);
        assertThat(view(id("by-session")).checkBackUrl()).isNull();
        assertThat(claim(T0 + 1_000, 10)).containsExactly(new DueCheckBack(id("by-session"), "user", 1),
                new DueCheckBack(id("by-url"), "user", 1, url));
        assertThat(await(store().expediteCheckBacks("user", T0 + 2_000))).isEqualTo(1);
        assertThat(claim(T0 + 2_000, 10)).extracting(DueCheckBack::groupId).containsExactly(id("by-session"));
    }

    @Test
    default void concurrentClaimersNeverGetTheSameGroup() throws Exception {
        for (int i = 0; i < 60; i++) {
            prepare(id("g" + i), "user", 1_000, T0);
        }
        List<CompletableFuture<List<DueCheckBack>>> claims = new ArrayList<>();
        ExecutorService claimers = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 20; i++) {
                claims.add(CompletableFuture.supplyAsync(() -> claim(T0 + 2_000, 4), claimers));
            }
            List<String> claimed = new ArrayList<>();
            claims.forEach(claim -> claim.join().forEach(due -> claimed.add(due.groupId())));

            assertThat(claimed).hasSize(60).doesNotHaveDuplicates();
            assertThat(claim(T0 + 2_000, 10)).isEmpty();
        } finally {
            claimers.shutdownNow();
        }
    }

    @Test
    default void leaseOfAClaimedCheckBackSurvivesReopen() {
        prepare(id("g"), "user", 1_000, T0);
        assertThat(claim(T0 + 1_000, 10)).hasSize(1);

        reopenStore();

        assertThat(claim(T0 + 1_000 + 59_999, 10)).isEmpty();
        assertThat(claim(T0 + 1_000 + 60_000, 10)).containsExactly(new DueCheckBack(id("g"), "user", 2));
    }

    @Test
    default void expediteMakesCheckedBackGroupsOfSourceDueNow() {
        prepare(id("checked"), "user", 1_000, T0);
        prepare(id("other-source"), "order", 1_000, T0);
        claim(T0 + 1_000, 10);
        prepare(id("never-checked"), "user", 50_000, T0);

        assertThat(await(store().expediteCheckBacks("user", T0 + 2_000))).isEqualTo(1);

        assertThat(claim(T0 + 2_000, 10)).containsExactly(new DueCheckBack(id("checked"), "user", 2));
        assertThat(view(id("never-checked")).nextCheckAt()).isEqualTo(T0 + 50_000);
    }

    @Test
    default void purgeDeletesFinishedGroupsLastUpdatedBeforeTheCutOff() {
        String completed = committed("completed", 1);
        deliver(new MessageKey(completed, "m1"), 1, "auth-1", T0);
        await(store().recordOutcome(new MessageKey(completed, "m1"), 1, new DeliveryOutcome.Consumed("auth", "auth-1"), T0 + 1));
        prepare(id("rolled-back"), "user", 1_000, T0);
        await(store().rollback(id("rolled-back"), "no", T0 + 2));
        prepare(id("recent"), "user", 1_000, T0);
        await(store().rollback(id("recent"), "no", T0 + 500));
        prepare(id("prepared"), "user", 1_000, T0);
        String committed = committed("committed", 1);

        assertThat(await(store().purgeFinished(T0 + 100, 1))).isEqualTo(1);
        assertThat(await(store().purgeFinished(T0 + 100, 10))).isEqualTo(1);
        assertThat(await(store().purgeFinished(T0 + 100, 10))).isZero();

        assertThat(store().findGroup(completed)).isEmpty();
        assertThat(store().findGroup(id("rolled-back"))).isEmpty();
        assertThat(store().findGroup(id("recent"))).isPresent();
        assertThat(store().findGroup(id("prepared"))).isPresent();
        assertThat(store().findGroup(committed)).isPresent();
    }
}
