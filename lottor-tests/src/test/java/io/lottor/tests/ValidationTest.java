package io.lottor.tests;


import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.GroupState;
import io.lottor.protocol.v1.GroupStatesRequest;
import io.lottor.protocol.v1.Message;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.protocol.v1.RollbackRequest;
import io.lottor.tests.support.Inspector;
import io.lottor.tests.support.Inspector.HttpAnswer;
import io.lottor.tests.support.RunningServer;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every validation rule, seen as a client in any language sees it: a raw gRPC stub and the HTTP API.
 * A rejected request names the field and the limit, and stores nothing.
 */
class ValidationTest {
    private static final int MIB = 1 << 20;

    @RegisterExtension
    static final RunningServer server = new RunningServer("validation");

    @Test
    void rejectsEmptyGroupId() {
        assertRejected(() -> prepare(group("").build()), Status.Code.INVALID_ARGUMENT, "group_id", "64");
        assertRejected(() -> getGroup(""), Status.Code.INVALID_ARGUMENT, "group_id", "64");
    }

    @Test
    void rejectsOverLongGroupIdOverGrpcAndHttp() {
        String groupId = "rejectsOverLongGroupId-" + "x".repeat(64 - "rejectsOverLongGroupId-".length() + 1);
        assertThat(groupId).hasSize(65);

        assertRejected(() -> prepare(group(groupId).build()), Status.Code.INVALID_ARGUMENT, "group_id", "64");
        assertRejected(() -> getGroup(groupId), Status.Code.INVALID_ARGUMENT, "group_id", "64");
        assertRejected(() -> commit(groupId), Status.Code.INVALID_ARGUMENT, "group_id", "64");
        assertHttpError("/api/v1/groups/" + groupId, 400, "INVALID_ARGUMENT", "group_id");
    }

    @Test
    void rejectsGroupWithoutMessages() {
        String groupId = "rejectsGroupWithoutMessages";
        assertRejected(() -> prepare(PrepareRequest.newBuilder().setGroupId(groupId).setSource("user").build()),
                Status.Code.INVALID_ARGUMENT, "messages", "1");
        assertNothingStored(groupId);
    }

    @Test
    void rejectsDuplicateMessageIds() {
        String groupId = "rejectsDuplicateMessageIds";
        PrepareRequest request = group(groupId).addMessages(message("m1")).build();
        assertRejected(() -> prepare(request), Status.Code.INVALID_ARGUMENT, "messages[1].message_id", "m1");
        assertNothingStored(groupId);
    }

    @Test
    void rejectsEmptyTarget() {
        String groupId = "rejectsEmptyTarget";
        PrepareRequest request = PrepareRequest.newBuilder().setGroupId(groupId).setSource("user")
                .addMessages(message("m1").toBuilder().setTarget("")).build();
        assertRejected(() -> prepare(request), Status.Code.INVALID_ARGUMENT, "messages[0].target", "128");
        assertNothingStored(groupId);
    }

    @Test
    void rejectsEmptyMethod() {
        String groupId = "rejectsEmptyMethod";
        PrepareRequest request = PrepareRequest.newBuilder().setGroupId(groupId).setSource("user")
                .addMessages(message("m1").toBuilder().setMethod("")).build();
        assertRejected(() -> prepare(request), Status.Code.INVALID_ARGUMENT, "messages[0].method", "128");
        assertNothingStored(groupId);
    }

    @Test
    void rejectsPayloadOverOneMebibyte() {
        String groupId = "rejectsPayloadOverOneMebibyte";
        PrepareRequest request = PrepareRequest.newBuilder().setGroupId(groupId).setSource("user")
                .addMessages(message("m1").toBuilder().setPayload(ByteString.copyFrom(new byte[MIB + 1]))).build();
        assertRejected(() -> prepare(request), Status.Code.RESOURCE_EXHAUSTED, "messages[0].payload",
                Integer.toString(MIB));
        assertNothingStored(groupId);
    }

    @Test
    void rejectsRequestOverFourMebibytes() {
        String groupId = "rejectsRequestOverFourMebibytes";
        PrepareRequest.Builder request = PrepareRequest.newBuilder().setGroupId(groupId).setSource("user");
        for (int i = 0; i < 5; i++) {
            request.addMessages(message("m" + i).toBuilder().setPayload(ByteString.copyFrom(new byte[900 * 1024])));
        }
        assertRejected(() -> prepare(request.build()), Status.Code.RESOURCE_EXHAUSTED, "request",
                Integer.toString(4 * MIB));
        assertNothingStored(groupId);
    }

    @Test
    void answersNotFoundForUnknownGroupOverGrpcAndHttp() {
        String groupId = "answersNotFoundForUnknownGroup";
        assertRejected(() -> commit(groupId), Status.Code.NOT_FOUND, "group_id", groupId);
        assertRejected(() -> rollback(groupId), Status.Code.NOT_FOUND, "group_id", groupId);
        assertRejected(() -> getGroup(groupId), Status.Code.NOT_FOUND, "group_id", groupId);
        assertHttpError("/api/v1/groups/" + groupId, 404, "NOT_FOUND", "group_id");
    }

