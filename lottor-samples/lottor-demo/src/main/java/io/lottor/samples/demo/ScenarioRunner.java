package io.lottor.samples.demo;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs one scenario against the running stack and tells it: the POST to user-service, what its
 * database then holds (the user, the barrier row naming the group), what the server recorded for the
 * group, and what auth-service's database holds.
 */
final class ScenarioRunner {
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    private final DemoStack stack;
    private final UserServiceCalls calls;
    private final GroupWatch watch;
    private final Story story;

    ScenarioRunner(DemoStack stack, Story story) {
        this.stack = stack;
        this.calls = new UserServiceCalls(stack.user().uri());
        this.watch = new GroupWatch(new ServerView(stack.serverUri(), stack.adminToken()), SETTLE_TIMEOUT);
        this.story = story;
    }

    Observed run(DemoScenario scenario) {
        Set<String> barriersBefore = committedGroups();
        int rolesBefore = roleRows();
        UserServiceCalls.Answer answer = calls.createUser(scenario.parameter(), scenario.username());
        story.said("demo", "POST /user?result=" + scenario.parameter() + "&username=" + scenario.username());
        story.said("user-service", answer.describe());
        GroupSnapshot group = newGroup(barriersBefore).map(this::followCommitted)
                .or(() -> Optional.ofNullable(answer.groupId()).map(this::followAnswered))
                .orElseGet(this::neverPrepared);
        boolean userStored = userStored(scenario.username());
        List<String> roles = answer.userId() == null ? List.of() : rolesOf(answer.userId());
        Observed observed = new Observed(answer.status(), userStored, roles, roleRows() - rolesBefore, group);
        tellDatabases(scenario, answer, observed);
        return observed;
    }

    private GroupSnapshot followCommitted(String groupId) {
        story.said("user-service", "local transaction committed; its lottor_barrier row names group " + groupId);
        return follow(groupId);
    }

    private GroupSnapshot followAnswered(String groupId) {
        story.said("user-service", "no new lottor_barrier row, but it answered group " + groupId);
        return follow(groupId);
    }

    private GroupSnapshot follow(String groupId) {
        GroupWatch.Watched watched = watch.watch(groupId, story::said);
        if (!watched.settled()) {
            story.said("server", "still not settled after " + SETTLE_TIMEOUT.toSeconds() + " s");
        }
        return watched.last();
    }

    private GroupSnapshot neverPrepared() {
        story.said("user-service", "local transaction rolled back; no lottor_barrier row, so no group was ever "
                + "prepared: the server never saw the message and nothing can be delivered");
        return null;
    }

    private void tellDatabases(DemoScenario scenario, UserServiceCalls.Answer answer, Observed observed) {
        story.said("user-service", "database: app_user " + (observed.userStored() ? "has" : "has no")
                + " row for " + scenario.username());
        if (answer.userId() != null) {
            story.said("auth-service", "database: user_role for user " + answer.userId() + ": "
                    + (observed.roles().isEmpty() ? "no row" : String.join(", ", observed.roles())));
        } else {
            story.said("auth-service", "database: " + observed.newRoleRows() + " new user_role row(s)");
        }
    }

    private Optional<String> newGroup(Set<String> before) {
        Set<String> after = committedGroups();
        after.removeAll(before);
        return after.stream().findFirst();
    }

    private Set<String> committedGroups() {
        try {
            return new HashSet<>(users().queryForList(
                    "SELECT group_id FROM lottor_barrier WHERE outcome = 'C'", String.class));
        } catch (DataAccessException e) {
            return new HashSet<>();
        }
    }

    private boolean userStored(String username) {
        Integer count = users().queryForObject("SELECT COUNT(*) FROM app_user WHERE username = ?", Integer.class, username);
        return count != null && count > 0;
    }

    private List<String> rolesOf(String userId) {
        return auth().queryForList("SELECT role_id FROM user_role WHERE user_id = ?", String.class, userId);
    }

    private int roleRows() {
        Integer count = auth().queryForObject("SELECT COUNT(*) FROM user_role", Integer.class);
        return count == null ? 0 : count;
    }

    private JdbcTemplate users() {
        return stack.user().database();
    }

    private JdbcTemplate auth() {
        return stack.auth().database();
    }
}
