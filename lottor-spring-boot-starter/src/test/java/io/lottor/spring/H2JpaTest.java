package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.protocol.v1.GroupState;
import io.lottor.spring.jpa.JpaApp;
import io.lottor.spring.jpa.JpaUsers;
import io.lottor.spring.jpa.UserRepository;
import io.lottor.spring.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The contract on H2 with Hibernate and JpaTransactionManager: the barrier row goes in on the JPA
 * transaction's own connection, and listeners run in JPA transactions.
 */
@SpringBootTest(classes = JpaApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.application.name=starter-h2-jpa", "spring.jpa.hibernate.ddl-auto=none"})
@DirtiesContext
class H2JpaTest extends ProducerConsumerContractTest {
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    JpaUsers jpaUsers;
    @Autowired
    UserRepository repository;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("lottor.server.targets", TestServer::target);
    }

    @Override
    String service() {
        return "starter-h2-jpa";
    }

    @Test
    void runsOnTheJpaTransactionManager() {
        assertThat(transactionManager).isInstanceOf(JpaTransactionManager.class);
    }

    @Test
    void entitySavedWithJpaCommitsWithItsMessage(TestInfo test) {
        String user = name(test);
        String groupId = jpaUsers.create(user, "admin");

        assertThat(repository.findById(user)).isPresent();
        assertThat(barrierOutcome(groupId)).isEqualTo("C");
        TestServer.awaitGroup(groupId, GroupState.COMPLETED);
        assertThat(listener.roles(user)).isEqualTo(1);
    }

    @Test
    void flushFailingAtCommitAfterPrepareRollsTheGroupBack(TestInfo test) {
        String user = name(test);
        assertThatThrownBy(() -> jpaUsers.createWithoutRole(user)).isInstanceOf(DataIntegrityViolationException.class);

        TestServer.awaitGroup(jpaUsers.lastGroup(), GroupState.ROLLED_BACK);
        assertThat(repository.findById(user)).isEmpty();
        assertThat(barrierOutcome(jpaUsers.lastGroup())).as("the commit failed: the check-back's claim settled it")
                .isEqualTo("R");
        assertThat(listener.invocations(user)).isZero();
    }
}
