package io.lottor.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lottor.client.LottorException;
import io.lottor.protocol.v1.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes payloads as JSON and decodes delivered payloads into the subscribed type. A {@code byte[]}
 * type receives the raw bytes; a {@code String} type receives the text of a non-JSON payload.
 * Thread-safe (Jackson's {@code ObjectMapper} is, once configured).
 */
public final class PayloadCodec {
    /** The content type of payloads sent with {@code send}. */
    public static final String JSON = "application/json";
    private final ObjectMapper mapper;

    public PayloadCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The payload as JSON bytes. */
    public byte[] encode(Object payload) {
        try {
            return mapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new LottorException("cannot encode payload of type "
                    + (payload == null ? "null" : payload.getClass().getName()) + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The message's payload as a {@code type}; a failure names the type. */
    public <T> T decode(Message message, Class<T> type) {
        byte[] bytes = message.getPayload().toByteArray();
        if (type == byte[].class) {
            return type.cast(bytes);
        }
        if (type == String.class && !isJson(message.getContentType())) {
            return type.cast(new String(bytes, StandardCharsets.UTF_8));
        }
        try {
            return mapper.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new LottorException("cannot decode payload as " + type.getName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new LottorException("cannot decode payload as " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    private static boolean isJson(String contentType) {
        return contentType.isEmpty() || contentType.toLowerCase().contains("json");
    }
}
