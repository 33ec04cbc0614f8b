package io.lottor.server.api.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.lottor.protocol.v1.CheckBackReply;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupMessage;
import io.lottor.protocol.v1.GroupStatesResponse;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.server.model.CheckBackAnswer;
import io.lottor.server.model.ConsumerResult;
import io.lottor.server.model.GroupState;
import io.lottor.server.model.GroupView;
import io.lottor.server.model.MessageState;
import io.lottor.server.model.MessageView;
import io.lottor.server.model.NewGroup;
import io.lottor.server.model.NewMessage;
import java.util.Map;

/** Maps between protobuf messages and the model: protobuf types never pass below this package. */
final class ProtoMapping {
    private ProtoMapping() {
    }

    static NewGroup newGroup(PrepareRequest request) {
        return new NewGroup(request.getGroupId(), request.getSource(), request.getInstanceId(),
                request.getMessagesList().stream().map(ProtoMapping::newMessage).toList(),
                request.getCheckAfterMs(), request.getAttributesMap(), request.getCheckBackUrl());
    }

    static ConsumerResult result(ConsumeResult result) {
        return new ConsumerResult(result.getGroupId(), result.getMessageId(), result.getAttempt(), result.getSuccess(),
                result.getError(), result.getSessionId());
    }

    /** COMMITTED and ROLLED_BACK as they are; anything else (UNKNOWN, a state this server does not know) is UNKNOWN. */
    static CheckBackAnswer answer(CheckBackReply reply) {
        CheckBackAnswer.Verdict verdict = switch (reply.getState()) {
            case COMMITTED -> CheckBackAnswer.Verdict.COMMITTED;
            case ROLLED_BACK -> CheckBackAnswer.Verdict.ROLLED_BACK;
            default -> CheckBackAnswer.Verdict.UNKNOWN;
        };
        return new CheckBackAnswer(reply.getGroupId(), verdict, reply.getError());
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
