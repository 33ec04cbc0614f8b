package io.lottor.server.store.jdbc;

import io.lottor.server.store.DueMessage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of the groups this store prepared and has not yet committed or rolled back, as the
 * commit answers them (READY, attempt 0), so that the commit that follows its Prepare within moments
 * need not read them back: the writer's commit then runs only its two UPDATEs. Bounded by groups and
 * by payload bytes; past either bound the oldest groups are forgotten, and a commit of a group not here
 * (another server prepared it, the server restarted, it was forgotten) reads its messages as before.
 * Entries are put only by a prepare that inserted the group, and taken by its commit only when the
 * commit's UPDATE made exactly that many messages READY. Used by the writer thread only.
 */
final class PreparedMessages {
    static final int MAX_GROUPS = 4096;
    static final long MAX_BYTES = 8L << 20;

    private final Map<String, Entry> groups = new LinkedHashMap<>();
    private long bytes;

    /** Remembers the due form of a group's messages, just inserted (a group of the same id is replaced). */
    void put(String groupId, List<DueMessage> messages) {
        forget(groupId);
        long size = messages.stream().mapToLong(message -> message.payload().length).sum();
        if (size > MAX_BYTES) {
            return;
        }
        groups.put(groupId, new Entry(messages, size));
        bytes += size;
        Iterator<Entry> oldest = groups.values().iterator();
        while (groups.size() > MAX_GROUPS || bytes > MAX_BYTES) {
            bytes -= oldest.next().bytes();
            oldest.remove();
        }
    }

    /** The group's messages, no longer remembered, when there are {@code count} of them; else null. */
    List<DueMessage> take(String groupId, int count) {
        Entry entry = groups.remove(groupId);
        if (entry == null) {
            return null;
        }
        bytes -= entry.bytes();
        return entry.messages().size() == count ? entry.messages() : null;
    }

    /** Forgets the group (rolled back). */
    void forget(String groupId) {
        Entry entry = groups.remove(groupId);
        if (entry != null) {
            bytes -= entry.bytes();
        }
    }

    int size() {
        return groups.size();
    }

    private record Entry(List<DueMessage> messages, long bytes) {
    }
}