    @Test
    void acceptsRepeatedPrepareButRejectsSameGroupIdWithDifferentContent() {
        String groupId = "rejectsSameGroupIdWithDifferentContent";
        PrepareRequest original = group(groupId).build();
        assertThat(prepare(original)).isEqualTo(GroupState.PREPARED);
        assertThat(prepare(original)).isEqualTo(GroupState.PREPARED);

        PrepareRequest different = group(groupId).setMessages(0, message("m1").toBuilder()
                .setPayload(ByteString.copyFromUtf8("{\"user\":\"mallory\"}"))).build();
        assertRejected(() -> prepare(different), Status.Code.ALREADY_EXISTS, groupId, "different content");

        assertThat(server.inspector().existingGroup(groupId).getMessages(0).getMessage().getPayload())
                .isEqualTo(original.getMessages(0).getPayload());
        HttpAnswer answer = server.inspector().get("/api/v1/groups/" + groupId);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("state").asText()).isEqualTo("PREPARED");
        assertThat(answer.body().path("messages").get(0).path("payload").path("user").asText()).isEqualTo("alice");
    }

    @Test
    void refusesCommitAfterRollbackAndRollbackAfterCommit() {
        String rolledBack = "refusesCommitAfterRollback";
        prepare(group(rolledBack).build());
        rollback(rolledBack);
        assertRejected(() -> commit(rolledBack), Status.Code.FAILED_PRECONDITION, rolledBack, "ROLLED_BACK");
        assertThat(server.inspector().existingGroup(rolledBack).getState()).isEqualTo(GroupState.ROLLED_BACK);

        String committed = "refusesRollbackAfterCommit";
        prepare(group(committed).build());
        commit(committed);
        assertThat(commit(committed)).isEqualTo(GroupState.COMMITTED);
        assertRejected(() -> rollback(committed), Status.Code.FAILED_PRECONDITION, committed, "COMMITTED");
        assertThat(server.inspector().existingGroup(committed).getState()).isEqualTo(GroupState.COMMITTED);
    }

    @Test
    void groupStatesAnswersKnownGroupsAndRejectsMoreThanAThousandIds() {
        String prepared = "groupStatesAnswersKnownGroups-p";
        String rolledBack = "groupStatesAnswersKnownGroups-r";
        prepare(group(prepared).build());
        prepare(group(rolledBack).build());
        rollback(rolledBack);

        assertThat(groupStates(List.of(prepared, rolledBack, "groupStatesAnswersKnownGroups-unknown")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(prepared, GroupState.PREPARED, rolledBack, GroupState.ROLLED_BACK));
        List<String> tooMany = IntStream.rangeClosed(0, 1000).mapToObj(i -> "g" + i).toList();
        assertRejected(() -> groupStates(tooMany), Status.Code.INVALID_ARGUMENT, "group_ids", "1001", "1000");
        assertRejected(() -> groupStates(List.of(prepared, "")), Status.Code.INVALID_ARGUMENT, "group_ids[1]", "64");
    }

    private static void assertRejected(Executable call, Status.Code code, String... mentioned) {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, call);
        assertThat(error.getStatus().getCode()).as("status of %s", error).isEqualTo(code);
        assertThat(error.getStatus().getDescription()).as("description of %s", code).contains(mentioned);
    }

    private static void assertNothingStored(String groupId) {
        assertRejected(() -> getGroup(groupId), Status.Code.NOT_FOUND, "group_id");
        assertHttpError("/api/v1/groups/" + groupId, 404, "NOT_FOUND", "group_id");
    }

    private static void assertHttpError(String path, int status, String code, String field) {
        HttpAnswer answer = server.inspector().get(path);
        assertThat(answer.status()).as("HTTP status of GET %s", path).isEqualTo(status);
        assertThat(answer.body().path("error").asText()).isEqualTo(code);
        assertThat(answer.body().path("field").asText()).isEqualTo(field);
        assertThat(answer.body().path("message").asText()).contains(field);
    }

    private static PrepareRequest.Builder group(String groupId) {
        return PrepareRequest.newBuilder().setGroupId(groupId).setSource("user").setInstanceId("user-1")
                .addMessages(message("m1"));
    }

    private static Message message(String messageId) {
        return Message.newBuilder().setMessageId(messageId).setTarget("auth").setMethod("auth-role")
                .setPayload(ByteString.copyFromUtf8("{\"user\":\"alice\"}")).setContentType("application/json").build();
    }

    private static GroupState prepare(PrepareRequest request) {
        return server.inspector().stub().prepare(request).getState();
    }

    private static GroupState commit(String groupId) {
        return server.inspector().stub().commit(CommitRequest.newBuilder().setGroupId(groupId).build()).getState();
    }

    private static GroupState rollback(String groupId) {
        return server.inspector().stub().rollback(RollbackRequest.newBuilder().setGroupId(groupId).setReason("test").build())
                .getState();
    }

    private static Map<String, GroupState> groupStates(List<String> groupIds) {
        return server.inspector().stub().groupStates(GroupStatesRequest.newBuilder().addAllGroupIds(groupIds).build())
                .getStatesMap();
    }

    private static GroupState getGroup(String groupId) {
        return server.inspector().stub().getGroup(GetGroupRequest.newBuilder().setGroupId(groupId).build()).getState();
    }
}
