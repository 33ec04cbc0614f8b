package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.group;
import static io.lottor.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.NewGroup;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cluster side of the {@link Store} contract: the session table every server writes and reads, and
 * check-back claims scoped to the sources a server can ask.
 */
interface ClusterContract extends StoreTestSupport {
    CheckBackDelay A_MINUTE = (before, checkAfterMs) -> 60_000;

    private ClusterSession session(String sessionId, String serverId, String service, boolean answersCheckBack) {
        return new ClusterSession(sessionId, serverId, service, service + "-1", Set.of("role", "grant"),
                answersCheckBack, 64, 3, "127.0.0.1:5000", T0, T0 + 5);
    }

    private void node(String serverId, long lastSeenAt) {
        await(store().upsertNode(new ServerNode(serverId, "host", 9888, 9666, "dev", T0, lastSeenAt)));
    }

    private List<String> sessionIds(long nodesSeenSince) {
        return store().liveSessions(nodesSeenSince).stream().map(ClusterSession::sessionId).toList();
    }

    @Test
    default void sessionsOfLiveServersAreListedAsStoredAndThoseOfDeadServersAreNot() {
        node(id("live"), T0 + 10_000);
        node(id("dead"), T0);
        ClusterSession stored = session(id("s1"), id("live"), "auth", true);
        await(store().openSession(stored, T0 + 10_000));
        await(store().openSession(session(id("s2"), id("live"), "billing", false), T0 + 10_000));
        await(store().openSession(session(id("s3"), id("dead"), "auth", false), T0));
        await(store().openSession(session(id("s4"), id("unregistered"), "auth", false), T0));

        assertThat(store().liveSessions(T0 + 1)).containsExactly(stored, session(id("s2"), id("live"), "billing", false));
        assertThat(store().liveSession(id("s1"), T0 + 1)).contains(stored);
        assertThat(store().liveSession(id("s3"), T0 + 1)).as("its server is dead").isEmpty();
        assertThat(store().liveSession(id("s3"), T0)).isPresent();
        assertThat(store().liveSession(id("s4"), T0)).as("its server is not registered").isEmpty();
        assertThat(store().liveSession(id("missing"), T0)).isEmpty();
    }

    @Test
    default void aClosedSessionIsGoneAndClosingItAgainChangesNothing() {
        node(id("node"), T0);
        await(store().openSession(session(id("s1"), id("node"), "auth", false), T0));

        assertThat(await(store().closeSession(id("s1")))).isTrue();
        assertThat(await(store().closeSession(id("s1")))).isFalse();
        assertThat(sessionIds(T0)).isEmpty();
    }

    @Test
    default void aRefreshStoresEachSessionAsItIsNowRestoresMissingOnesAndDropsThoseNotRefreshed() {
        node(id("node"), T0);
        node(id("other"), T0);
        await(store().openSession(session(id("kept"), id("node"), "auth", false), T0));
        await(store().openSession(session(id("ended"), id("node"), "auth", false), T0));
        await(store().openSession(session(id("of-other"), id("other"), "auth", false), T0));
        ClusterSession kept = new ClusterSession(id("kept"), id("node"), "auth", "auth-1", Set.of("role", "grant"), false,
                64, 7, "127.0.0.1:5000", T0, T0 + 900);
        ClusterSession restored = session(id("restored"), id("node"), "mail", true);

        await(store().refreshSessions(id("node"), List.of(kept, restored), T0 + 1_000));

        assertThat(store().liveSessions(T0)).containsExactlyInAnyOrder(kept, restored,
                session(id("of-other"), id("other"), "auth", false));
    }

    @Test
    default void sessionsOfDeadOrRemovedServersAreDeleted() {
        node(id("live"), T0 + 10_000);
        node(id("dead"), T0);
        node(id("leaving"), T0 + 10_000);
        await(store().openSession(session(id("s-live"), id("live"), "auth", false), T0));
        await(store().openSession(session(id("s-dead"), id("dead"), "auth", false), T0));
        await(store().openSession(session(id("s-unregistered"), id("unregistered"), "auth", false), T0));
        await(store().openSession(session(id("s-leaving"), id("leaving"), "auth", false), T0));

        assertThat(await(store().removeSessionsOfDeadNodes(T0 + 1))).isEqualTo(2);
        assertThat(await(store().removeNode(id("leaving")))).isTrue();

        assertThat(sessionIds(Long.MIN_VALUE)).containsExactly(id("s-live"));
    }

    @Test
    default void scopedCheckBackClaimsTakeOwnSourcesUrlGroupsAndSourcesNoLiveServerCanAsk() {
        node(id("here"), T0 + 10_000);
        node(id("elsewhere"), T0 + 10_000);
        node(id("dead"), T0);
        await(store().openSession(session(id("s-elsewhere"), id("elsewhere"), "billing", true), T0));
        await(store().openSession(session(id("s-no-check-back"), id("elsewhere"), "mail", false), T0));
        await(store().openSession(session(id("s-dead"), id("dead"), "stock", true), T0));
        prepare("own", "orders");
        prepare("elsewhere", "billing");
        prepare("not-answering", "mail");
        prepare("dead", "stock");
        prepare("nobody", "ghost");
        await(store().prepare(new NewGroup(id("by-url"), "billing", "billing-php", List.of(message("m1", "auth", "role")),
                1_000, Map.of(), "http://billing.internal/check-back"), T0));

        List<DueCheckBack> claimed = await(store().claimDueCheckBacks(T0 + 2_000, 10, A_MINUTE,
                CheckBackScope.of(Set.of("orders"), T0 + 1)));

        assertThat(claimed).extracting(DueCheckBack::groupId).containsExactlyInAnyOrder(id("own"), id("not-answering"),
                id("dead"), id("nobody"), id("by-url"));
        assertThat(view(id("elsewhere")).checkBacks()).as("left to the server with its producer").isZero();
        assertThat(await(store().claimDueCheckBacks(T0 + 2_000, 10, A_MINUTE, CheckBackScope.of(Set.of("billing"),
                T0 + 1)))).extracting(DueCheckBack::groupId).containsExactly(id("elsewhere"));
    }

    private void prepare(String suffix, String source) {
        await(store().prepare(group(id(suffix), source, 1_000, message("m1", "auth", "role")), T0));
    }
}
