package io.lottor.samples.auth;

import io.lottor.client.LottorClient;
import io.lottor.client.TransactionGroup;

/**
 * Plays user-service with the plain Java client: prepares and commits groups of one auth-role message,
 * with group ids the test chooses.
 */
final class UserServiceStandIn implements AutoCloseable {
    private final LottorClient client;

    UserServiceStandIn(String target) {
        this.client = LottorClient.builder().target(target).service("user-service").instanceId("user-service-test").build();
    }

    /** Prepares and commits group {@code groupId} with one auth-role message granting {@code grant}. */
    void grant(String groupId, RoleGrant grant) {
        TransactionGroup group = client.begin(groupId);
        group.send("auth-service", "auth-role", grant);
        group.prepare();
        group.commit();
    }

    @Override
    public void close() {
        client.close();
    }
}
