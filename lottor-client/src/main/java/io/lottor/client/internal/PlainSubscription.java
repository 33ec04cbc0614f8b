package io.lottor.client.internal;

import io.lottor.client.MessageHandler;
import io.lottor.protocol.v1.Delivery;

/** Decodes the payload and calls the user's handler; nothing else. */
public final class PlainSubscription<T> implements Subscription {
    private final Class<T> type;
    private final MessageHandler<T> handler;
    private final PayloadCodec codec;

    public PlainSubscription(Class<T> type, MessageHandler<T> handler, PayloadCodec codec) {
        this.type = type;
        this.handler = handler;
        this.codec = codec;
    }

    @Override
    public void consume(Delivery delivery) throws Exception {
        T payload = codec.decode(delivery.getMessage(), type);
        handler.handle(payload, Subscription.contextOf(delivery));
    }
}
