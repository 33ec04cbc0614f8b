package io.lottor.server.api.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupStatesResponse;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.server.group.GroupState;
import io.lottor.server.group.GroupView;
import io.lottor.server.group.MessageState;
import io.lottor.server.group.MessageView;
import io.lottor.server.group.NewGroup;
import io.lottor.server.group.NewMessage;
import java.util.Map;

/** Maps between protobuf messages and the coordinator's model. */
final class ProtoMapping {
    private ProtoMapping() {
    }

    static NewGroup newGroup(PrepareRequest request) {
        return new NewGroup(request.getGroupId(), request.getSource(), request.getInstanceId(),
                request.getMessagesList().stream().map(ProtoMapping::newMessage).toList(),
                request.getCheckAfterMs(), request.getAttributesMap(), request.getCheckBackUrl());
    }

    static io.lottor.protocol.v1.GroupState state(GroupState state) {
        return io.lottor.protocol.v1.GroupState.valueOf(state.name());
    }

    static GroupStatesResponse groupStates(Map<String, GroupState> states) {
        GroupStatesResponse.Builder response = GroupStatesResponse.newBuilder();
        states.forEach((groupId, state) -> response.putStates(groupId, state(state)));
        return response.build();
    }

    static Group group(GroupView view) {
        Group.Builder group = Group.newBuilder()
                .setGroupId(view.groupId())
                .setSource(view.source())
                .setInstanceId(view.instanceId())
                .setState(state(view.state()))
                .setCreatedAt(timestamp(view.createdAt()))
                .setUpdatedAt(timestamp(view.updatedAt()))
                .setCheckBacks(view.checkBacks())
                .putAllAttributes(view.attributes());
        if (view.nextCheckAt() > 0) {
            group.setNextCheckAt(timestamp(view.nextCheckAt()));
        }
        if (view.checkBackUrl() != null) {
            group.setCheckBackUrl(view.checkBackUrl());
        }
        view.messages().forEach(message -> group.addMessages(groupMessage(message)));
        return group.build();
    }

    private static GroupMessage groupMessage(MessageView view) {
        GroupMessage.Builder message = GroupMessage.newBuilder()
                .setMessage(Message.newBuilder()
                        .setMessageId(view.messageId())
                        .setTarget(view.target())
                        .setMethod(view.method())
                        .setPayload(ByteString.copyFrom(view.payload()))
                        .setContentType(view.contentType())
                        .putAllHeaders(view.headers()))
                .setState(state(view.state()))
                .setAttempts(view.attempts())
                .setLastError(nullToEmpty(view.lastError()))
                .setConsumedBy(nullToEmpty(view.consumedBy()))
                .setUpdatedAt(timestamp(view.updatedAt()));
        if (view.nextAttemptAt() > 0) {
            message.setNextAttemptAt(timestamp(view.nextAttemptAt()));
        }
        return message.build();
    }

    private static NewMessage newMessage(Message message) {
        return new NewMessage(message.getMessageId(), message.getTarget(), message.getMethod(),
                message.getPayload().toByteArray(), message.getContentType(), message.getHeadersMap());
    }

    private static io.lottor.protocol.v1.MessageState state(MessageState state) {
        return io.lottor.protocol.v1.MessageState.valueOf(state.name());
    }

    private static Timestamp timestamp(long epochMillis) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(epochMillis, 1000))
                .setNanos((int) Math.floorMod(epochMillis, 1000) * 1_000_000)
                .build();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
