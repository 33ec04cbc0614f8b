package io.lottor.server.session;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The open sessions of this server, by id and by service. Thread-safe. */
public final class SessionRegistry {
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong checkBackTurn = new AtomicLong();

    public void add(ClientSession session) {
        sessions.put(session.sessionId(), session);
    }

    public void remove(ClientSession session) {
        sessions.remove(session.sessionId(), session);
    }

    /** The open session {@code sessionId}, if this node holds it. */
    public Optional<ClientSession> byId(String sessionId) {
        ClientSession session = sessions.get(sessionId);
        return session != null && session.isOpen() ? Optional.of(session) : Optional.empty();
    }

    public Collection<ClientSession> all() {
        return List.copyOf(sessions.values());
    }

    public List<ClientSession> ofService(String service) {
        return sessions.values().stream().filter(s -> s.isOpen() && s.service().equals(service)).toList();
    }

    /** An open session of {@code service} that answers check-backs, taking turns among them. */
    public Optional<ClientSession> checkBackSession(String service) {
        List<ClientSession> candidates = ofService(service).stream()
                .filter(ClientSession::answersCheckBack)
                .sorted(Comparator.comparing(ClientSession::sessionId))
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int turn = (int) Math.floorMod(checkBackTurn.getAndIncrement(), (long) candidates.size());
        return Optional.of(candidates.get(turn));
    }
}
