package io.lottor.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A group as {@code GET /api/v1/groups/{id}} showed it at one moment.
 *
 * @param groupId  the group
 * @param source   the producing service
 * @param state    PREPARED, COMMITTED, COMPLETED or ROLLED_BACK
 * @param messages its messages in prepare order
 * @param history  the server's events, oldest first (empty when the server keeps none)
 */
record GroupSnapshot(String groupId, String source, String state, List<MessageSnapshot> messages, List<GroupEvent> history) {

    static GroupSnapshot of(JsonNode json) {
        List<MessageSnapshot> messages = new ArrayList<>();
        json.path("messages").forEach(message -> messages.add(MessageSnapshot.of(message)));
        List<GroupEvent> history = new ArrayList<>();
        json.path("history").forEach(event -> history.add(GroupEvent.of(event)));
        return new GroupSnapshot(json.path("group_id").asText(), json.path("source").asText(),
                json.path("state").asText(), List.copyOf(messages), List.copyOf(history));
    }

    /** The first message; the samples' groups have exactly one. */
    MessageSnapshot message() {
        return messages.get(0);
    }

    /** The target service of message {@code messageId}, or "the consumer" when unknown. */
    String targetOf(String messageId) {
        return messages.stream().filter(message -> message.messageId().equals(messageId)).findFirst()
                .map(MessageSnapshot::target).orElse("the consumer");
    }

    /** A message as the server showed it. */
    record MessageSnapshot(String messageId, String target, String method, String state, int attempts,
                           String lastError, String consumedBy) {
        static MessageSnapshot of(JsonNode json) {
            return new MessageSnapshot(json.path("message_id").asText(), json.path("target").asText(),
                    json.path("method").asText(), json.path("state").asText(), json.path("attempts").asInt(),
                    text(json.path("last_error")), text(json.path("consumed_by")));
        }
    }

    /** One entry of the group's history. */
    record GroupEvent(String at, String kind, String messageId, String actor, String detail, int attempt) {
        static GroupEvent of(JsonNode json) {
            return new GroupEvent(json.path("at").asText(), json.path("kind").asText(), text(json.path("message_id")),
                    text(json.path("actor")), text(json.path("detail")), json.path("attempt").asInt());
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() || node.asText().isEmpty() ? null : node.asText();
    }
}
