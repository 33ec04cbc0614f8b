package io.lottor.server.delivery.direct;

import io.lottor.server.session.ClusterSessions;
import io.lottor.server.store.ClusterSession;
import io.lottor.server.store.DeliveryStore;
import io.lottor.server.store.ReadyBacklog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Committed messages nobody can consume: READY longer than a threshold while no open session of any live
 * server sharing the database can take them, because no session of their target service is connected
 * (say, a typo in the target) or none of them lists their method. They would wait silently for ever; the
 * dashboard lists them under "Needs attention" and {@code lottor_messages_waiting_for_consumer} counts
 * them. Thread-safe; each call reads the store twice (the backlog, the sessions).
 */
public final class WaitingForConsumer {
    private final DeliveryStore store;
    private final ClusterSessions sessions;
    private final Duration after;
    private final Clock clock;

    /**
     * A target service with messages no session takes.
     *
     * @param sessions open sessions of the target on the live servers (0: none connected)
     * @param methods  the waiting messages' methods that no such session handles, sorted
     * @param messages how many messages wait
     * @param oldestAt since when the oldest has waited READY
     */
    public record Target(String target, int sessions, List<String> methods, long messages, long oldestAt) {
    }

    public WaitingForConsumer(DeliveryStore store, ClusterSessions sessions, Duration after, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.after = after;
        this.clock = clock;
    }

    /** The threshold: how long a message waits before it is listed. */
    public Duration after() {
        return after;
    }

    /** The targets with messages waiting past the threshold and no session to take them, oldest first. */
    public List<Target> targets() {
        List<ReadyBacklog> backlog = store.readyBacklog(clock.millis() - after.toMillis());
        if (backlog.isEmpty()) {
            return List.of();
        }
        List<ClusterSession> live = sessions.live();
        Map<String, List<ReadyBacklog>> unserved = new LinkedHashMap<>();
        for (ReadyBacklog waiting : backlog) {
            if (live.stream().noneMatch(session -> serves(session, waiting))) {
                unserved.computeIfAbsent(waiting.target(), target -> new ArrayList<>()).add(waiting);
            }
        }
        return unserved.entrySet().stream().map(entry -> target(entry.getKey(), entry.getValue(), live))
                .sorted(Comparator.comparingLong(Target::oldestAt).thenComparing(Target::target)).toList();
    }

    /** How many messages {@link #targets()} holds. */
    public long messages() {
        return targets().stream().mapToLong(Target::messages).sum();
    }

    private static boolean serves(ClusterSession session, ReadyBacklog backlog) {
        return session.service().equals(backlog.target()) && session.methods().contains(backlog.method());
    }

    private static Target target(String target, List<ReadyBacklog> backlog, List<ClusterSession> live) {
        int sessions = (int) live.stream().filter(session -> session.service().equals(target)).count();
        return new Target(target, sessions, backlog.stream().map(ReadyBacklog::method).sorted().toList(),
                backlog.stream().mapToLong(ReadyBacklog::messages).sum(),
                backlog.stream().mapToLong(ReadyBacklog::oldestAt).min().orElse(0));
    }
}
