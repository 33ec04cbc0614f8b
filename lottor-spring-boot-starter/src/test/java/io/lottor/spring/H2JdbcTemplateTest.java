package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.spring.app.JdbcApp;
import io.lottor.spring.support.TestServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/** The contract on H2 with JdbcTemplate and Spring Boot's JDBC transaction manager. */
@SpringBootTest(classes = JdbcApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "spring.application.name=starter-h2-jdbc")
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

    @Test
    void runsOnTheJdbcTransactionManager() {
        assertThat(transactionManager).isInstanceOf(JdbcTransactionManager.class);
    }
}
