package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupState;
import io.lottor.spring.app.JdbcApp;
import io.lottor.spring.app.RoleListener;
import io.lottor.spring.app.Users;
import io.lottor.spring.crash.CrashingProducerMain;
import io.lottor.spring.support.ChildJvm;
import io.lottor.spring.support.TestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot producer process is killed with SIGKILL around its local commit, so its Commit or
 * Rollback never reaches the server. A freshly started instance of the same service, on the same SQLite
 * database, answers the server's check-back from {@code lottor_barrier}: the group ends as the local
 * transaction did, and its message is delivered once or never. One subclass per database.
 */
abstract class ProducerKilledCheckBackContractTest {

    @Test
    void groupOfAProducerKilledAfterItsLocalCommitIsCommittedAndDeliveredOnce() {
        String service = "starter-killed-" + UUID.randomUUID().toString().substring(0, 8);
        String user = "committed-" + service;
        String groupId = runProducerUntil("after-local-commit", "LOCAL_COMMITTED", service, user);

        assertThat(TestServer.group(groupId)).get().extracting(Group::getState).isEqualTo(GroupState.PREPARED);
        try (ConfigurableApplicationContext fresh = freshInstance(service)) {
            Group group = TestServer.awaitGroup(groupId, GroupState.COMPLETED);
            assertThat(group.getCheckBacks()).isPositive();
            RoleListener listener = fresh.getBean(RoleListener.class);
            assertThat(listener.roles(user)).isEqualTo(1);
            assertThat(listener.invocations(user)).isEqualTo(1);
            assertThat(fresh.getBean(Users.class).count(user)).isEqualTo(1);
            assertThat(fresh.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(databaseUrl());
        }
    }

    @Test
    void groupOfAProducerKilledBeforeItsLocalCommitIsRolledBackAndNeverDelivered() {
        String service = "starter-killed-" + UUID.randomUUID().toString().substring(0, 8);
        String user = "open-" + service;
        String groupId = runProducerUntil("before-local-commit", "LOCAL_OPEN", service, user);

        try (ConfigurableApplicationContext fresh = freshInstance(service)) {
            Group group = TestServer.awaitGroup(groupId, GroupState.ROLLED_BACK);
            assertThat(group.getCheckBacks()).isPositive();
            assertThat(fresh.getBean(Users.class).count(user)).isZero();
            assertThat(fresh.getBean(RoleListener.class).invocations(user)).isZero();
        }
    }

    private String runProducerUntil(String mode, String line, String service, String user) {
        String name = getClass().getSimpleName() + "-" + mode;
        try (ChildJvm producer = ChildJvm.start(name, CrashingProducerMain.class, mode,
                TestServer.target(), databaseUrl(), service, user)) {
            String printed = producer.awaitLine(line, Duration.ofSeconds(90));
            producer.kill9();
            return printed.substring(printed.indexOf("group=") + "group=".length()).trim();
        }
    }

    private ConfigurableApplicationContext freshInstance(String service) {
        return new SpringApplicationBuilder(JdbcApp.class).web(WebApplicationType.NONE)
                .run("--lottor.server.targets=" + TestServer.target(), "--spring.datasource.url=" + databaseUrl(),
                        "--spring.application.name=" + service);
    }

    /** The producer's database, shared by the killed process and the fresh instance. */
    abstract String databaseUrl();

}
