package io.lottor.server.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lottor.server.model.InvalidArgumentException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object from a request body, read field by field. A wrong type is an
 * {@link InvalidArgumentException} naming the field (with its path, e.g. {@code messages[2].target});
 * an absent field or JSON null reads as null.
 */
final class JsonBody {
    private final JsonNode node;
    private final String path;

    private JsonBody(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Parses {@code body}; an empty body is {@code {}} when {@code optional}. */
    static JsonBody parse(ObjectMapper mapper, byte[] body, boolean optional) {
        if (body.length == 0 && optional) {
            return new JsonBody(JsonNodeFactory.instance.objectNode(), "");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException("body", "body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidArgumentException("body", "body cannot be read: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode)) {
            throw new InvalidArgumentException("body", "body must be a JSON object");
        }
        return new JsonBody(node, "");
    }

    /** The path of {@code field} for error messages. */
    String field(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The raw value, or null when absent or JSON null. */
    JsonNode value(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    String text(String name) {
        JsonNode value = value(name);
        if (value != null && !value.isTextual()) {
            throw new InvalidArgumentException(field(name), field(name) + " must be a string");
        }
        return value == null ? null : value.asText();
    }

    Long number(String name) {
        JsonNode value = value(name);
        if (value != null && !value.canConvertToExactIntegral()) {
            throw new InvalidArgumentException(field(name), field(name) + " must be a whole number");
        }
        return value == null ? null : value.asLong();
    }

    /** A time given as ISO-8601 text or epoch milliseconds. */
    Long time(String name) {
        JsonNode value = value(name);
        return value != null && value.isNumber() ? number(name) : QueryParams.time(field(name), text(name));
    }

    /** A string or a list of strings; an absent field gives an empty list. */
    List<String> texts(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; value.isArray() && i < value.size(); i++) {
            texts.add(value.get(i).isTextual() ? value.get(i).asText() : null);
        }
        if (!value.isArray() || texts.contains(null)) {
            throw new InvalidArgumentException(field(name), field(name) + " must be a list of strings");
        }
        return texts;
    }

    /** An object of string values, empty when absent. */
    Map<String, String> strings(String name) {
        JsonNode value = value(name);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null) {
            return map;
        }
        if (!value.isObject()) {
            throw new InvalidArgumentException(field(name), field(name) + " must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new InvalidArgumentException(field(name), field(name) + "." + entry.getKey() + " must be a string");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return map;
    }

    /** The objects of an array field, each read with its index in its path; empty when absent. */
    List<JsonBody> objects(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidArgumentException(field(name), field(name) + " must be a list of objects");
        }
        List<JsonBody> objects = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String at = field(name) + "[" + i + "]";
            if (!value.get(i).isObject()) {
                throw new InvalidArgumentException(at, at + " must be an object");
            }
            objects.add(new JsonBody(value.get(i), at));
        }
        return objects;
    }
}
