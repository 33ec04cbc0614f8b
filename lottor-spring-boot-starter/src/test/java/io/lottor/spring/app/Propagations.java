package io.lottor.spring.app;

import io.lottor.spring.LottorTemplate;
import io.lottor.spring.LottorTransactional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;

/** Inner transactional methods, one per propagation, called from {@link Users} through the proxy. */
@Service
public class Propagations {
    private final JdbcTemplate jdbc;
    private final LottorTemplate lottor;
    private final String target;

    public Propagations(JdbcTemplate jdbc, LottorTemplate lottor,
                        @Value("${test.target:${lottor.service:${spring.application.name}}}") String target) {
        this.jdbc = jdbc;
        this.lottor = lottor;
        this.target = target;
    }

    @LottorTransactional(propagation = Propagation.REQUIRED)
    public String required(String name) {
        return createUser(name);
    }

    @LottorTransactional(propagation = Propagation.REQUIRES_NEW)
    public String requiresNew(String name) {
        return createUser(name);
    }

    @LottorTransactional(propagation = Propagation.NESTED)
    public String nested(String name, boolean fail) {
        String group = createUser(name);
        if (fail) {
            throw new IllegalStateException("nested call fails for " + name);
        }
        return group;
    }

    private String createUser(String name) {
        jdbc.update("INSERT INTO users (name, role) VALUES (?, ?)", name, "inner");
        lottor.send(target, "auth-role", new UserRole(name, "inner"));
        return lottor.currentGroupId().orElseThrow();
    }
}
