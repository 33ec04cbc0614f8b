package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lottor.client.LottorClient;
import io.lottor.client.GroupNotPreparedException;
import io.lottor.client.TransactionGroup;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.MessageState;
import io.lottor.spring.app.RoleListener;
import io.lottor.spring.app.UserRole;
import io.lottor.spring.app.Users;
import io.lottor.spring.support.TestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a producer and consumer see through the starter, on a real server and a real database; one
 * subclass per database and transaction manager. The application consumes its own messages.
 */
abstract class ProducerConsumerContractTest {
    @Autowired
    Users users;
    @Autowired
    RoleListener listener;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LottorTemplate lottor;

    @Test
    void committedTransactionDeliversItsMessageOnce(TestInfo test) {
        String user = name(test);
        String groupId = users.createWithHeaders(user, "admin", Map.of("trace", "t-1"));

        assertThat(users.count(user)).isEqualTo(1);
        assertThat(barrierOutcome(groupId)).isEqualTo("C");
        Group group = TestServer.awaitGroup(groupId, GroupState.COMPLETED);
        assertThat(group.getMessagesList()).singleElement()
                .satisfies(m -> assertThat(m.getState()).isEqualTo(MessageState.CONSUMED));
        assertThat(listener.roles(user)).isEqualTo(1);
        LottorMessage message = listener.received.stream().filter(m -> m.groupId().equals(groupId))
                .findFirst().orElseThrow();
        assertThat(message).isEqualTo(new LottorMessage(groupId, "m1", service(), service(), "auth-role", 1,
                Map.of("trace", "t-1")));
    }

    @Test
    void exceptionRollsBackTheTransactionAndDeliversNothing(TestInfo test) {
        String user = name(test);
        assertThatThrownBy(() -> users.createThenFail(user, "admin")).isInstanceOf(IllegalStateException.class);

        String groupId = users.lastGroup();
        assertThat(users.count(user)).isZero();
        assertThat(barrierOutcome(groupId)).isNull();
        assertThat(TestServer.group(groupId)).as("never prepared on the server").isEmpty();
        assertThat(listener.invocations(user)).isZero();
    }

    @Test
    void checkedExceptionAlsoRollsBack(TestInfo test) {
        String user = name(test);
        assertThatThrownBy(() -> users.createThenFailChecked(user, "admin")).isInstanceOf(IOException.class);

        assertThat(users.count(user)).isZero();
        assertThat(TestServer.group(users.lastGroup())).isEmpty();
    }

    @Test
    void sendOutsideATransactionFailsWithAClearMessage() {
        assertThatThrownBy(() -> lottor.send(service(), "auth-role", "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs an active Spring transaction");
        assertThat(lottor.currentGroupId()).isEmpty();
    }

    @Test
    void redeliveredMessageTakesEffectOnce(TestInfo test) {
        String user = name(test);
        listener.slowOnFirstAttempt.add(user);
        String groupId = users.create(user, "admin");

        Group group = TestServer.awaitGroup(groupId, GroupState.COMPLETED);
        assertThat(group.getMessages(0).getAttempts()).as("delivered again after the ack timeout").isGreaterThan(1);
        assertThat(listener.roles(user)).isEqualTo(1);
        assertThat(listener.invocations(user)).as("the redelivery is skipped before the listener").isEqualTo(1);
    }

    @Test
    void listenerExceptionRollsBackAndReportsTheFailure(TestInfo test) {
        String user = name(test);
        listener.poisoned.add(user);
        String groupId = users.create(user, "admin");

        TestServer.awaitGroup(groupId, g -> g.getMessages(0).getLastError().contains("role service refuses " + user),
                "with the listener's error");
        assertThat(listener.roles(user)).as("the listener's insert rolled back").isZero();
        listener.poisoned.remove(user);
        TestServer.awaitGroup(groupId, GroupState.COMPLETED);
        assertThat(listener.roles(user)).isEqualTo(1);
        assertThat(listener.invocations(user)).isGreaterThan(1);
    }

    @Test
    void listenerReceivesGenericPayloadTypes(TestInfo test) {
        String user = name(test);
        String groupId = users.grantAll(List.of(new UserRole(user, "a"), new UserRole(user, "b")));

        TestServer.awaitGroup(groupId, GroupState.COMPLETED);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.roles(user) == 2);
    }

    @Test
    void prepareAnsweringAnEarlierRollbackFailsTheTransaction(TestInfo test) {
        String user = name(test);
        AtomicReference<String> groupId = new AtomicReference<>();

        assertThatThrownBy(() -> users.createThen(user, "admin", id -> {
            groupId.set(id);
            rollBackOnTheServer(id, new UserRole(user, "admin"));
        })).isInstanceOf(GroupNotPreparedException.class).hasMessageContaining("ROLLED_BACK");

        assertThat(users.count(user)).isZero();
        assertThat(barrierOutcome(groupId.get())).isNull();
        assertThat(TestServer.group(groupId.get()).map(Group::getState)).contains(GroupState.ROLLED_BACK);
        assertThat(listener.invocations(user)).isZero();
    }

    abstract String service();

    /** An earlier try with the same group id and content: prepared, then rolled back. */
    private void rollBackOnTheServer(String groupId, UserRole role) {
        try (LottorClient earlier = LottorClient.builder().target(TestServer.target()).service(service())
                .instanceId("earlier-try").startOnBuild(false).build()) {
            TransactionGroup group = earlier.begin(groupId);
            group.send(service(), "auth-role", role);
            group.prepare();
            group.rollback("an earlier try of this group rolled back");
        }
    }

    String barrierOutcome(String groupId) {
        return jdbc.query("SELECT outcome FROM lottor_barrier WHERE group_id = ?",
                rows -> rows.next() ? rows.getString(1) : null, groupId);
    }

    static String name(TestInfo test) {
        String method = test.getTestMethod().orElseThrow().getName();
        return method.substring(0, Math.min(40, method.length())) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
