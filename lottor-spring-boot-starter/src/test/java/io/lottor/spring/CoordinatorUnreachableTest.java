package io.lottor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lottor.client.LottorRpcException;
import io.lottor.spring.app.JdbcApp;
import io.lottor.spring.app.Users;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/** With no coordinator to prepare the group, the business transaction does not commit. */
@SpringBootTest(classes = JdbcApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.application.name=starter-unreachable", "lottor.server.targets=127.0.0.1:1"})
@DirtiesContext
class CoordinatorUnreachableTest {
    @Autowired
    Users users;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void prepareFailureRollsTheLocalTransactionBack() {
        assertThatThrownBy(() -> users.create("nobody-hears", "admin")).isInstanceOf(LottorRpcException.class)
                .hasMessageContaining("prepare failed")
                .hasMessageContaining("the Lottor server at 127.0.0.1:1 cannot be reached");

        assertThat(users.count("nobody-hears")).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lottor_barrier", Integer.class)).isZero();
    }
}
