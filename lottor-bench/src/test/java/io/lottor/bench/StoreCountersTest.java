package io.lottor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StoreCountersTest {
    private static final String TEXT = """
            # HELP lottor_store_commits_total Durable store transactions
            # TYPE lottor_store_commits_total counter
            lottor_store_commits_total 1234.0
            lottor_store_statements_total{kind="read"} 56.0
            lottor_store_statements_total{kind="write"} 7890.0
            lottor_store_commit_seconds_bucket{le="2.5E-4"} 100.0
            lottor_store_commit_seconds_bucket{le="5.0E-4"} 1000.0
            lottor_store_commit_seconds_bucket{le="0.001"} 1200.0
            lottor_store_commit_seconds_bucket{le="0.002"} 1230.0
            lottor_store_commit_seconds_bucket{le="+Inf"} 1234.0
            lottor_store_commit_seconds_count 1234
            """;

    @Test
    void readsCommitsStatementsAndBatchBucketsFromPrometheusText() {
        StoreCounters counters = StoreCounters.parse(TEXT);

        assertThat(counters).isEqualTo(new StoreCounters(1234, 7890, 56, new TreeMap<>(Map.of(0.00025, 100.0,
                0.0005, 1000.0, 0.001, 1200.0, 0.002, 1230.0, Double.POSITIVE_INFINITY, 1234.0))));
    }

    @Test
    void aQuantileOfTheBatchesIsTheFirstBoundThatHoldsIt() {
        StoreCounters counters = StoreCounters.parse(TEXT);

        assertThat(counters.batchAtMostMs(0.50)).isEqualTo(0.5);
        assertThat(counters.batchAtMostMs(0.99)).isEqualTo(2.0);
        assertThat(counters.batchAtMostMs(0.999)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void theBatchesOfARunAreTheDifferenceOfTwoReadings() {
        StoreCounters before = StoreCounters.parse(TEXT);
        StoreCounters after = StoreCounters.parse(TEXT.replace("} 1230.0", "} 1330.0").replace("} 1234.0", "} 1334.0")
                .replace("lottor_store_commits_total 1234.0", "lottor_store_commits_total 1334.0"));

        StoreCounters run = after.since(before);

        assertThat(run.commits()).isEqualTo(100);
        assertThat(run.batchAtMostMs(0.50)).as("all 100 batches of the run took 1 to 2 ms").isEqualTo(2.0);
        assertThat(before.since(before).batchAtMostMs(0.5)).as("no batch").isNaN();
    }

    @Test
    void noCountersFromAServerWithoutThem() {
        assertThat(StoreCounters.parse("lottor_store_commit_seconds_count 12\n")).isNull();
        assertThat(StoreCounters.parse(null)).isNull();
    }

    @Test
    void aServerWithoutBatchBucketsHasNoBatchQuantile() {
        StoreCounters counters = StoreCounters.parse("""
                lottor_store_commits_total 3.0
                lottor_store_statements_total{kind="read"} 0.0
                lottor_store_statements_total{kind="write"} 7.0
                """);

        assertThat(counters.batchSeconds()).isEmpty();
        assertThat(counters.batchAtMostMs(0.5)).isNaN();
    }
}
