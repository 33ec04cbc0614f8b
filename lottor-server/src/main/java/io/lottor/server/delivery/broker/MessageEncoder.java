package io.lottor.server.delivery.broker;

import io.lottor.server.store.DueMessage;

/**
 * Encodes a delivery as the bytes a broker message carries: the wire format is the transport's (a
 * serialized {@code lottor.v1.Delivery}), so the encoder is given from above and this package stays free
 * of protobuf.
 */
@FunctionalInterface
public interface MessageEncoder {

    /** The body of attempt {@code attempt} of {@code message}. */
    byte[] encode(DueMessage message, int attempt);
}
