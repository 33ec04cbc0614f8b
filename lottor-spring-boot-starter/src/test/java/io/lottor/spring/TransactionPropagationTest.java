package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupState;
import io.lottor.spring.app.JdbcApp;
import io.lottor.spring.app.RoleListener;
import io.lottor.spring.app.Users;
import io.lottor.spring.support.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** How the group follows Spring's propagation: REQUIRED joins, REQUIRES_NEW is its own, NESTED drops with its savepoint. */
@SpringBootTest(classes = JdbcApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.application.name=starter-propagation")
@DirtiesContext
class TransactionPropagationTest {
    @Autowired
    Users users;
    @Autowired
    RoleListener listener;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("lottor.server.targets", TestServer::target);
    }

    @Test
    void requiredJoinsTheOuterGroup(TestInfo test) {
        String user = ProducerConsumerContractTest.name(test);
        List<String> groups = users.createWithRequiredInner(user);

        assertThat(groups.get(1)).isEqualTo(groups.get(0));
        Group group = TestServer.awaitGroup(groups.get(0), GroupState.COMPLETED);
        assertThat(payloads(group)).containsExactly(user, user + "-inner");
    }

    @Test
    void requiresNewCommitsItsOwnGroupWithTheInnerTransaction(TestInfo test) {
        String user = ProducerConsumerContractTest.name(test);
        assertThatThrownBy(() -> users.createWithRequiresNewInnerThenFail(user)).isInstanceOf(IllegalStateException.class);

        String[] groups = users.lastGroup().split(" ");
        String inner = groups[0];
        String outer = groups[1];
        assertThat(inner).isNotEqualTo(outer);
        assertThat(payloads(TestServer.awaitGroup(inner, GroupState.COMPLETED))).containsExactly(user + "-inner");
        assertThat(TestServer.group(outer)).as("the outer transaction rolled back").isEmpty();
        assertThat(users.count(user + "-inner")).isEqualTo(1);
        assertThat(users.count(user)).isZero();
        assertThat(listener.roles(user + "-inner")).isEqualTo(1);
    }

    @Test
    void nestedRolledBackToItsSavepointDropsItsMessages(TestInfo test) {
        String user = ProducerConsumerContractTest.name(test);
        String groupId = users.createAroundFailingNested(user);

        assertThat(payloads(TestServer.awaitGroup(groupId, GroupState.COMPLETED))).containsExactly(user + "-1", user + "-3");
        assertThat(users.count(user + "-2")).isZero();
        assertThat(listener.invocations(user + "-2")).isZero();
    }

    @Test
    void nestedRolledBackBeforeTheFirstOuterSendDropsItsMessages(TestInfo test) {
        String user = ProducerConsumerContractTest.name(test);
        String groupId = users.createAfterFailingNested(user);

        assertThat(payloads(TestServer.awaitGroup(groupId, GroupState.COMPLETED))).containsExactly(user + "-3");
    }

    @Test
    void nestedThatCompletesKeepsItsMessagesInTheOuterGroup(TestInfo test) {
        String user = ProducerConsumerContractTest.name(test);
        String groupId = users.createAroundNested(user);

        assertThat(payloads(TestServer.awaitGroup(groupId, GroupState.COMPLETED)))
                .containsExactly(user + "-1", user + "-2", user + "-3");
    }

    /** The user names of the group's messages, in send order. */
    static List<String> payloads(Group group) {
        return group.getMessagesList().stream()
                .map(m -> m.getMessage().getPayload().toStringUtf8().replaceAll(".*\"user\":\"([^\"]+)\".*", "$1"))
                .toList();
    }
}
