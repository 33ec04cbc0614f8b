package io.lottor.spring.internal;

import io.lottor.client.LottorClient;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * {@code lottor}: UP while the client's session with the Lottor server is open. While it is lost the
 * client keeps reconnecting, consumers simply receive nothing and {@code @LottorTransactional} methods
 * fail cleanly (their local transaction rolls back), so by default the indicator reports
 * {@link #DISCONNECTED}: a status of its own that Boot's default status order does not list, so it never
 * fails {@code /actuator/health} or a health group (a load balancer watching them keeps the service in)
 * unless the application orders it in (the README's readiness recipe). With
 * {@code lottor.health.down-when-disconnected=true} it reports DOWN instead, failing the aggregate.
 */
final class LottorHealthIndicator extends AbstractHealthIndicator {
    /** The session with the Lottor server is lost; the client is reconnecting. */
    static final Status DISCONNECTED = new Status("DISCONNECTED",
            "the session with the Lottor server is lost; the client is reconnecting");

    private final LottorClient client;
    private final String targets;
    private final boolean downWhenDisconnected;

    LottorHealthIndicator(LottorClient client, String targets, boolean downWhenDisconnected) {
        super("lottor health check failed");
        this.client = client;
        this.targets = targets;
        this.downWhenDisconnected = downWhenDisconnected;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean connected = client.isConnected();
        builder.withDetail("service", client.service()).withDetail("instance", client.instanceId())
                .withDetail("targets", targets).withDetail("connected", connected);
        if (connected) {
            builder.up();
        } else {
            builder.status(downWhenDisconnected ? Status.DOWN : DISCONNECTED).withDetail("session",
                    "not connected to the Lottor server at " + targets + "; reconnecting (@LottorTransactional"
                            + " methods fail until it is back)");
        }
    }
}
