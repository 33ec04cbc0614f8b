package io.lottor.server.delivery.direct;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which target services the dispatcher should look up in the store, and when: a target is
 * scanned when asked for (a session opened, a queue overflowed, a scan came back full), when a retry
 * it scheduled falls due, and every {@code safetyEveryMs} as a safety net. One scan per target at a
 * time. Not thread-safe: owned by the dispatcher thread.
 */
final class ScanPlan {
    private final long safetyEveryMs;
    private final Set<String> wanted = new HashSet<>();
    private final Set<String> running = new HashSet<>();
    private final Map<String, Long> retryDueAt = new HashMap<>();
    private long nextSafetyScanAt;

    ScanPlan(long safetyEveryMs) {
        this.safetyEveryMs = safetyEveryMs;
    }

    void want(String target) {
        wanted.add(target);
    }

    void retryAt(String target, long dueAt) {
        retryDueAt.merge(target, dueAt, Math::min);
    }

    /**
     * The targets to scan now, marked running; {@code busy} tells which targets have enough queued
     * already (they stay wanted).
     */
    List<String> start(long now, Collection<String> liveTargets, java.util.function.Predicate<String> busy) {
        retryDueAt.entrySet().removeIf(due -> {
            boolean isDue = due.getValue() <= now;
            if (isDue) {
                wanted.add(due.getKey());
            }
            return isDue;
        });
        if (now >= nextSafetyScanAt) {
            nextSafetyScanAt = now + safetyEveryMs;
            wanted.addAll(liveTargets);
        }
        List<String> starting = new ArrayList<>();
        for (String target : List.copyOf(wanted)) {
            if (!running.contains(target) && !busy.test(target)) {
                wanted.remove(target);
                running.add(target);
                starting.add(target);
            }
        }
        return starting;
    }

    void finished(String target) {
        running.remove(target);
    }
}
