package io.lottor.bench;

import java.util.Locale;

/**
 * The figures of one run and the one line the bench prints.
 *
 * @param crossServerP50 end-to-end latency of messages committed through another server than their
 *                       consumer's; null with one server
 */
record BenchResult(double groupsPerSecond, double consumedPerSecond, double commitP50, double commitP99,
        double e2eP50, double e2eP99, Double crossServerP50, Double crossServerP99, long consumed, long expected) {

    boolean complete() {
        return consumed >= expected;
    }

    String line() {
        String line = String.format(Locale.ROOT,
                "groups_per_s=%.1f consumed_per_s=%.1f commit_p50_ms=%.2f commit_p99_ms=%.2f e2e_p50_ms=%.2f e2e_p99_ms=%.2f",
                groupsPerSecond, consumedPerSecond, commitP50, commitP99, e2eP50, e2eP99);
        return crossServerP50 == null ? line : line + String.format(Locale.ROOT,
                " e2e_cross_server_p50_ms=%.2f e2e_cross_server_p99_ms=%.2f", crossServerP50, crossServerP99);
    }
}
