package io.lottor.bench;

import io.lottor.server.model.MessageKey;
import io.lottor.server.model.NewGroup;
import io.lottor.server.model.NewMessage;
import io.lottor.server.store.DeliveryClaim;
import io.lottor.server.store.DeliveryOutcome;
import io.lottor.server.store.jdbc.JdbcStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The SQLite store's writer alone, without gRPC or clients: {@code batch} groups at a time go through
 * prepare, commit, claim and consume (each step's writes submitted together, so they share group-commit
 * batches). It prints the writer thread's CPU, heap allocation and bytes written per group (the last two
 * do not depend on the machine's speed; the bytes are the WAL's frames and the checkpoints'), then the
 * writer's CPU per group in each of the four steps, each with its share of the step's COMMITs. Used to
 * measure store changes side by side (docs/performance.md):
 * {@code java -cp lottor-bench/target/lottor-bench.jar io.lottor.bench.StoreWriterBench 20000 30000 32}
 * (warm-up groups, measured groups, groups per step).
 */
public final class StoreWriterBench {
    private static final String[] STEPS = {"prepare", "commit", "claim", "consume"};

    private final JdbcStore store;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final long writer;
    /** The writer's CPU nanoseconds in each step since {@link #resetSteps}. */
    private final long[] stepNanos = new long[STEPS.length];
    /** The writer's CPU time when the last step ended. */
    private long lastCpu;

    private StoreWriterBench(JdbcStore store) {
        this.store = store;
        this.writer = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("lottor-store-writer")).findFirst().orElseThrow().getId();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: StoreWriterBench <warm-up groups> <measured groups> <groups per step>");
            System.exit(2);
        }
        int warmup = Integer.parseInt(args[0]);
        int measured = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("lottor-writer-bench-");
        try (JdbcStore store = JdbcStore.openSqlite(dir)) {
            StoreWriterBench bench = new StoreWriterBench(store);
            bench.run("w", warmup, batch);
            bench.resetSteps();
            long cpu = bench.writerCpu();
            long allocated = bench.threads.getThreadAllocatedBytes(bench.writer);
            long commits = store.batchesCommitted();
            long statements = store.statementsWritten();
            TaskStats tasks = TaskStats.now();
            long start = System.nanoTime();
            bench.run("m", measured, batch);
            double seconds = (System.nanoTime() - start) / 1e9;
            long written = TaskStats.now().since(tasks).writtenBytes(RunCosts.WRITER_THREAD::equals);
            System.out.printf(Locale.ROOT, "writer_cpu_us_per_group=%.1f groups_per_s=%.0f commits_per_group=%.2f"
                            + " row_write_statements_per_group=%.2f writer_alloc_kb_per_group=%.2f"
                            + " writer_written_kb_per_group=%.2f%n",
                    (bench.writerCpu() - cpu) / 1000.0 / measured, measured / seconds,
                    (store.batchesCommitted() - commits) / (double) measured,
                    (store.statementsWritten() - statements) / (double) measured,
                    (bench.threads.getThreadAllocatedBytes(bench.writer) - allocated) / 1024.0 / measured,
                    written / 1024.0 / measured);
            StringBuilder steps = new StringBuilder();
            for (int i = 0; i < STEPS.length; i++) {
                steps.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "writer_%s_cpu_us_per_group=%.1f",
                        STEPS[i], bench.stepNanos[i] / 1000.0 / measured));
            }
            System.out.println(steps);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void run(String phase, int groups, int batch) {
        long now = System.currentTimeMillis();
        byte[] payload = "{\"sentAtNanos\":1234567890123,\"warmup\":false,\"server\":0}".getBytes(StandardCharsets.UTF_8);
        for (int first = 0; first < groups; first += batch) {
            List<String> ids = new ArrayList<>();
            for (int i = first; i < Math.min(groups, first + batch); i++) {
                ids.add("writer-bench-" + phase + "-" + i);
            }
            step(0, ids.stream().map(id -> store.prepare(new NewGroup(id, "bench-producer", "bench-producer-1",
                    List.of(new NewMessage("m1", "bench-consumer", "bench", payload, NewMessage.JSON, Map.of())), 60_000,
                    Map.of()), now)).toList());
            step(1, ids.stream().map(id -> store.commit(id, now)).toList());
            step(2, ids.stream().map(id -> store.claim(List.of(new DeliveryClaim(new MessageKey(id, "m1"), 1, "node",
                    "bench-consumer-1", now + 30_000)), now)).toList());
            step(3, ids.stream().map(id -> store.recordOutcome(new MessageKey(id, "m1"), 1,
                    new DeliveryOutcome.Consumed("bench-consumer", "bench-consumer-1"), now)).toList());
        }
    }

    /** Waits for a step's writes, counting the writer's CPU while they ran to step {@code step}. */
    private void step(int step, List<? extends CompletableFuture<?>> writes) {
        writes.forEach(CompletableFuture::join);
        long after = writerCpu();
        stepNanos[step] += after - lastCpu;
        lastCpu = after;
    }

    private void resetSteps() {
        Arrays.fill(stepNanos, 0);
        lastCpu = writerCpu();
    }

    private long writerCpu() {
        return threads.getThreadCpuTime(writer);
    }
}
