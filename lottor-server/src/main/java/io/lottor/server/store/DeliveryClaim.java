package io.lottor.server.store;

import io.lottor.server.model.MessageKey;

/**
 * One message a node takes for delivery (see {@link Store#claim}).
 *
 * @param key         the message
 * @param attempt     the attempt this delivery is: the message's {@code attempts} when it was found, plus one
 * @param owner       the claiming node's server id
 * @param deliveredTo the consumer instance the attempt goes to
 * @param leaseUntil  until when the claim holds (the ack timeout); after it, anyone may expire it
 */
public record DeliveryClaim(MessageKey key, int attempt, String owner, String deliveredTo, long leaseUntil) {
}
