package io.lottor.server.store;

import static io.lottor.server.store.StoreFixtures.T0;
import static io.lottor.server.store.StoreFixtures.await;
import static io.lottor.server.store.StoreFixtures.group;
import static io.lottor.server.store.StoreFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a broker delivery needs of the {@link Store}: the routes with due work, what is in flight per
 * target, a message's current delivery, and a success from any instance of the target of a message
 * delivered to a broker destination. Targets are named after the test, so that rows of other tests in a
 * shared database do not count.
 */
interface BrokerDeliveryContract extends StoreTestSupport {

    @Test
    default void dueRoutesListRoutesWithReadyOrDueFailedMessagesOnly() {
        String auth = id("auth");
        String mail = id("mail");
        String late = id("late");
        await(store().prepare(group(id("a"), "user", 10_000, message("m1", auth, "role"), message("m2", auth, "role"),
                message("m3", mail, "send"), message("m4", late, "retry")), T0));
        await(store().commit(id("a"), T0));
        await(store().prepare(group(id("pending"), "user", 10_000, message("m1", id("prepared"), "role")), T0));
        MessageKey retried = new MessageKey(id("a"), "m4");
        await(store().claim(List.of(new DeliveryClaim(retried, 1, "node-1", "x", T0 + 30_000)), T0));
        await(store().recordOutcome(retried, 1, new DeliveryOutcome.Failed("boom", T0 + 500), T0));

        List<DueRoute> due = ownRoutes(store().dueRoutes(T0 + 100, 100));
        List<DueRoute> later = ownRoutes(store().dueRoutes(T0 + 500, 100));

        assertThat(due).containsExactlyInAnyOrder(new DueRoute(auth, "role"), new DueRoute(mail, "send"));
        assertThat(later).contains(new DueRoute(late, "retry")).hasSize(3);
    }

    @Test
    default void inFlightByTargetCountsInFlightMessagesOfEveryOwner() {
        String auth = id("auth");
        await(store().prepare(group(id("a"), "user", 10_000, message("m1", auth, "role"), message("m2", auth, "role"),
                message("m3", auth, "role")), T0));
        await(store().commit(id("a"), T0));
        await(store().claim(List.of(new DeliveryClaim(new MessageKey(id("a"), "m1"), 1, "node-1", "x", T0 + 30_000),
                new DeliveryClaim(new MessageKey(id("a"), "m2"), 1, "node-2", "y", T0 + 30_000)), T0));

        assertThat(store().inFlightByTarget()).containsEntry(auth, 2);
    }

    @Test
    default void deliveredAttemptTellsTargetStateAttemptBudgetAndDestination() {
        MessageKey m1 = new MessageKey(committed("g", 1), "m1");
        deliver(m1, 1, "rabbitmq:lottor.auth", T0);

        assertThat(store().deliveredAttempt(m1)).contains(new DeliveredAttempt("auth", MessageState.IN_FLIGHT, 1, 0,
                "rabbitmq:lottor.auth"));
        assertThat(store().deliveredAttempt(new MessageKey(m1.groupId(), "missing"))).isEmpty();
    }

    @Test
    default void successOfAMessageDeliveredToABrokerDestinationCountsFromAnyInstanceOfItsTarget() {
        String groupId = committed("g", 2);
        MessageKey m1 = new MessageKey(groupId, "m1");
        MessageKey m2 = new MessageKey(groupId, "m2");
        deliver(m1, 1, "rabbitmq:lottor.auth", T0);
        deliver(m2, 1, "rabbitmq:lottor.auth", T0);

        OutcomeResult otherService = await(store().recordOutcome(m1, 1,
                new DeliveryOutcome.Consumed("mail", "mail-1", "rabbitmq:lottor.auth"), T0 + 1));
        OutcomeResult otherDestination = await(store().recordOutcome(m1, 1,
                new DeliveryOutcome.Consumed("auth", "auth-7", "rabbitmq:lottor.other"), T0 + 1));
        OutcomeResult staleAttempt = await(store().recordOutcome(m1, 2,
                new DeliveryOutcome.Consumed("auth", "auth-7", "rabbitmq:lottor.auth"), T0 + 1));
        OutcomeResult asInstance = await(store().recordOutcome(m1, 1, new DeliveryOutcome.Consumed("auth", "auth-7"),
                T0 + 1));
        OutcomeResult viaBroker = await(store().recordOutcome(m1, 1,
                new DeliveryOutcome.Consumed("auth", "auth-7", "rabbitmq:lottor.auth"), T0 + 1));
        OutcomeResult another = await(store().recordOutcome(m2, 1,
                new DeliveryOutcome.Consumed("auth", "auth-8", "rabbitmq:lottor.auth"), T0 + 2));

        assertThat(List.of(otherService, otherDestination, staleAttempt, asInstance))
                .allMatch(result -> !result.applied());
        assertThat(viaBroker).isEqualTo(new OutcomeResult(true, false));
        assertThat(another).isEqualTo(new OutcomeResult(true, true));
        assertThat(storedMessage(groupId, "m1").consumedBy()).isEqualTo("auth-7");
        assertThat(storedMessage(groupId, "m2").consumedBy()).isEqualTo("auth-8");
    }

    /** The routes of this test's targets (a shared database holds other tests' rows too). */
    private List<DueRoute> ownRoutes(List<DueRoute> routes) {
        String mine = id("");
        return routes.stream().filter(route -> route.target().startsWith(mine)).toList();
    }
}
