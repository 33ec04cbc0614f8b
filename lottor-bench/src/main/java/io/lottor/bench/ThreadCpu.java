package io.lottor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of this process and of the in-process server's threads; the rest is the bench, its clients
 * and the JVM's own threads (JIT compilers and GC, told apart by {@link #isJvmThread} among the names of
 * {@link TaskStats}). The server's threads are known by name:
 * {@code lottor-grpc-*} (its gRPC event loops and call executor, apart from gRPC's shared
 * {@code grpc-*} pools which only the clients use), the store's writer, the dispatcher,
 * its sweepers, and the HTTP server's pool. A server thread counts from the first reading it is alive
 * at to the last; what it did after the last, if it ended between two readings, is "the rest". So a
 * reading is taken while the server runs.
 *
 * @param processNanos   user and system time of the whole process
 * @param serverNanos    user and system time of the live server threads
 * @param serverByThread each live server thread's time by thread id (empty in a {@link #since} difference)
 */
record ThreadCpu(long processNanos, long serverNanos, Map<Long, Long> serverByThread) {
    private static final Set<String> SERVER_THREADS = Set.of("lottor-store-writer", "lottor-dispatcher",
            "lottor-session-keeper", "lottor-node-heartbeat", "lottor-purge", "lottor-check-back");
    private static final Set<String> SERVER_PREFIXES = Set.of("lottor-grpc-", "lottor-store-", "lottor-readers",
            "JettyServerThreadPool", "Javalin");
    /** The JVM's compiler and GC threads, by their names in {@link TaskStats}. */
    private static final Set<String> JVM_PREFIXES = Set.of("C1_CompilerThre", "C2_CompilerThre", "GC_Thread",
            "G1_", "VM_Thread", "VM_Periodic_Tas");

    /** Whether {@code name} is a thread of the in-process server (client threads are named {@code lottor-x-N}). */
    static boolean isServerThread(String name) {
        return SERVER_THREADS.contains(name) || SERVER_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** Whether {@code taskName}, a thread name as {@link TaskStats} has it, is a JIT compiler or GC thread. */
    static boolean isJvmThread(String taskName) {
        return JVM_PREFIXES.stream().anyMatch(taskName::startsWith);
    }

    static ThreadCpu now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> server = new HashMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && isServerThread(info.getThreadName())) {
                server.put(info.getThreadId(), Math.max(0, threads.getThreadCpuTime(info.getThreadId())));
            }
        }
        return new ThreadCpu(processCpuNanos(), server.values().stream().mapToLong(Long::longValue).sum(), server);
    }

    /** What was spent since {@code earlier}: a server thread that ended meanwhile counts nothing, not less. */
    ThreadCpu since(ThreadCpu earlier) {
        long server = 0;
        for (Map.Entry<Long, Long> thread : serverByThread.entrySet()) {
            server += Math.max(0, thread.getValue() - earlier.serverByThread.getOrDefault(thread.getKey(), 0L));
        }
        return new ThreadCpu(processNanos - earlier.processNanos, server, Map.of());
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
