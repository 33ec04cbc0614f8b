package io.lottor.server.model;

import java.util.Map;

/** A message as a producer prepares it. {@code contentType} is never empty (JSON by default). */
public record NewMessage(
        String messageId,
        String target,
        String method,
        byte[] payload,
        String contentType,
        Map<String, String> headers) {

    public static final String JSON = "application/json";

    public NewMessage {
        contentType = contentType == null || contentType.isEmpty() ? JSON : contentType;
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        payload = payload == null ? new byte[0] : payload;
    }
}
