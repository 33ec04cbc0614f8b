package io.lottor.server.api.http;

import io.lottor.server.model.MessageSummary;
import io.lottor.server.store.Page;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shape of a message summary (listings, retry), snake_case, times ISO-8601 or null. */
final class MessageJson {
    private MessageJson() {
    }

    static Map<String, Object> summary(MessageSummary message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("group_id", message.groupId());
        json.put("source", message.source());
        json.put("message_id", message.messageId());
        json.put("target", message.target());
        json.put("method", message.method());
        json.put("state", message.state().name());
        json.put("attempts", message.attempts());
        json.put("last_error", message.lastError());
        json.put("next_attempt_at", GroupJson.optionalTime(message.nextAttemptAt()));
        json.put("consumed_by", message.consumedBy());
        json.put("created_at", GroupJson.time(message.createdAt()));
        json.put("updated_at", GroupJson.time(message.updatedAt()));
        return json;
    }

    /** {@code {"messages": [...], "next_cursor": ...}}. */
    static Map<String, Object> page(Page<MessageSummary> page) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messages", page.items().stream().map(MessageJson::summary).toList());
        json.put("next_cursor", page.next() == null ? null : page.next().encode());
        return json;
    }
}
