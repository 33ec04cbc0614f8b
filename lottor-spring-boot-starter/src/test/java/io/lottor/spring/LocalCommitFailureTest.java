package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupState;
import io.lottor.spring.app.JdbcApp;
import io.lottor.spring.app.RoleListener;
import io.lottor.spring.app.Users;
import io.lottor.spring.support.CommitFaults;
import io.lottor.spring.support.TestServer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The local commit throws after {@code beforeCommit} prepared the group: the starter sends neither Commit
 * nor Rollback, and the check-back settles the group from what the database holds. On H2 with Spring
 * Boot's {@code JdbcTransactionManager}, which reports a failed commit as rolled back.
 */
@SpringBootTest(classes = {JdbcApp.class, CommitFaults.class}, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.application.name=starter-commit-failure")
@DirtiesContext
class LocalCommitFailureTest {
    @Autowired
    Users users;
    @Autowired
    RoleListener listener;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommitFaults faults;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("lottor.server.targets", TestServer::target);
    }

    @Test
    void commitThatCommitsThenThrowsEndsCommittedAndTheMessageIsConsumed(TestInfo test) {
        String user = ProducerConsumerContractTest.name(test);
        AtomicReference<String> groupId = new AtomicReference<>();
        faults.throwAfterNextCommit();

        assertThatThrownBy(() -> users.createThen(user, "admin", groupId::set)).isInstanceOf(DataAccessException.class);

        assertThat(users.count(user)).as("the local commit went through").isEqualTo(1);
        Group settled = TestServer.awaitGroup(groupId.get(), g -> g.getState() != GroupState.PREPARED, "settled");
        assertThat(settled.getState()).isIn(GroupState.COMMITTED, GroupState.COMPLETED);
        TestServer.awaitGroup(groupId.get(), GroupState.COMPLETED);
        assertThat(listener.roles(user)).isEqualTo(1);
    }

    @Test
    void commitThatFailsWithoutCommittingEndsRolledBack(TestInfo test) {
        String user = ProducerConsumerContractTest.name(test);
        AtomicReference<String> groupId = new AtomicReference<>();
        faults.failNextCommit();

        assertThatThrownBy(() -> users.createThen(user, "admin", groupId::set)).isInstanceOf(DataAccessException.class);

        assertThat(users.count(user)).isZero();
        TestServer.awaitGroup(groupId.get(), GroupState.ROLLED_BACK);
        assertThat(jdbc.queryForObject("SELECT outcome FROM lottor_barrier WHERE group_id = ?", String.class,
                groupId.get())).as("the check-back's claim").isEqualTo("R");
        assertThat(listener.invocations(user)).isZero();
    }
}
