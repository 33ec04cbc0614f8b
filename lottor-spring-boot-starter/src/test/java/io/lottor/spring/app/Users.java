package io.lottor.spring.app;

import io.lottor.spring.LottorTemplate;
import io.lottor.spring.LottorTransactional;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The producer of the test applications: creates a user row and sends {@code auth-role} to the
 * consumer service (this same application unless {@code test.target} says otherwise) in one
 * {@code @LottorTransactional} method. Methods return the group id; failing ones leave it in
 * {@link #lastGroup()}.
 */
@Service
public class Users {
    private final AtomicReference<String> lastGroup = new AtomicReference<>();
    private final JdbcTemplate jdbc;
    private final LottorTemplate lottor;
    private final Propagations inner;
    private final String target;

    public Users(JdbcTemplate jdbc, LottorTemplate lottor, Propagations inner,
                 @Value("${test.target:${lottor.service:${spring.application.name}}}") String target) {
        this.jdbc = jdbc;
        this.lottor = lottor;
        this.inner = inner;
        this.target = target;
    }

    @LottorTransactional
    public String create(String name, String role) {
        return createWithHeaders(name, role, Map.of());
    }

    @LottorTransactional
    public String createWithHeaders(String name, String role, Map<String, String> headers) {
        jdbc.update("INSERT INTO users (name, role) VALUES (?, ?)", name, role);
        lottor.send(target, "auth-role", new UserRole(name, role), headers);
        return lottor.currentGroupId().orElseThrow();
    }

    /** Like {@link #create}, then runs {@code beforeCommit} with the group id while the transaction is still open. */
    @LottorTransactional
    public String createThen(String name, String role, Consumer<String> beforeCommit) {
        String groupId = create(name, role);
        beforeCommit.accept(groupId);
        return groupId;
    }

    @LottorTransactional
    public void createThenFail(String name, String role) {
        create(name, role);
        lastGroup.set(lottor.currentGroupId().orElseThrow());
        throw new IllegalStateException("business rule broken for " + name);
    }

    @LottorTransactional
    public void createThenFailChecked(String name, String role) throws IOException {
        create(name, role);
        lastGroup.set(lottor.currentGroupId().orElseThrow());
        throw new IOException("disk full for " + name);
    }

    @LottorTransactional
    public String grantAll(List<UserRole> roles) {
        lottor.send(target, "auth-roles", roles);
        return lottor.currentGroupId().orElseThrow();
    }

    /** Outer REQUIRED transaction, then {@code inner.required}; returns [outer group, inner group]. */
    @LottorTransactional
    public List<String> createWithRequiredInner(String name) {
        String outer = create(name, "outer");
        return List.of(outer, inner.required(name + "-inner"));
    }

    /** Outer sends, inner REQUIRES_NEW sends and commits, then the outer fails; the inner group is in lastGroup. */
    @LottorTransactional
    public void createWithRequiresNewInnerThenFail(String name) {
        create(name, "outer");
        String outer = lottor.currentGroupId().orElseThrow();
        lastGroup.set(inner.requiresNew(name + "-inner") + " " + outer);
        throw new IllegalStateException("outer fails after inner committed");
    }

    /** Sends for name-1, a NESTED call that sends for name-2 and fails (caught), then sends for name-3. */
    @LottorTransactional
    public String createAroundFailingNested(String name) {
        create(name + "-1", "outer");
        try {
            inner.nested(name + "-2", true);
        } catch (IllegalStateException expected) {
            // the savepoint is rolled back: name-2's row and message are gone, the transaction goes on
        }
        return create(name + "-3", "outer");
    }

    /** A NESTED call sends first (before the group exists) and fails; then the outer sends for name-3. */
    @LottorTransactional
    public String createAfterFailingNested(String name) {
        try {
            inner.nested(name + "-2", true);
        } catch (IllegalStateException expected) {
            // rolled back to a savepoint taken before the first send
        }
        return create(name + "-3", "outer");
    }

    /** Like {@link #createAroundFailingNested} with a NESTED call that succeeds. */
    @LottorTransactional
    public String createAroundNested(String name) {
        create(name + "-1", "outer");
        inner.nested(name + "-2", false);
        return create(name + "-3", "outer");
    }

    /** The group id a failing method left (a method, as fields of the transactional proxy are not the bean's). */
    public String lastGroup() {
        return lastGroup.get();
    }

    public int count(String name) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE name = ?", Integer.class, name);
    }
}
