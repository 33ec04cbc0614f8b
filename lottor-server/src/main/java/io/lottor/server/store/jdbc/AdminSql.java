package io.lottor.server.store.jdbc;

import io.lottor.server.store.GroupQuery;
import io.lottor.server.store.MessageQuery;
import io.lottor.server.store.PageCursor;

/** The filters of the admin listings as WHERE clauses, portable SQL. */
final class AdminSql {
    static final String GROUP_COLUMNS = "g.group_id, g.source, g.instance_id, g.state, g.created_at, g.updated_at,"
            + " g.next_check_at, g.check_backs";
    static final String GROUP_ORDER = " ORDER BY g.created_at DESC, g.group_id DESC LIMIT ?";
    static final String MESSAGE_FROM = " FROM lottor_message m JOIN lottor_group g ON g.group_id = m.group_id";
    static final String MESSAGE_ORDER = " ORDER BY m.updated_at DESC, m.group_id DESC, m.message_id DESC LIMIT ?";

    private AdminSql() {
    }

    static Where groups(GroupQuery query) {
        Where where = new Where()
                .in("g.state", query.states())
                .equal("g.source", query.source())
                .range("g.created_at", query.from(), query.to());
        if (query.target() != null) {
            where.and("EXISTS (SELECT 1 FROM lottor_message t WHERE t.group_id = g.group_id AND t.target = ?)",
                    query.target());
        }
        if (query.idPrefix() != null && !query.idPrefix().isEmpty()) {
            where.and("SUBSTR(g.group_id, 1, ?) = ?", query.idPrefix().length(), query.idPrefix());
        }
        PageCursor after = query.after();
        if (after != null) {
            where.and("(g.created_at < ? OR (g.created_at = ? AND g.group_id < ?))",
                    after.time(), after.time(), after.groupId());
        }
        return where;
    }

    /** The message filters; the cursor only when {@code paged}. */
    static Where messages(MessageQuery query, boolean paged) {
        Where where = new Where()
                .in("m.state", query.states())
                .equal("g.source", query.source())
                .equal("m.target", query.target())
                .equal("m.method", query.method())
                .equal("m.group_id", query.groupId())
                .range("m.updated_at", query.from(), query.to());
        PageCursor after = query.after();
        if (paged && after != null) {
            where.and("(m.updated_at < ? OR (m.updated_at = ? AND (m.group_id < ?"
                    + " OR (m.group_id = ? AND m.message_id < ?))))", after.time(), after.time(), after.groupId(),
                    after.groupId(), after.messageId());
        }
        return where;
    }
}
