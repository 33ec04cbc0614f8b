package io.lottor.server.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * String maps (headers, attributes) as JSON text columns, an empty map stored as NULL; and string sets
 * (a session's methods) as JSON arrays. Thread-safe.
 */
final class JsonMaps {
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
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

    /** {@code ["a","b"]}, sorted; {@code []} when empty. */
    String writeSet(Set<String> values) {
        try {
            return mapper.writeValueAsString(new TreeSet<>(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string set cannot fail to serialize", e);
        }
    }

    Set<String> readSet(String json) {
        if (json == null || json.isEmpty()) {
            return Set.of();
        }
        try {
            return Set.copyOf(mapper.readValue(json, STRING_LIST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON array is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
