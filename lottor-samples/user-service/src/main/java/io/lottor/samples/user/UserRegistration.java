package io.lottor.samples.user;

import io.lottor.spring.LottorTemplate;
import io.lottor.spring.LottorTransactional;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Creates users. The user row and the auth-role message commit together: the message reaches the auth
 * service only if the local transaction commits.
 */
@Service
public class UserRegistration {
    /** The auth-role message's method. */
    public static final String AUTH_ROLE = "auth-role";
    /** The role every new user gets. */
    public static final String DEFAULT_ROLE = "ADMIN";
    private static final Logger log = LoggerFactory.getLogger(UserRegistration.class);

    private final UserRepository users;
    private final LottorTemplate lottor;
    private final String authService;

    public UserRegistration(UserRepository users, LottorTemplate lottor,
                            @Value("${sample.auth-service:auth-service}") String authService) {
        this.users = users;
        this.lottor = lottor;
        this.authService = authService;
    }

    /**
     * Registers {@code username} as {@code scenario} says. The message carries headers {@code user-id}
     * and {@code username} so that an operator can find it.
     *
     * @throws org.springframework.dao.DataAccessException in the {@link Scenario#FAIL} scenario, after
     *         the message was sent: the transaction rolls back and the message is never delivered
     */
    @LottorTransactional
    public RegisteredUser register(String username, Scenario scenario) {
        String userId = UUID.randomUUID().toString();
        return switch (scenario) {
            case SUCCESS -> {
                users.insert(userId, username);
                yield registered(userId, username, new RoleGrant(userId, DEFAULT_ROLE));
            }
            case FAIL -> {
                RegisteredUser sent = registered(userId, username, new RoleGrant(userId, DEFAULT_ROLE));
                users.insert(userId, null);
                yield sent;
            }
            case CONSUMER_FAIL -> {
                users.insert(userId, username);
                yield registered(userId, username, new RoleGrant(null, DEFAULT_ROLE));
            }
        };
    }

    private RegisteredUser registered(String userId, String username, RoleGrant grant) {
        String messageId = lottor.send(authService, AUTH_ROLE, grant, Map.of("user-id", userId, "username", username));
        log.info("auth-role sent user={} username={} message={} target={}", userId, username, messageId, authService);
        return new RegisteredUser(userId, username, lottor.currentGroupId().orElseThrow(), messageId);
    }
}
