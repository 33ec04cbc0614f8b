package io.lottor.server.store;

import io.lottor.server.model.NewGroup;
import io.lottor.server.store.jdbc.JdbcStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link SqliteStoreCrashTest} kills: prepares groups from several threads as fast as the
 * store takes them and prints {@code ACK <group id>} only after a group's prepare completed (is
 * durable). Bounded: stops after {@code GROUPS_PER_THREAD} groups a thread or one minute.
 */
public final class StoreCrashChild {
    static final String ACK = "ACK ";
    private static final int THREADS = 8;
    private static final int GROUPS_PER_THREAD = 20_000;
    private static final int WINDOW = 32;
    private static final long MAX_RUN_MS = 60_000;

    private StoreCrashChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Store store = JdbcStore.openSqlite(Path.of(args[0]));
        PrintStream out = System.out;
        long deadline = System.currentTimeMillis() + MAX_RUN_MS;
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads[t] = new Thread(() -> prepareGroups(store, out, thread, deadline));
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        store.close();
    }

    private static void prepareGroups(Store store, PrintStream out, int thread, long deadline) {
        Semaphore window = new Semaphore(WINDOW);
        for (int i = 0; i < GROUPS_PER_THREAD && System.currentTimeMillis() < deadline; i++) {
            NewGroup group = StoreFixtures.group("crash-" + thread + "-" + i, 2);
            acquire(window);
            store.prepare(group, System.currentTimeMillis()).whenComplete((state, error) -> {
                if (error == null) {
                    out.println(ACK + group.groupId());
                }
                window.release();
            });
        }
    }

    private static void acquire(Semaphore window) {
        try {
            if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("store stopped answering");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
