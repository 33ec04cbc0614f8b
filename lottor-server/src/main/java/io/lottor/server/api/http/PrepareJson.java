package io.lottor.server.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.model.NewGroup;
import io.lottor.server.model.NewMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads a Prepare from its JSON body. A message's {@code payload} is any JSON value, stored as its JSON
 * text (a string payload with a non-JSON {@code content_type} is stored as the bare text);
 * {@code payload_base64} carries any bytes and then needs a {@code content_type}. Limits are the
 * coordinator's to check.
 */
final class PrepareJson {
    private final ObjectMapper mapper;

    PrepareJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    NewGroup group(JsonBody body) {
        Long checkAfter = body.number("check_after_ms");
        return new NewGroup(body.text("group_id"), body.text("source"), body.text("instance_id"),
                body.objects("messages").stream().map(this::message).toList(),
                checkAfter == null ? 0 : checkAfter, body.strings("attributes"), body.text("check_back_url"));
    }

    private NewMessage message(JsonBody message) {
        String contentType = message.text("content_type");
        return new NewMessage(message.text("message_id"), message.text("target"), message.text("method"),
                payload(message, contentType), contentType, message.strings("headers"));
    }

    private byte[] payload(JsonBody message, String contentType) {
        boolean hasJson = message.value("payload") != null;
        String base64 = message.text("payload_base64");
        if (hasJson == (base64 != null)) {
            throw new InvalidArgumentException(message.field("payload"), message.field("payload")
                    + ": give exactly one of payload (a JSON value) and payload_base64");
        }
        if (base64 != null) {
            return decode(message, base64, contentType);
        }
        JsonNode payload = message.value("payload");
        if (payload.isTextual() && contentType != null && !contentType.toLowerCase().contains("json")) {
            return payload.asText().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return mapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON value cannot fail to serialize", e);
        }
    }

    private static byte[] decode(JsonBody message, String base64, String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new InvalidArgumentException(message.field("content_type"), message.field("content_type")
                    + " is required with payload_base64 (e.g. application/octet-stream)");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(message.field("payload_base64"), message.field("payload_base64")
                    + " is not valid base64: " + e.getMessage());
        }
    }
}
