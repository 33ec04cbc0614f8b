package io.lottor.server.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.model.GroupDetail;
import io.lottor.server.model.GroupEvent;
import io.lottor.server.model.GroupSummary;
import io.lottor.server.model.GroupView;
import io.lottor.server.model.MessageState;
import io.lottor.server.model.MessageView;
import io.lottor.server.store.Page;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shapes of a group (detail with messages and history, and summary), with snake_case names as
 * in the proto; times are ISO-8601 strings, absent times null. A JSON payload is embedded as a JSON
 * value; any other payload (or one that does not parse) is given as {@code payload_base64}.
 */
final class GroupJson {
    private final ObjectMapper mapper;

    GroupJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Map<String, Object> group(GroupView group) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("group_id", group.groupId());
        json.put("source", group.source());
        json.put("instance_id", group.instanceId());
        json.put("state", group.state().name());
        json.put("created_at", time(group.createdAt()));
        json.put("updated_at", time(group.updatedAt()));
        json.put("next_check_at", group.nextCheckAt() > 0 ? time(group.nextCheckAt()) : null);
        json.put("check_backs", group.checkBacks());
        json.put("check_back_url", group.checkBackUrl());
        json.put("attributes", group.attributes());
        json.put("messages", group.messages().stream().map(this::message).toList());
        return json;
    }

    /** The group detail: {@link #group} plus {@code history}, oldest first. */
    Map<String, Object> detail(GroupDetail detail) {
        Map<String, Object> json = group(detail.group());
        json.put("history", detail.history().stream().map(GroupJson::event).toList());
        return json;
    }

    /** {@code {"groups": [...], "next_cursor": ...}}. */
    Map<String, Object> page(Page<GroupSummary> page) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("groups", page.items().stream().map(GroupJson::summary).toList());
        json.put("next_cursor", page.next() == null ? null : page.next().encode());
        return json;
    }

    static Map<String, Object> summary(GroupSummary group) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("group_id", group.groupId());
        json.put("source", group.source());
        json.put("instance_id", group.instanceId());
        json.put("state", group.state().name());
        json.put("created_at", time(group.createdAt()));
        json.put("updated_at", time(group.updatedAt()));
        json.put("next_check_at", optionalTime(group.nextCheckAt()));
        json.put("check_backs", group.checkBacks());
        json.put("message_count", group.messageCount());
        Map<String, Integer> states = new LinkedHashMap<>();
        for (MessageState state : MessageState.values()) {
            Integer count = group.messageStates().get(state);
            if (count != null && count > 0) {
                states.put(state.name(), count);
            }
        }
        json.put("message_states", states);
        return json;
    }

    static Map<String, Object> event(GroupEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", time(event.at()));
        json.put("kind", event.kind().name());
        json.put("message_id", event.messageId());
        json.put("actor", event.actor());
        json.put("detail", event.detail());
        json.put("attempt", event.attempt());
        return json;
    }

    private Map<String, Object> message(MessageView message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message_id", message.messageId());
        json.put("target", message.target());
        json.put("method", message.method());
        json.put("state", message.state().name());
        json.put("attempts", message.attempts());
        json.put("last_error", message.lastError());
        json.put("next_attempt_at", message.nextAttemptAt() > 0 ? time(message.nextAttemptAt()) : null);
        json.put("consumed_by", message.consumedBy());
        json.put("updated_at", time(message.updatedAt()));
        json.put("content_type", message.contentType());
        json.put("headers", message.headers());
        JsonNode payload = jsonPayload(message);
        if (payload != null) {
            json.put("payload", payload);
        } else {
            json.put("payload_base64", Base64.getEncoder().encodeToString(message.payload()));
        }
        return json;
    }

    private JsonNode jsonPayload(MessageView message) {
        if (!message.contentType().toLowerCase().contains("json")) {
            return null;
        }
        try {
            return mapper.readTree(message.payload());
        } catch (IOException e) {
            return null;
        }
    }

    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** The time, or null for 0 (none). */
    static String optionalTime(long epochMillis) {
        return epochMillis > 0 ? time(epochMillis) : null;
    }
}
