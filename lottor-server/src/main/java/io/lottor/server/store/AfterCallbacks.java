package io.lottor.server.store;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that a callback leaves to the thread running it, to run once that thread has run every callback of
 * its current turn: the store's writer completing a batch's futures, or a transport thread handling an inbound
 * frame. A callback that posts an event to another thread (the dispatcher) would wake that thread each time,
 * at 5–25 µs of CPU a wake-up on a 2-core host; when the other thread is asleep, the thread at hand can run its
 * events itself instead, after its callbacks and before it takes its next work ({@link #defer}).
 *
 * <p>A thread opens a scope with {@link #open}, runs the callbacks, and runs what they deferred by closing
 * it. Outside a scope {@link #defer} answers false and the caller hands the work off as it would have.
 * The work must be short and must never block, as the callbacks themselves.
 */
public final class AfterCallbacks {
    private static final Logger log = LoggerFactory.getLogger(AfterCallbacks.class);
    private static final ThreadLocal<Scope> SCOPE = new ThreadLocal<>();

    private AfterCallbacks() {
    }

    /**
     * Runs {@code work} on this thread when its open scope closes, once however often the same {@code owner}
     * defers within the scope (the first one's work runs). Answers false, and keeps nothing, when this thread
     * has no open scope.
     */
    public static boolean defer(Object owner, Runnable work) {
        Scope scope = SCOPE.get();
        if (scope == null || !scope.open) {
            return false;
        }
        scope.add(owner, work);
        return true;
    }

    /** Opens a scope on this thread (a scope already open stays the one in use; closing the answer does nothing). */
    public static Scope open() {
        Scope scope = SCOPE.get();
        if (scope == null) {
            scope = new Scope();
            SCOPE.set(scope);
        } else if (scope.open) {
            return Scope.NESTED;
        }
        scope.open = true;
        return scope;
    }

    /**
     * A thread's scope (one a thread, reused): the owners that deferred work in it and their work, in the
     * order deferred. Closing it runs that work; work deferred while it runs runs too, before close returns.
     */
    public static final class Scope implements AutoCloseable {
        private static final Scope NESTED = new Scope();
        private final List<Object> owners = new ArrayList<>(2);
        private final List<Runnable> work = new ArrayList<>(2);
        private boolean open;

        private void add(Object owner, Runnable deferred) {
            for (Object known : owners) {
                if (known == owner) {
                    return;
                }
            }
            owners.add(owner);
            work.add(deferred);
        }

        /** Runs the deferred work in order (one that throws is logged), then ends the scope. */
        @Override
        public void close() {
            if (this == NESTED) {
                return;
            }
            try {
                for (int i = 0; i < work.size(); i++) {
                    Runnable next = work.get(i);
                    owners.set(i, null); // the owner may defer again while its work runs: that adds a run
                    runLogged(next);
                }
            } finally {
                owners.clear();
                work.clear();
                open = false;
            }
        }

        private static void runLogged(Runnable deferred) {
            try {
                deferred.run();
            } catch (RuntimeException e) {
                log.error("work deferred to the end of a thread's callbacks failed", e);
            }
        }
    }
}
