package io.lottor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time of this process, split into the in-process server's threads, the JVM's own threads (JIT
 * compilers, GC) and the rest (the bench and its clients). The server's threads are known by name:
 * {@code lottor-grpc-*} (its gRPC event loops and call executor, apart from gRPC's shared
 * {@code grpc-*} pools which only the clients use), the store's writer and completions, the dispatcher,
 * its sweepers, and the HTTP server's pool. Threads that ended before a reading lose their time to
 * "the rest", so a reading is taken while the server runs.
 *
 * @param processNanos user and system time of the whole process
 * @param serverNanos  user and system time of the live server threads
 * @param jvmNanos     user and system time of the live JIT and GC threads ({@code /proc/self/task}); 0 off Linux
 */
record ThreadCpu(long processNanos, long serverNanos, long jvmNanos) {
    private static final Set<String> SERVER_THREADS = Set.of("lottor-store-writer", "lottor-dispatcher",
            "lottor-session-keeper", "lottor-node-heartbeat", "lottor-purge", "lottor-check-back");
    private static final Set<String> SERVER_PREFIXES = Set.of("lottor-grpc-", "lottor-store-", "lottor-readers",
            "JettyServerThreadPool", "Javalin");
    private static final Set<String> JVM_PREFIXES = Set.of("C1 CompilerThre", "C2 CompilerThre", "GC Thread",
            "G1 ", "VM Thread", "VM Periodic Tas");

    /** Whether {@code name} is a thread of the in-process server (client threads are named {@code lottor-x-N}). */
    static boolean isServerThread(String name) {
        return SERVER_THREADS.contains(name) || SERVER_PREFIXES.stream().anyMatch(name::startsWith);
    }

    static ThreadCpu now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long server = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && isServerThread(info.getThreadName())) {
                server += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return new ThreadCpu(processCpuNanos(), server, jvmThreadsNanos());
    }

    ThreadCpu since(ThreadCpu earlier) {
        return new ThreadCpu(processNanos - earlier.processNanos, serverNanos - earlier.serverNanos,
                jvmNanos - earlier.jvmNanos);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** Sums utime and stime ({@code /proc/self/task/N/stat} fields 14 and 15, in ticks of 10 ms) of the JVM's threads. */
    private static long jvmThreadsNanos() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.mapToLong(ThreadCpu::jvmTaskNanos).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long jvmTaskNanos(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String name = stat.substring(open + 1, close);
            if (JVM_PREFIXES.stream().noneMatch(name::startsWith)) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            // fields[0] is the state (field 3 of stat); utime and stime are fields 14 and 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
