package io.lottor.server.store.jdbc;

import io.lottor.server.model.EventKind;

/**
 * Appends history events inside the write that causes them, on the writer's transaction, so an event
 * exists exactly when its state change does: they are inserted together before the batch commits (see
 * {@link PendingEvents}).
 */
final class EventWrites {
    static final String PRODUCER = "producer";
    static final String SERVER = "server";

    private EventWrites() {
    }

    /** An event about the group as a whole. */
    static void group(Transaction tx, String groupId, EventKind kind, String actor, String detail, long at) {
        append(tx, groupId, null, kind, actor, detail, null, at);
    }

    /** An event about one message or delivery attempt ({@code attempt} may be null). */
    static void append(Transaction tx, String groupId, String messageId, EventKind kind, String actor, String detail,
            Integer attempt, long at) {
        tx.appendEvent(new PendingEvents.Row(groupId, messageId, at, kind, actor, Truncate.error(detail), attempt));
    }

    /** The actor of a consumer instance: {@code consumer:<instance>}, {@code consumer} when unknown. */
    static String consumer(String instanceId) {
        return instanceId == null || instanceId.isEmpty() ? "consumer" : "consumer:" + instanceId;
    }
}
