package io.lottor.spring.jpa;

import io.lottor.spring.app.Propagations;
import io.lottor.spring.app.RoleListener;
import io.lottor.spring.app.Users;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The producer-and-consumer application on Hibernate and JpaTransactionManager (JdbcTemplate joins its transactions). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({Users.class, Propagations.class, RoleListener.class, JpaUsers.class})
public class JpaApp {
}
