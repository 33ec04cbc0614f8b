package io.lottor.server.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** String maps (headers, attributes) as JSON text columns; an empty map is stored as NULL. Thread-safe. */
final class JsonMaps {
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    JsonMaps(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String write(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return null;
        }
        try {
            return mapper.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string map cannot fail to serialize", e);
        }
    }

    Map<String, String> read(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return Map.copyOf(mapper.readValue(json, STRING_MAP));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON map is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
