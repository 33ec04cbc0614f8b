package io.lottor.server.store.jdbc;

import io.lottor.server.model.MessageState;
import io.lottor.server.model.MessageSummary;
import io.lottor.server.model.MessageView;
import io.lottor.server.store.DueMessage;
import io.lottor.server.store.RetriedMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads messages from result sets, with the column lists that go with them. */
final class MessageRows {
    /**
     * The states of the due messages, as the partial index {@code lottor_message_due} (SQLite) states its
     * condition: a query on that index repeats this term, written the same, besides its own state term.
     */
    static final String DUE_STATES = "state IN ('READY', 'FAILED')";
    /** Columns of a due message; the group must be joined as {@code g}, the message is {@code m}. */
    static final String DUE_COLUMNS = "m.group_id, g.source, m.message_id, m.target, m.method, m.payload,"
            + " m.content_type, m.headers, m.attempts, m.attempt_base";
    static final String VIEW_COLUMNS = "message_id, target, method, payload, content_type, headers, state,"
            + " attempts, last_error, next_attempt_at, consumed_by, updated_at";

    /** Columns of a message summary; the group must be joined as {@code g}, the message is {@code m}. */
    static final String SUMMARY_COLUMNS = "m.group_id, g.source, m.message_id, m.target, m.method, m.state,"
            + " m.attempts, m.last_error, m.next_attempt_at, m.consumed_by, m.created_at, m.updated_at";
    /** The summary columns followed by what delivery needs besides. */
    static final String RETRY_COLUMNS = SUMMARY_COLUMNS + ", m.payload, m.content_type, m.headers";

    private final JsonMaps json;

    MessageRows(JsonMaps json) {
        this.json = json;
    }

    /** Every row of {@link #DUE_COLUMNS}. */
    List<DueMessage> due(ResultSet rows) throws SQLException {
        List<DueMessage> messages = new ArrayList<>();
        while (rows.next()) {
            messages.add(new DueMessage(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                    rows.getString(5), bytes(rows.getBytes(6)), rows.getString(7), json.read(rows.getString(8)),
                    rows.getInt(9), rows.getInt(10)));
        }
        return messages;
    }

    List<MessageView> views(ResultSet rows) throws SQLException {
        List<MessageView> messages = new ArrayList<>();
        while (rows.next()) {
            messages.add(new MessageView(rows.getString(1), rows.getString(2), rows.getString(3),
                    bytes(rows.getBytes(4)), rows.getString(5), json.read(rows.getString(6)),
                    MessageState.valueOf(rows.getString(7)), rows.getInt(8), rows.getString(9),
                    rows.getLong(10), rows.getString(11), rows.getLong(12)));
        }
        return messages;
    }

    List<MessageSummary> summaries(ResultSet rows) throws SQLException {
        List<MessageSummary> messages = new ArrayList<>();
        while (rows.next()) {
            messages.add(summary(rows));
        }
        return messages;
    }

    /**
     * Rows of {@link #RETRY_COLUMNS}, each as it is after the retry: READY, due {@code now}, its attempt
     * budget starting anew from its attempts.
     */
    List<RetriedMessage> retried(ResultSet rows, long now) throws SQLException {
        List<RetriedMessage> messages = new ArrayList<>();
        while (rows.next()) {
            MessageSummary before = summary(rows);
            MessageSummary after = new MessageSummary(before.groupId(), before.source(), before.messageId(),
                    before.target(), before.method(), MessageState.READY, before.attempts(), before.lastError(), now,
                    before.consumedBy(), before.createdAt(), now);
            DueMessage due = new DueMessage(after.groupId(), after.source(), after.messageId(), after.target(),
                    after.method(), bytes(rows.getBytes(13)), rows.getString(14), json.read(rows.getString(15)),
                    after.attempts(), after.attempts());
            messages.add(new RetriedMessage(after, due));
        }
        return messages;
    }

    private static MessageSummary summary(ResultSet rows) throws SQLException {
        return new MessageSummary(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), MessageState.valueOf(rows.getString(6)), rows.getInt(7), rows.getString(8),
                rows.getLong(9), rows.getString(10), rows.getLong(11), rows.getLong(12));
    }

    private static byte[] bytes(byte[] value) {
        return value == null ? new byte[0] : value;
    }
}
