package io.lottor.server.store.jdbc;

import static io.lottor.server.model.MessageState.FAILED;
import static io.lottor.server.model.MessageState.IN_FLIGHT;
import static io.lottor.server.model.MessageState.READY;

import io.lottor.server.model.MessageKey;
import io.lottor.server.model.MessageState;
import io.lottor.server.store.DeliveredAttempt;
import io.lottor.server.store.DueRoute;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reads a broker delivery plans its claims with: the routes with due messages, what is in flight per
 * target, one message's current delivery. Plain reads (the same SQL on every dialect): they may be stale
 * by the time they are used, which is why the claims and outcomes built on them are guarded writes.
 * Thread-safe.
 */
final class DeliveryReads {
    /** The routes with due messages in one state, by the (target, method, state, next_attempt_at) index. */
    static final String DUE_ROUTES = "SELECT DISTINCT target, method FROM lottor_message"
            + " WHERE " + MessageRows.DUE_STATES + " AND state = ? AND next_attempt_at <= ? LIMIT ?";
    private static final String IN_FLIGHT_BY_TARGET = "SELECT target, COUNT(*) FROM lottor_message WHERE state = '"
            + IN_FLIGHT + "' GROUP BY target";
    private static final String DELIVERED = "SELECT target, state, attempts, attempt_base, delivered_to"
            + " FROM lottor_message WHERE group_id = ? AND message_id = ?";

    private final ReaderPool readers;

    DeliveryReads(ReaderPool readers) {
        this.readers = readers;
    }

    List<DueRoute> dueRoutes(long now, int limit) {
        return readers.read(connection -> {
            Set<DueRoute> routes = new LinkedHashSet<>();
            for (MessageState state : List.of(READY, FAILED)) {
                try (PreparedStatement select = connection.prepareStatement(DUE_ROUTES)) {
                    select.setString(1, state.name());
                    select.setLong(2, now);
                    select.setInt(3, limit);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next() && routes.size() < limit) {
                            routes.add(new DueRoute(rows.getString(1), rows.getString(2)));
                        }
                    }
                }
            }
            return List.copyOf(routes);
        });
    }

    Map<String, Integer> inFlightByTarget() {
        return readers.read(connection -> {
            Map<String, Integer> counts = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(IN_FLIGHT_BY_TARGET);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
            return counts;
        });
    }

    Optional<DeliveredAttempt> deliveredAttempt(MessageKey key) {
        return readers.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(DELIVERED)) {
                select.setString(1, key.groupId());
                select.setString(2, key.messageId());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new DeliveredAttempt(row.getString(1),
                            MessageState.valueOf(row.getString(2)), row.getInt(3), row.getInt(4), row.getString(5)))
                            : Optional.empty();
                }
            }
        });
    }
}
