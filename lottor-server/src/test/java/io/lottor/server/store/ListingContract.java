package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.group;
import static io.lottor.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.GroupState;
import io.lottor.server.model.GroupSummary;
import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import io.lottor.server.model.MessageSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The admin listings of the {@link Store} contract: filters and keyset paging of groups and messages. */
interface ListingContract extends StoreTestSupport {

    private GroupQuery groups(Set<GroupState> states, String source, String target, Long from, Long to, String prefix) {
        return new GroupQuery(states, source, target, from, to, prefix, 50, null);
    }

    private List<String> groupIds(GroupQuery query) {
        return store().listGroups(query).items().stream().map(GroupSummary::groupId).toList();
    }

    private MessageQuery messages(Set<MessageState> states) {
        return new MessageQuery(states, null, null, null, null, null, null, 50, null);
    }

    /** Prepares at {@code at} a group of source {@code source} with one message to {@code target}. */
    private String prepared(String suffix, String source, String target, long at) {
        String groupId = id(suffix);
        await(store().prepare(group(groupId, source, 10_000, message("m1", target, "call")), at));
        return groupId;
    }

    @Test
    default void listsGroupsNewestFirstWithMessagesCountedByState() {
        String older = committed("older", 3);
        deliver(new MessageKey(older, "m1"), 1, "auth-1", T0 + 1);
        String newer = prepared("newer", "user", "auth", T0 + 5);

        Page<GroupSummary> page = store().listGroups(groups(Set.of(), null, null, null, null, id("")));

        assertThat(page.items()).extracting(GroupSummary::groupId).containsExactly(newer, older);
        assertThat(page.next()).isNull();
        GroupSummary summary = page.items().get(1);
        assertThat(summary.state()).isEqualTo(GroupState.COMMITTED);
        assertThat(summary.source()).isEqualTo("user");
        assertThat(summary.createdAt()).isEqualTo(T0);
        assertThat(summary.messageCount()).isEqualTo(3);
        assertThat(summary.messageStates()).isEqualTo(Map.of(MessageState.READY, 2, MessageState.IN_FLIGHT, 1));
        assertThat(page.items().get(0).nextCheckAt()).isEqualTo(T0 + 5 + 10_000);
    }

    @Test
    default void filtersGroupsByStateSourceTargetTimeAndIdPrefix() {
        String a = prepared("a", "user", "auth", T0);
        String b = prepared("b", "order", "mail", T0 + 10);
        String c = prepared("c", "user", "mail", T0 + 20);
        await(store().commit(c, T0 + 21));

        assertThat(groupIds(groups(Set.of(GroupState.PREPARED), null, null, null, null, id("")))).containsExactly(b, a);
        assertThat(groupIds(groups(Set.of(), "user", null, null, null, id("")))).containsExactly(c, a);
        assertThat(groupIds(groups(Set.of(), null, "mail", null, null, id("")))).containsExactly(c, b);
        assertThat(groupIds(groups(Set.of(), null, null, T0 + 10, T0 + 20, id("")))).containsExactly(b);
        assertThat(groupIds(groups(Set.of(), null, null, null, null, id("c")))).containsExactly(c);
        assertThat(groupIds(groups(Set.of(), null, null, null, null, id("%")))).isEmpty();
    }

    @Test
    default void pagesThroughGroupsWithCursorsWithoutSkippingTies() {
        for (int i = 0; i < 5; i++) {
            prepared("g" + i, "user", "auth", i < 3 ? T0 : T0 + i);
        }
        List<String> seen = new ArrayList<>();
        PageCursor after = null;
        do {
            Page<GroupSummary> page = store().listGroups(new GroupQuery(Set.of(), null, null, null, null, id(""), 2,
                    after == null ? null : PageCursor.decode(after.encode())));
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            page.items().forEach(group -> seen.add(group.groupId()));
            after = page.next();
        } while (after != null);

        assertThat(seen).containsExactly(id("g4"), id("g3"), id("g2"), id("g1"), id("g0"));
    }

    @Test
    default void listsMessagesByStateWithFiltersNewestUpdateFirst() {
        MessageKey dead = new MessageKey(committed("dead", 2), "m2");
        deliver(dead, 1, "auth-1", T0 + 1);
        await(store().recordOutcome(dead, 1, new DeliveryOutcome.Dead("gave up"), T0 + 2));
        String pending = prepared("pending", "order", "mail", T0 + 3);

        Page<MessageSummary> deadOnes = store().listMessages(messages(Set.of(MessageState.DEAD)));
        assertThat(deadOnes.items()).extracting(MessageSummary::key).contains(dead);
        MessageSummary summary = deadOnes.items().stream().filter(m -> m.key().equals(dead)).findFirst().orElseThrow();
        assertThat(summary.source()).isEqualTo("user");
        assertThat(summary.lastError()).isEqualTo("gave up");
        assertThat(summary.attempts()).isEqualTo(1);
        assertThat(summary.updatedAt()).isEqualTo(T0 + 2);
        assertThat(summary.createdAt()).isEqualTo(T0);

        MessageQuery byGroup = new MessageQuery(Set.of(), null, null, null, dead.groupId(), null, null, 50, null);
        assertThat(store().listMessages(byGroup).items()).extracting(MessageSummary::messageId)
                .containsExactly("m2", "m1");
        MessageQuery byTargetAndSource = new MessageQuery(Set.of(MessageState.PENDING), "order", "mail", "call", null,
                T0 + 3, T0 + 4, 50, null);
        assertThat(store().listMessages(byTargetAndSource).items()).extracting(MessageSummary::groupId)
                .containsExactly(pending);
    }

    @Test
    default void pagesThroughMessagesOfTheSameUpdateTime() {
        String groupId = committed("g", 5);
        List<String> seen = new ArrayList<>();
        PageCursor after = null;
        do {
            Page<MessageSummary> page = store().listMessages(new MessageQuery(Set.of(MessageState.READY), null, null,
                    null, groupId, null, null, 2, after));
            page.items().forEach(message -> seen.add(message.messageId()));
            after = page.next();
        } while (after != null);

        assertThat(seen).containsExactly("m5", "m4", "m3", "m2", "m1");
    }
}
