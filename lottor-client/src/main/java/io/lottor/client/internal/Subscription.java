package io.lottor.client.internal;

import io.lottor.client.MessageContext;
import io.lottor.protocol.v1.Delivery;

/** What the client does with a delivery of one subscribed method. Returning normally means success. */
public interface Subscription {
    void consume(Delivery delivery) throws Exception;

    /** The context a handler sees for {@code delivery}. */
    static MessageContext contextOf(Delivery delivery) {
        return new MessageContext(delivery.getGroupId(), delivery.getMessage().getMessageId(), delivery.getSource(),
                delivery.getMessage().getMethod(), delivery.getAttempt(), delivery.getMessage().getHeadersMap());
    }
}
