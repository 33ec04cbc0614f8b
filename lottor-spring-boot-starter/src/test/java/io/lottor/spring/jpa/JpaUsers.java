package io.lottor.spring.jpa;

import io.lottor.spring.LottorTemplate;
import io.lottor.spring.LottorTransactional;
import io.lottor.spring.app.UserRole;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** The producer written with JPA: saves the entity and sends {@code auth-role} in one transaction. */
@Service
public class JpaUsers {
    private final UserRepository repository;
    private final LottorTemplate lottor;
    private final String target;
    private final AtomicReference<String> lastGroup = new AtomicReference<>();

    public JpaUsers(UserRepository repository, LottorTemplate lottor,
                    @Value("${lottor.service:${spring.application.name}}") String target) {
        this.repository = repository;
        this.lottor = lottor;
        this.target = target;
    }

    @LottorTransactional
    public String create(String name, String role) {
        repository.save(new UserEntity(name, role));
        lottor.send(target, "auth-role", new UserRole(name, role));
        return lottor.currentGroupId().orElseThrow();
    }

    /**
     * Saves a user without a role (the column is NOT NULL) and sends: Hibernate flushes at commit, after
     * the group was prepared, and the commit fails. The group id is left in {@link #lastGroup()}.
     */
    @LottorTransactional
    public void createWithoutRole(String name) {
        repository.save(new UserEntity(name, null));
        lottor.send(target, "auth-role", new UserRole(name, "none"));
        lastGroup.set(lottor.currentGroupId().orElseThrow());
    }

    public String lastGroup() {
        return lastGroup.get();
    }
}
