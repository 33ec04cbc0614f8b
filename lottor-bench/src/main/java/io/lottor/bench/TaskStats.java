package io.lottor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CPU time, sleeps and bytes written of this process's live threads, by thread name, from
 * {@code /proc/self/task}. A sleep is a voluntary context switch: the thread blocked (on a lock, a queue,
 * a socket or a disk) and was woken again, which on a virtual machine costs tens of microseconds of CPU
 * each. Names are the kernel's (at most 15 characters), spaces as underscores, with the pool's trailing
 * number removed, so a pool counts as one. Threads that ended between two readings lose what they did.
 * Empty off Linux.
 *
 * @param byName the threads of each name: CPU nanoseconds (user and system), voluntary context switches and
 *               bytes passed to write system calls (files and sockets alike: {@code wchar} of the task's
 *               {@code io})
 */
record TaskStats(Map<String, Usage> byName) {
    /** What the threads of one name did. */
    record Usage(long cpuNanos, long sleeps, long writtenBytes) {
        Usage plus(Usage other) {
            return new Usage(cpuNanos + other.cpuNanos, sleeps + other.sleeps, writtenBytes + other.writtenBytes);
        }
    }

    static TaskStats now() {
        Map<String, Usage> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> read(task, byName));
        } catch (IOException e) {
            return new TaskStats(Map.of());
        }
        return new TaskStats(byName);
    }

    /** What the threads did since {@code earlier}, by name; a name new since then counts from zero. */
    TaskStats since(TaskStats earlier) {
        Map<String, Usage> diff = new TreeMap<>();
        byName.forEach((name, usage) -> {
            Usage before = earlier.byName.getOrDefault(name, new Usage(0, 0, 0));
            diff.put(name, new Usage(Math.max(0, usage.cpuNanos - before.cpuNanos),
                    Math.max(0, usage.sleeps - before.sleeps), Math.max(0, usage.writtenBytes - before.writtenBytes)));
        });
        return new TaskStats(diff);
    }

    long sleeps() {
        return byName.values().stream().mapToLong(Usage::sleeps).sum();
    }

    /** The CPU nanoseconds of the threads whose names {@code names} accepts. */
    long cpuNanos(Predicate<String> names) {
        return byName.entrySet().stream().filter(entry -> names.test(entry.getKey()))
                .mapToLong(entry -> entry.getValue().cpuNanos).sum();
    }

    /** The bytes written by the threads whose names {@code names} accepts. */
    long writtenBytes(Predicate<String> names) {
        return byName.entrySet().stream().filter(entry -> names.test(entry.getKey()))
                .mapToLong(entry -> entry.getValue().writtenBytes).sum();
    }

    /**
     * One line per thread name that used at least 0.1 µs of CPU or slept at least once in 100 groups, per
     * group of {@code groups}, the busiest first.
     */
    List<String> lines(long groups) {
        double per = Math.max(groups, 1);
        List<String> lines = new ArrayList<>();
        byName.entrySet().stream()
                .filter(entry -> entry.getValue().cpuNanos / per >= 100 || entry.getValue().sleeps / per >= 0.01)
                .sorted(Comparator.comparingLong((Map.Entry<String, Usage> entry) -> entry.getValue().cpuNanos).reversed())
                .forEach(entry -> lines.add(String.format(Locale.ROOT, "thread=%s cpu_us_per_group=%.1f sleeps_per_group=%.2f",
                        entry.getKey(), entry.getValue().cpuNanos / 1000.0 / per, entry.getValue().sleeps / per)));
        return lines;
    }

    private static void read(Path task, Map<String, Usage> byName) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String status = Files.readString(task.resolve("status"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String name = stat.substring(open + 1, close).replaceAll("[-#\\s]*\\d+$", "").replace(' ', '_');
            String[] fields = stat.substring(close + 2).split(" ");
            // fields[0] is the state (field 3 of stat); utime and stime are fields 14 and 15, in ticks of 10 ms
            long cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
            byName.merge(name, new Usage(cpu, voluntarySwitches(status), written(task)), Usage::plus);
        } catch (IOException | RuntimeException e) {
            // the thread ended while it was read
        }
    }

    /** The task's {@code wchar}; 0 where {@code io} cannot be read (another user's process, or no such file). */
    private static long written(Path task) {
        try {
            for (String line : Files.readAllLines(task.resolve("io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not readable here
        }
        return 0;
    }

    private static long voluntarySwitches(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }
}
