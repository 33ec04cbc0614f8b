package io.lottor.server.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A WHERE clause built from optional filters, with its parameters in order. Not thread-safe. */
final class Where {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();

    /** Adds {@code condition} with its parameters. */
    Where and(String condition, Object... values) {
        conditions.add(condition);
        parameters.addAll(List.of(values));
        return this;
    }

    /** Adds {@code column = ?} unless {@code value} is null. */
    Where equal(String column, Object value) {
        return value == null ? this : and(column + " = ?", value);
    }

    /** Adds {@code column IN ('A', 'B')} of enum names unless {@code values} is empty. */
    Where in(String column, Collection<? extends Enum<?>> values) {
        return values.isEmpty() ? this : and(column + " IN (" + Transitions.quoted(List.copyOf(values)) + ")");
    }

    /** Adds {@code from <= column < to}, each bound only when not null. */
    Where range(String column, Long from, Long to) {
        if (from != null) {
            and(column + " >= ?", from);
        }
        return to == null ? this : and(column + " < ?", to);
    }

    /** {@code " WHERE a AND b"}, or {@code ""} without conditions. */
    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** Binds the parameters from index 1; answers the next free index. */
    int bind(PreparedStatement statement) throws SQLException {
        int index = 1;
        for (Object value : parameters) {
            if (value instanceof Long number) {
                statement.setLong(index++, number);
            } else if (value instanceof Integer number) {
                statement.setInt(index++, number);
            } else {
                statement.setString(index++, (String) value);
            }
        }
        return index;
    }
}
