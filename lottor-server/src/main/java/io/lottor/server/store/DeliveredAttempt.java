package io.lottor.server.store;

import io.lottor.server.model.MessageState;

/**
 * A message's current delivery as stored (see {@link DeliveryStore#deliveredAttempt}).
 *
 * @param target      the message's target service
 * @param state       its state now
 * @param attempt     its current attempt ({@code attempts})
 * @param attemptBase its attempt budget's base (see {@link DueMessage#attemptBase()})
 * @param deliveredTo where its current attempt went (a consumer instance, or a broker destination)
 */
public record DeliveredAttempt(String target, MessageState state, int attempt, int attemptBase, String deliveredTo) {
}
