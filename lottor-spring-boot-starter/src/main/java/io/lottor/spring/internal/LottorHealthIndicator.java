package io.lottor.spring.internal;

import io.lottor.client.LottorClient;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code lottor}: UP while the client's session with the coordinator is open, DOWN otherwise (the client
 * keeps reconnecting; producers' Prepare fails meanwhile).
 */
final class LottorHealthIndicator extends AbstractHealthIndicator {
    private final LottorClient client;
    private final String targets;

    LottorHealthIndicator(LottorClient client, String targets) {
        super("lottor health check failed");
        this.client = client;
        this.targets = targets;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("service", client.service()).withDetail("instance", client.instanceId())
                .withDetail("targets", targets);
        if (client.isConnected()) {
            builder.up();
        } else {
            builder.down().withDetail("session", "not connected to the coordinator; reconnecting");
        }
    }
}
