package io.lottor.spring.app;

import io.lottor.spring.LottorListener;
import io.lottor.spring.LottorMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The consumer of the test applications: grants roles by inserting {@code user_role} rows, with fault
 * switches: {@link #poisoned} users make it throw after its insert, {@link #slowOnFirstAttempt} users
 * make the first attempt outlast the server's ack timeout (so the server redelivers).
 */
@Component
public class RoleListener {
    public final List<LottorMessage> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
    public final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    public final Set<String> slowOnFirstAttempt = ConcurrentHashMap.newKeySet();
    public volatile Duration slowness = Duration.ofSeconds(4);
    private final JdbcTemplate jdbc;

    public RoleListener(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @LottorListener(method = "auth-role")
    public void grant(UserRole role, LottorMessage message) throws InterruptedException {
        received.add(message);
        invocations.computeIfAbsent(role.user(), u -> new AtomicInteger()).incrementAndGet();
        jdbc.update("INSERT INTO user_role (user_name, role, group_id) VALUES (?, ?, ?)", role.user(), role.role(),
                message.groupId());
        if (poisoned.contains(role.user())) {
            throw new IllegalStateException("role service refuses " + role.user());
        }
        if (slowOnFirstAttempt.contains(role.user()) && message.attempt() == 1) {
            Thread.sleep(slowness.toMillis());
        }
    }

    @LottorListener(method = "auth-roles")
    public void grantAll(List<UserRole> roles) {
        roles.forEach(role -> jdbc.update("INSERT INTO user_role (user_name, role, group_id) VALUES (?, ?, ?)",
                role.user(), role.role(), "batch"));
    }

    /** How many role rows {@code user} has (committed ones, seen from a new connection). */
    public int roles(String user) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM user_role WHERE user_name = ?", Integer.class, user);
    }

    /** How many deliveries of {@code user}'s message reached this method (applied or rolled back). */
    public long invocations(String user) {
        AtomicInteger count = invocations.get(user);
        return count == null ? 0 : count.get();
    }
}
