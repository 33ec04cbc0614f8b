package io.lottor.server.api.http;

import io.javalin.http.Context;
import io.lottor.server.coordinator.AdminOperations;
import io.lottor.server.coordinator.AdminValidator;
import io.lottor.server.model.InvalidArgumentException;
import io.lottor.server.store.PageCursor;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads the query parameters of a listing. A parameter given empty ({@code source=}) is absent. Every
 * malformed value is an {@link InvalidArgumentException} naming the parameter.
 */
final class QueryParams {
    private final Context ctx;

    QueryParams(Context ctx) {
        this.ctx = ctx;
    }

    /** The parameter's text, or null when absent or empty. */
    String text(String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** Enum names given comma-separated, in one or several parameters of this name. */
    <E extends Enum<E>> Set<E> states(String name, Class<E> type) {
        List<String> names = ctx.queryParams(name).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .filter(value -> !value.isBlank())
                .toList();
        return AdminValidator.states(name, names, type);
    }

    /** A time as ISO-8601 or epoch milliseconds, or null. */
    Long time(String name) {
        return time(name, text(name));
    }

    /** The page size, {@link AdminOperations#DEFAULT_LIMIT} when absent; its range is the validator's. */
    int limit() {
        String value = text("limit");
        if (value == null) {
            return AdminOperations.DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("limit", "limit must be a whole number from 1 to "
                    + AdminOperations.MAX_LIMIT + ", got \"" + value + "\"");
        }
    }

    PageCursor cursor() {
        return PageCursor.decode(text("cursor"));
    }

    /** {@code value} as ISO-8601 (with offset or Z) or epoch milliseconds; null stays null. */
    static Long time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            if (trimmed.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(trimmed);
            }
            return OffsetDateTime.parse(trimmed).toInstant().toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new InvalidArgumentException(name, name + " must be an ISO-8601 time such as"
                    + " 2026-11-24T08:00:00Z or epoch milliseconds, got \"" + value + "\"");
        }
    }
}
