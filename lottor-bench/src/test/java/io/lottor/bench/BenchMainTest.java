package io.lottor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMainTest {
    @Test
    void printsTheServersCpuAndTheStoresCommitsAndStatementsPerGroupAboveTheFigures() {
        Run run = bench("--groups", "200", "--concurrency", "4", "--warmup-groups", "20", "--timeout", "60s");
        List<String> lines = run.out();

        assertThat(run.exit()).isZero();
        assertThat(lines.get(lines.size() - 1)).startsWith("groups_per_s=");
        String cpu = lines.stream().filter(line -> line.startsWith("server_cpu_us_per_group=")).findFirst().orElseThrow();
        assertThat(figure(cpu, "server_cpu_us_per_group")).isPositive()
                .isLessThanOrEqualTo(figure(cpu, "process_cpu_us_per_group"));
        String store = lines.stream().filter(line -> line.startsWith("store_commits_per_group=")).findFirst().orElseThrow();
        assertThat(figure(store, "store_commits_per_group")).as("group commit: at most prepare, commit, claim, consume")
                .isGreaterThan(0).isLessThanOrEqualTo(4.5);
        assertThat(figure(store, "fsyncs_per_group")).isEqualTo(figure(store, "store_commits_per_group"));
        assertThat(figure(store, "store_row_write_statements_per_group")).isGreaterThanOrEqualTo(2);
        assertThat(figure(store, "store_writer_written_kb_per_group")).as("the WAL's frames, a page or more a commit")
                .isGreaterThanOrEqualTo(4.0 * figure(store, "store_commits_per_group"));
        assertThat(store).as("the writer's batch latency, as a bound of the histogram's buckets")
                .containsPattern(" store_batch_p50_le_ms=[0-9.]+ store_batch_p99_le_ms=[0-9.]+"
                        + " store_batch_p999_le_ms=[0-9.]+ store_batch_max_le_ms=([0-9.]+|inf)$");
        assertThat(figure(store, "store_batch_p50_le_ms")).isGreaterThanOrEqualTo(0.25)
                .isLessThanOrEqualTo(figure(store, "store_batch_p99_le_ms"));
        assertThat(figure(store, "store_batch_p99_le_ms")).isLessThanOrEqualTo(figure(store, "store_batch_p999_le_ms"));
        if (!store.endsWith("=inf")) {
            assertThat(figure(store, "store_batch_p999_le_ms")).isLessThanOrEqualTo(figure(store, "store_batch_max_le_ms"));
        }
        assertThat(figure(cpu, "process_sleeps_per_group")).as("a group crosses threads, each crossing a wake-up")
                .isPositive();
        String allocation = lines.stream().filter(line -> line.startsWith("server_alloc_kb_per_group=")).findFirst()
                .orElseThrow();
        assertThat(allocation).matches("server_alloc_kb_per_group=[0-9.]+ process_alloc_kb_per_group=[0-9.]+");
        assertThat(figure(allocation, "server_alloc_kb_per_group")).as("a group's frames and rows are objects")
                .isPositive().isLessThanOrEqualTo(figure(allocation, "process_alloc_kb_per_group"));
        assertThat(lines).noneMatch(line -> line.startsWith("thread="));
    }

    @Test
    void withThreadsPrintsEachThreadNamesCpuAndSleepsPerGroupTheBusiestFirst() {
        Run run = bench("--groups", "200", "--concurrency", "4", "--warmup-groups", "20", "--timeout", "60s",
                "--threads");
        List<String> threads = run.out().stream().filter(line -> line.startsWith("thread=")).toList();

        assertThat(run.exit()).isZero();
        assertThat(threads).anyMatch(line -> line.startsWith("thread=lottor-store-wr "))
                .allMatch(line -> line.matches("thread=\\S+ cpu_us_per_group=[0-9.]+ sleeps_per_group=[0-9.]+"));
        List<Double> cpu = threads.stream().map(line -> figure(line, "cpu_us_per_group")).toList();
        assertThat(cpu).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void aPacedRunStartsItsGroupsNoFasterThanItsRateAndConsumesEveryMessage() {
        Run run = bench("--groups", "300", "--concurrency", "8", "--rate", "200", "--warmup-groups", "20",
                "--timeout", "60s");
        List<String> lines = run.out();

        assertThat(run.exit()).as("every message consumed").isZero();
        String figures = lines.get(lines.size() - 1);
        assertThat(figure(figures, "groups_per_s")).as("the last of 300 groups starts 1.495 s after the first")
                .isPositive().isLessThanOrEqualTo(300 / 1.495);
        assertThat(figure(figures, "commit_p99_ms")).isPositive();
    }

    @Test
    void refusesANegativeRateNamingTheOptionAndItsLimits() {
        Run run = bench("--rate", "-1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--rate must be 0 (as fast as the producers go) to 100000 groups/s, not -1");
    }

    /** What one bench run exited with and printed. */
    private record Run(int exit, List<String> out, String err) {
    }

    private static Run bench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new BenchMain()).execute(args);
        } finally {
            System.setOut(systemOut);
            System.setErr(systemErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    private static double figure(String line, String name) {
        Matcher matcher = Pattern.compile(name + "=([0-9.]+)").matcher(line);
        assertThat(matcher.find()).as(name + " in " + line).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
