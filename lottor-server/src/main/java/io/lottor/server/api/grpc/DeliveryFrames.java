package io.lottor.server.api.grpc;

import com.google.protobuf.ByteString;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.ServerFrame;
import io.lottor.server.store.DueMessage;

/** Builds the Delivery frame of a due message. */
final class DeliveryFrames {
    private DeliveryFrames() {
    }

    static ServerFrame delivery(DueMessage message, int attempt) {
        Message body = Message.newBuilder()
                .setMessageId(message.messageId())
                .setTarget(message.target())
                .setMethod(message.method())
                .setPayload(ByteString.copyFrom(message.payload()))
                .setContentType(message.contentType())
                .putAllHeaders(message.headers())
                .build();
        return ServerFrame.newBuilder()
                .setDelivery(Delivery.newBuilder()
                        .setGroupId(message.groupId())
                        .setSource(message.source())
                        .setMessage(body)
                        .setAttempt(attempt))
                .build();
    }
}
