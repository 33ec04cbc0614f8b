package io.lottor.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the measured groups cost: CPU and heap allocation of the in-process server (and of the whole
 * process), the store's durable commits and statements, and the host's steal time, taken by a reading
 * before and one after the measured groups. Printed as lines above the bench's figures line.
 */
final class RunCosts {
    /** The store writer's thread as {@link TaskStats} names it (the kernel keeps 15 characters). */
    static final String WRITER_THREAD = "lottor-store-wr";
    private final List<URI> metrics;
    private final boolean inProcessServer;
    private final boolean sqlite;
    private final boolean threadTable;
    private ThreadCpu cpuBefore;
    private ThreadAllocations allocationsBefore;
    private TaskStats tasksBefore;
    private StoreCounters storeBefore;
    private HostCpu hostBefore;
    private List<String> lines = List.of();

    /**
     * @param metrics         the servers' {@code /metrics} URIs; empty when unknown (a --target server)
     * @param inProcessServer whether the servers run in this process (their CPU is measured by thread)
     * @param sqlite          whether the store is SQLite, where each commit is one fsync of the WAL
     * @param threadTable     whether to print, besides, a line per thread name ({@link TaskStats})
     */
    RunCosts(List<URI> metrics, boolean inProcessServer, boolean sqlite, boolean threadTable) {
        this.metrics = List.copyOf(metrics);
        this.inProcessServer = inProcessServer;
        this.sqlite = sqlite;
        this.threadTable = threadTable;
    }

    /**
     * Takes a reading that {@link #start} replaces: it loads and warms what the readings use (the HTTP
     * client of the metrics read loads hundreds of classes, which would make the JIT throw away compiled
     * code in the first measured second).
     */
    void prime() {
        start();
    }

    void start() {
        storeBefore = metrics.isEmpty() ? null : StoreCounters.read(metrics);
        hostBefore = HostCpu.now();
        tasksBefore = TaskStats.now();
        cpuBefore = ThreadCpu.now();
        allocationsBefore = ThreadAllocations.now();
    }

    /** Takes the second reading; {@code groups} is how many groups ran between the two. */
    void stop(long groups) {
        ThreadAllocations allocations = ThreadAllocations.now().since(allocationsBefore);
        ThreadCpu cpu = ThreadCpu.now().since(cpuBefore);
        TaskStats tasks = TaskStats.now().since(tasksBefore);
        HostCpu.Usage host = HostCpu.now().since(hostBefore);
        StoreCounters store = storeBefore == null ? null : StoreCounters.read(metrics);
        List<String> out = new ArrayList<>();
        if (threadTable) {
            out.addAll(tasks.lines(groups));
        }
        out.add(cpuLine(cpu, tasks, host, groups));
        if (allocations.counted()) {
            out.add(allocationLine(allocations, groups));
        }
        if (store != null) {
            out.add(storeLine(store.since(storeBefore), tasks, groups));
        }
        if (host != null && host.stealTooHigh()) {
            out.add(host.warning());
        }
        lines = out;
    }

    /** The lines to print, empty before {@link #stop}. */
    List<String> lines() {
        return lines;
    }

    private String cpuLine(ThreadCpu cpu, TaskStats tasks, HostCpu.Usage host, long groups) {
        double per = Math.max(groups, 1) * 1000.0;
        long jvmNanos = tasks.cpuNanos(ThreadCpu::isJvmThread);
        String line = inProcessServer
                ? String.format(Locale.ROOT, "server_cpu_us_per_group=%.1f jit_gc_cpu_us_per_group=%.1f"
                        + " clients_and_rest_cpu_us_per_group=%.1f process_cpu_us_per_group=%.1f",
                        cpu.serverNanos() / per, jvmNanos / per,
                        (cpu.processNanos() - cpu.serverNanos() - jvmNanos) / per, cpu.processNanos() / per)
                : String.format(Locale.ROOT, "bench_process_cpu_us_per_group=%.1f (server CPU not measured: --target)",
                        cpu.processNanos() / per);
        line += String.format(Locale.ROOT, " process_sleeps_per_group=%.2f", tasks.sleeps() / (double) Math.max(groups, 1));
        return host == null ? line
                : line + String.format(Locale.ROOT, " host_busy_pct=%.1f host_steal_pct=%.2f", host.busyPct(), host.stealPct());
    }

    private String allocationLine(ThreadAllocations allocations, long groups) {
        double per = Math.max(groups, 1) * 1024.0;
        return inProcessServer
                ? String.format(Locale.ROOT, "server_alloc_kb_per_group=%.2f process_alloc_kb_per_group=%.2f",
                        allocations.serverBytes() / per, allocations.processBytes() / per)
                : String.format(Locale.ROOT, "bench_process_alloc_kb_per_group=%.2f", allocations.processBytes() / per);
    }

    private String storeLine(StoreCounters store, TaskStats tasks, long groups) {
        double per = Math.max(groups, 1);
        String line = String.format(Locale.ROOT, "store_commits_per_group=%.2f store_row_write_statements_per_group=%.2f"
                + " store_read_statements_per_group=%.2f", store.commits() / per, store.writeStatements() / per,
                store.readStatements() / per);
        if (sqlite) {
            line += String.format(Locale.ROOT, " fsyncs_per_group=%.2f", store.commits() / per);
        }
        if (inProcessServer) {
            line += String.format(Locale.ROOT, " store_writer_written_kb_per_group=%.2f",
                    tasks.writtenBytes(WRITER_THREAD::equals) / 1024.0 / per);
        }
        double p50 = store.batchAtMostMs(0.50);
        return Double.isNaN(p50) ? line : line + " store_batch_p50_le_ms=" + bound(p50)
                + " store_batch_p99_le_ms=" + bound(store.batchAtMostMs(0.99))
                + " store_batch_p999_le_ms=" + bound(store.batchAtMostMs(0.999))
                + " store_batch_max_le_ms=" + bound(store.batchAtMostMs(1.0));
    }

    private static String bound(double ms) {
        return Double.isInfinite(ms) ? "inf" : String.format(Locale.ROOT, "%.2f", ms);
    }
}
