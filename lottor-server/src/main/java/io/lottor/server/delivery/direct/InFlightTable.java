package io.lottor.server.delivery.direct;

import io.lottor.server.model.MessageKey;
import io.lottor.server.session.ClientSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deliveries of this node awaiting their results, by message and by session. Every delivery gets
 * the same ack timeout when it is sent, so insertion order is deadline order: the expired ones are found
 * at the head without looking at the others (a clock stepping back may delay a timeout, never lose it).
 * Each delivery also counts in its session's in-flight number. Not thread-safe: owned by the dispatcher
 * thread.
 */
final class InFlightTable {
    private final LinkedHashMap<MessageKey, InFlight> byKey = new LinkedHashMap<>();
    private final Map<ClientSession, Set<MessageKey>> bySession = new HashMap<>();

    /** Records a delivery whose claim is durable (its session already counts it, since it was claimed). */
    void add(InFlight delivery) {
        MessageKey key = delivery.message().key();
        byKey.remove(key);
        byKey.put(key, delivery);
        bySession.computeIfAbsent(delivery.session(), s -> new LinkedHashSet<>()).add(key);
    }

    InFlight get(MessageKey key) {
        return byKey.get(key);
    }

    /** Forgets {@code delivery}, if recorded, and frees its place in its session's {@code max_in_flight}. */
    void finish(InFlight delivery) {
        MessageKey key = delivery.message().key();
        if (!byKey.remove(key, delivery)) {
            return;
        }
        Set<MessageKey> keys = bySession.get(delivery.session());
        if (keys != null && keys.remove(key) && keys.isEmpty()) {
            bySession.remove(delivery.session());
        }
        delivery.session().addInFlight(-1);
    }

    /** The deliveries whose deadline is at or before {@code now}, oldest first (still recorded). */
    List<InFlight> expired(long now) {
        List<InFlight> expired = new ArrayList<>();
        Iterator<InFlight> oldestFirst = byKey.values().iterator();
        while (oldestFirst.hasNext()) {
            InFlight delivery = oldestFirst.next();
            if (delivery.deadline() > now) {
                break;
            }
            expired.add(delivery);
        }
        return expired;
    }

    /** The deliveries sent over {@code session} (still recorded). */
    List<InFlight> of(ClientSession session) {
        return bySession.getOrDefault(session, Set.of()).stream().map(byKey::get).toList();
    }

    int size() {
        return byKey.size();
    }
}
