package io.lottor.server.api.grpc;

import com.google.protobuf.ByteString;
import io.lottor.protocol.v1.BrokerDelivery;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.ServerFrame;
import io.lottor.server.delivery.BrokerEndpoint;
import io.lottor.server.store.DueMessage;

/** Builds the Delivery of a due message: a frame on a session, or the body of a broker message. */
public final class DeliveryFrames {
    private DeliveryFrames() {
    }

    static ServerFrame delivery(DueMessage message, int attempt) {
        return ServerFrame.newBuilder().setDelivery(of(message, attempt)).build();
    }

    /** The body a broker message carries: the serialized {@code lottor.v1.Delivery} of attempt {@code attempt}. */
    public static byte[] brokerBody(DueMessage message, int attempt) {
        return of(message, attempt).toByteArray();
    }

    /** What a Welcome tells a consumer of a broker delivery. */
    static BrokerDelivery broker(BrokerEndpoint endpoint) {
        BrokerDelivery.Kind kind = switch (endpoint.kind()) {
            case "rabbitmq" -> BrokerDelivery.Kind.RABBITMQ;
            case "kafka" -> BrokerDelivery.Kind.KAFKA;
            default -> throw new IllegalArgumentException("unknown broker kind " + endpoint.kind());
        };
        return BrokerDelivery.newBuilder().setKind(kind).setAddress(endpoint.address())
                .setDestination(endpoint.destination()).build();
    }

    private static Delivery of(DueMessage message, int attempt) {
        Message body = Message.newBuilder()
                .setMessageId(message.messageId())
                .setTarget(message.target())
                .setMethod(message.method())
                .setPayload(ByteString.copyFrom(message.payload()))
                .setContentType(message.contentType())
                .putAllHeaders(message.headers())
                .build();
        return Delivery.newBuilder()
                .setGroupId(message.groupId())
                .setSource(message.source())
                .setMessage(body)
                .setAttempt(attempt)
                .build();
    }
}
