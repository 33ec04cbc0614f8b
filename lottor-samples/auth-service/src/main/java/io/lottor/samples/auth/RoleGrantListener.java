package io.lottor.samples.auth;

import io.lottor.spring.LottorListener;
import io.lottor.spring.LottorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Grants the role of each {@code auth-role} message. Runs in the starter's transaction with its
 * idempotency record, so a redelivered message grants nothing twice; a grant without a user id throws,
 * which the server counts as a failed delivery and retries until the message is dead.
 */
@Component
public class RoleGrantListener {
    private static final Logger log = LoggerFactory.getLogger(RoleGrantListener.class);

    private final UserRoleRepository roles;

    public RoleGrantListener(UserRoleRepository roles) {
        this.roles = roles;
    }

    @LottorListener(method = "auth-role")
    public void grant(RoleGrant grant, LottorMessage message) {
        if (grant.userId() == null || grant.userId().isBlank()) {
            log.warn("auth-role rejected group={} message={} attempt={} reason=no user id", message.groupId(),
                    message.messageId(), message.attempt());
            throw new IllegalArgumentException("auth-role rejected: userId is required");
        }
        boolean granted = roles.grant(grant.userId(), grant.role(), message.groupId());
        log.info("auth-role consumed group={} message={} user={} role={} new_grant={}", message.groupId(),
                message.messageId(), grant.userId(), grant.role(), granted);
    }
}
