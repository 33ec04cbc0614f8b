package io.lottor.server.store.jdbc;

import io.lottor.server.model.EventKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The history events the writes of a running batch appended and the batch has not inserted yet: they
 * are inserted together, a few multi-row INSERTs instead of one statement per event, before the batch
 * commits, so an event still exists exactly when its state change does. When the writes run each in its
 * own savepoint (a batch run again after one of its writes failed), a write rolled back to its savepoint
 * takes its own events away with it. Events are inserted
 * earlier when a statement of a write reads or deletes history (it must see them), in which case the
 * rows of earlier writes that went in inside a later write's savepoint are kept aside: should that write
 * roll back, the database drops them, and they are appended again. Used by the writer thread only.
 */
final class PendingEvents {
    private final List<Row> rows = new ArrayList<>();
    private final List<Row> insertedForEarlierWrites = new ArrayList<>();
    private int mark;

    /** One event row, in {@code lottor_event}'s column order. */
    record Row(String groupId, String messageId, long at, EventKind kind, String actor, String detail, Integer attempt) {
    }

    void add(Row row) {
        rows.add(row);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** A write's savepoint is set: the events from here on are that write's. */
    void markWrite() {
        mark = rows.size();
        insertedForEarlierWrites.clear();
    }

    /** The write rolled back to its savepoint: its events are forgotten, earlier writes' ones kept. */
    void rollBackWrite() {
        List<Row> kept = new ArrayList<>(insertedForEarlierWrites);
        kept.addAll(rows.subList(0, mark));
        rows.clear();
        rows.addAll(kept);
        insertedForEarlierWrites.clear();
        mark = rows.size();
    }

    /** The rows to insert now, in the order they were appended; they are no longer pending. */
    List<Row> take() {
        insertedForEarlierWrites.addAll(rows.subList(0, mark));
        mark = 0;
        List<Row> taken = List.copyOf(rows);
        rows.clear();
        return taken;
    }

    /** The batch's transaction was rolled back as a whole: nothing is pending. */
    void clear() {
        rows.clear();
        insertedForEarlierWrites.clear();
        mark = 0;
    }
}
