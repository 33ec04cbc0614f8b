package io.lottor.bench;

import java.util.Locale;

/** The figures of one run and the one line the bench prints. */
record BenchResult(double groupsPerSecond, double consumedPerSecond, double commitP50, double commitP99,
        double e2eP50, double e2eP99, long consumed, long expected) {

    boolean complete() {
        return consumed >= expected;
    }

    String line() {
        return String.format(Locale.ROOT,
                "groups_per_s=%.1f consumed_per_s=%.1f commit_p50_ms=%.2f commit_p99_ms=%.2f e2e_p50_ms=%.2f e2e_p99_ms=%.2f",
                groupsPerSecond, consumedPerSecond, commitP50, commitP99, e2eP50, e2eP99);
    }
}
