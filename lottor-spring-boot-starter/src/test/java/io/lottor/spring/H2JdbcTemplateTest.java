package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lottor.protocol.v1.GroupState;
import io.lottor.spring.app.JdbcApp;
import io.lottor.spring.support.TestServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The contract on H2 with JdbcTemplate and Spring Boot's JDBC transaction manager; metrics and health. */
@SpringBootTest(classes = JdbcApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.application.name=starter-h2-jdbc")
@DirtiesContext
class H2JdbcTemplateTest extends ProducerConsumerContractTest {
    @Autowired
    PlatformTransactionManager transactionManager;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("lottor.server.targets", TestServer::target);
    }

    @Override
    String service() {
        return "starter-h2-jdbc";
    }

    @Autowired
    MeterRegistry meters;
    @Autowired
    @Qualifier("lottorHealthIndicator")
    HealthIndicator health;

    @Test
    void runsOnTheJdbcTransactionManager() {
        assertThat(transactionManager).isInstanceOf(JdbcTransactionManager.class);
    }

    @Test
    void sendInAReadOnlyTransactionFailsWithAClearMessage() {
        TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
        readOnly.setReadOnly(true);

        assertThatThrownBy(() -> readOnly.executeWithoutResult(status -> lottor.send(service(), "auth-role", "x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only transaction");
    }

    @Test
    void opensOneSessionThatNamesEveryListenerMethod() throws Exception {
        List<JsonNode> sessions = TestServer.sessionsOf(service());

        assertThat(sessions).singleElement().satisfies(session -> assertThat(session.get("methods"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("auth-role", "auth-roles"));
    }

    @Test
    void healthIsUpWhileTheSessionIsOpen() {
        Health status = health.health();
        assertThat(status.getStatus()).isEqualTo(Status.UP);
        assertThat(status.getDetails()).containsEntry("service", service()).containsKey("instance");
    }

    @Test
    void countsGroupsMessagesAndConsumption(TestInfo test) {
        double committed = count("lottor.client.groups", "outcome", "committed");
        double applied = applied();
        String groupId = users.create(name(test), "admin");

        TestServer.awaitGroup(groupId, GroupState.COMPLETED);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(count("lottor.client.groups", "outcome", "committed")).isGreaterThan(committed);
            assertThat(applied()).isGreaterThan(applied);
        });
        assertThat(meters.get("lottor.client.messages.sent").counter().count()).isPositive();
        assertThat(meters.get("lottor.client.listener").tag("method", "auth-role").timer().count()).isPositive();
    }

    private double applied() {
        Counter counter = meters.find("lottor.client.consumed").tag("method", "auth-role").tag("result", "applied").counter();
        return counter == null ? 0 : counter.count();
    }

    private double count(String name, String tag, String value) {
        Counter counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }
}
