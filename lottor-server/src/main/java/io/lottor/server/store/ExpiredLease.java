package io.lottor.server.store;

import io.lottor.server.model.MessageKey;

/** A delivery whose lease {@link Store#expireLeases} expired, and the outcome it stored. */
public record ExpiredLease(MessageKey key, String target, String method, int attempt, DeliveryOutcome outcome) {
}
