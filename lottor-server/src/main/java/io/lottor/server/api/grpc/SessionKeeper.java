package io.lottor.server.api.grpc;

import io.grpc.Status;
import io.lottor.server.session.ClientSession;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every session a heartbeat each interval and closes sessions that sent nothing for three
 * intervals, so their in-flight messages are redelivered at once.
 */
final class SessionKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SessionKeeper.class);
    private static final int MISSED_BEATS = 3;

    private final Set<SessionStream> streams = ConcurrentHashMap.newKeySet();
    private final long intervalMs;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lottor-session-keeper");
        thread.setDaemon(true);
        return thread;
    });

    SessionKeeper(long intervalMs, Clock clock) {
        this.intervalMs = intervalMs;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::beat, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void add(SessionStream stream) {
        streams.add(stream);
    }

    void remove(SessionStream stream) {
        streams.remove(stream);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (SessionStream stream : streams) {
            stream.terminate(Status.UNAVAILABLE.withDescription("the server is shutting down"));
        }
    }

    private void beat() {
        long now = clock.millis();
        for (SessionStream stream : streams) {
            ClientSession session = stream.session();
            long silentMs = now - session.lastSeenAt();
            if (silentMs > MISSED_BEATS * intervalMs) {
                log.warn("session silent, closing session={} service={} instance={} silent_ms={}",
                        session.sessionId(), session.service(), session.instanceId(), silentMs);
                stream.terminate(Status.UNAVAILABLE.withDescription("no heartbeat for " + silentMs + "ms"));
            } else {
                session.heartbeat(now);
            }
        }
    }
}
