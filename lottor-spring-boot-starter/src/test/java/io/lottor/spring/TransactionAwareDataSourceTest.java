package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lottor.client.CheckBackState;
import io.lottor.client.JdbcBarrier;
import io.lottor.client.LottorClient;
import io.lottor.protocol.v1.GroupState;
import io.lottor.spring.app.JdbcApp;
import io.lottor.spring.app.RoleListener;
import io.lottor.spring.app.UserRole;
import io.lottor.spring.app.Users;
import io.lottor.spring.support.TestServer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application's DataSource bean is a {@link TransactionAwareDataSourceProxy}: the barrier row still
 * goes in on the transaction's connection, check-backs read the barrier through the same bean, and the
 * plain client's {@code inTransaction} accepts that bean.
 */
@SpringBootTest(classes = {JdbcApp.class, TransactionAwareDataSourceTest.ProxiedDataSource.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "spring.application.name=starter-proxied-ds")
@DirtiesContext
class TransactionAwareDataSourceTest {
    @Autowired
    Users users;
    @Autowired
    RoleListener listener;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcBarrier barrier;
    @Autowired
    LottorClient client;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("lottor.server.targets", TestServer::target);
    }

    @Test
    void groupCommitsAndCheckBackAnswersThroughTheProxy(TestInfo test) {
        String user = ProducerConsumerContractTest.name(test);
        String groupId = users.create(user, "admin");

        assertThat(dataSource).isInstanceOf(TransactionAwareDataSourceProxy.class);
        TestServer.awaitGroup(groupId, GroupState.COMPLETED);
        assertThat(listener.roles(user)).isEqualTo(1);
        assertThat(barrier.check(groupId)).isEqualTo(CheckBackState.COMMITTED);
        assertThat(barrier.check("never-prepared-" + user)).isEqualTo(CheckBackState.ROLLED_BACK);
    }

    @Test
    void plainClientInTransactionAcceptsTheApplicationsDataSourceBean(TestInfo test) {
        String user = ProducerConsumerContractTest.name(test);
        String groupId = client.inTransaction(dataSource, (connection, group) -> {
            group.send(client.service(), "auth-role", new UserRole(user, "plain"));
            return group.id();
        });

        TestServer.awaitGroup(groupId, GroupState.COMPLETED);
        assertThat(listener.roles(user)).isEqualTo(1);
    }

    @Configuration(proxyBeanMethods = false)
    static class ProxiedDataSource {
        @Bean
        DataSource dataSource(DataSourceProperties properties) {
            return new TransactionAwareDataSourceProxy(properties.initializeDataSourceBuilder().build());
        }
    }
}
