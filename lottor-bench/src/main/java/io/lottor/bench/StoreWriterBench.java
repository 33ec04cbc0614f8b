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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The SQLite store's writer alone, without gRPC or clients: {@code batch} groups at a time go through
 * prepare, commit, claim and consume (each step's writes submitted together, so they share group-commit
 * batches), and it prints the writer thread's CPU and heap allocation per group (the second does not
 * depend on the machine's speed). Used to measure store changes side by side
 * (docs/performance.md):
 * {@code java -cp lottor-bench/target/lottor-bench.jar io.lottor.bench.StoreWriterBench 20000 30000 32}
 * (warm-up groups, measured groups, groups per step).
 */
public final class StoreWriterBench {
    private StoreWriterBench() {
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
            run(store, "w", warmup, batch);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long writer = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("lottor-store-writer")).findFirst().orElseThrow().getId();
            long cpu = threads.getThreadCpuTime(writer);
            long allocated = threads.getThreadAllocatedBytes(writer);
            long commits = store.batchesCommitted();
            long statements = store.statementsWritten();
            long start = System.nanoTime();
            run(store, "m", measured, batch);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "writer_cpu_us_per_group=%.1f groups_per_s=%.0f commits_per_group=%.2f"
                            + " row_write_statements_per_group=%.2f writer_alloc_kb_per_group=%.2f%n",
                    (threads.getThreadCpuTime(writer) - cpu) / 1000.0 / measured, measured / seconds,
                    (store.batchesCommitted() - commits) / (double) measured,
                    (store.statementsWritten() - statements) / (double) measured,
                    (threads.getThreadAllocatedBytes(writer) - allocated) / 1024.0 / measured);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void run(JdbcStore store, String phase, int groups, int batch) {
        long now = System.currentTimeMillis();
        byte[] payload = "{\"sentAtNanos\":1234567890123,\"warmup\":false,\"server\":0}".getBytes(StandardCharsets.UTF_8);
        for (int first = 0; first < groups; first += batch) {
            List<String> ids = new ArrayList<>();
            for (int i = first; i < Math.min(groups, first + batch); i++) {
                ids.add("writer-bench-" + phase + "-" + i);
            }
            await(ids.stream().map(id -> store.prepare(new NewGroup(id, "bench-producer", "bench-producer-1",
                    List.of(new NewMessage("m1", "bench-consumer", "bench", payload, NewMessage.JSON, Map.of())), 60_000,
                    Map.of()), now)).toList());
            await(ids.stream().map(id -> store.commit(id, now)).toList());
            await(ids.stream().map(id -> store.claim(List.of(new DeliveryClaim(new MessageKey(id, "m1"), 1, "node",
                    "bench-consumer-1", now + 30_000)), now)).toList());
            await(ids.stream().map(id -> store.recordOutcome(new MessageKey(id, "m1"), 1,
                    new DeliveryOutcome.Consumed("bench-consumer", "bench-consumer-1"), now)).toList());
        }
    }

    private static void await(List<? extends CompletableFuture<?>> writes) {
        writes.forEach(CompletableFuture::join);
    }
}
