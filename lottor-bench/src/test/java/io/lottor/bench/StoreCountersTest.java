package io.lottor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreCountersTest {
    @Test
    void readsCommitsAndStatementsFromPrometheusText() {
        String text = """
                # HELP lottor_store_commits_total Durable store transactions
                # TYPE lottor_store_commits_total counter
                lottor_store_commits_total 1234.0
                lottor_store_statements_total{kind="read"} 56.0
                lottor_store_statements_total{kind="write"} 7890.0
                lottor_store_commit_seconds_count 1234
                """;

        assertThat(StoreCounters.parse(text)).isEqualTo(new StoreCounters(1234, 7890, 56));
    }

    @Test
    void noCountersFromAServerWithoutThem() {
        assertThat(StoreCounters.parse("lottor_store_commit_seconds_count 12\n")).isNull();
        assertThat(StoreCounters.parse(null)).isNull();
    }
}
