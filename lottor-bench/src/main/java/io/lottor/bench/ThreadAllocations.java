package io.lottor.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Heap bytes allocated by this process's live Java threads, and by the in-process server's among them
 * (told apart by {@link ThreadCpu#isServerThread}). Unlike CPU time, a count of bytes does not depend on
 * how fast the machine is that hour, so two builds can be compared by it from runs made hours apart. A
 * thread counts from the first reading it is alive at to the last; what a thread allocated after the last
 * reading it was alive at, if it ended between two readings, is lost. Empty where the JVM does not count
 * allocations per thread.
 *
 * @param byThread     bytes allocated by each live thread since it started, by thread id
 * @param serverIds    which of those threads are the server's
 * @param processBytes in a {@link #since} difference, the bytes all threads allocated between the readings
 * @param serverBytes  in a {@link #since} difference, the bytes the server's threads allocated
 */
record ThreadAllocations(Map<Long, Long> byThread, Set<Long> serverIds, long processBytes, long serverBytes) {

    static ThreadAllocations now() {
        Map<Long, Long> bytes = new HashMap<>();
        Set<Long> server = new HashSet<>();
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            long[] ids = threads.getAllThreadIds();
            long[] allocated = threads.getThreadAllocatedBytes(ids);
            var infos = threads.getThreadInfo(ids);
            for (int i = 0; i < ids.length; i++) {
                if (infos[i] != null && allocated[i] >= 0) {
                    bytes.put(ids[i], allocated[i]);
                    if (ThreadCpu.isServerThread(infos[i].getThreadName())) {
                        server.add(ids[i]);
                    }
                }
            }
        }
        return new ThreadAllocations(bytes, server, 0, 0);
    }

    /** What was allocated since {@code earlier}: a thread new since then counts from zero. */
    ThreadAllocations since(ThreadAllocations earlier) {
        long process = 0;
        long server = 0;
        for (Map.Entry<Long, Long> thread : byThread.entrySet()) {
            long bytes = Math.max(0, thread.getValue() - earlier.byThread.getOrDefault(thread.getKey(), 0L));
            process += bytes;
            if (serverIds.contains(thread.getKey())) {
                server += bytes;
            }
        }
        return new ThreadAllocations(Map.of(), Set.of(), process, server);
    }

    /** Whether the JVM counted anything (a difference of two empty readings is not a zero). */
    boolean counted() {
        return processBytes > 0;
    }
}
