package io.lottor.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's cost counters of the servers, read from their {@code /metrics}: durable commits of the
 * group-commit writer ({@code lottor_store_commits_total}; with SQLite {@code synchronous=FULL} each is one
 * fsync of the WAL), the statements it ran ({@code lottor_store_statements_total}, row writes and reads),
 * and how long its batches took to run and commit ({@code lottor_store_commit_seconds_bucket}), summed over
 * the servers.
 *
 * @param batchSeconds batches that ran and committed within each bucket's bound, in seconds (cumulative, as
 *                     Prometheus has them; the last bound is infinite); empty when the server has no buckets
 */
record StoreCounters(double commits, double writeStatements, double readStatements,
                     SortedMap<Double, Double> batchSeconds) {
    private static final Pattern COMMITS = sample("lottor_store_commits_total", "");
    private static final Pattern WRITES = sample("lottor_store_statements_total", "kind=\"write\"");
    private static final Pattern READS = sample("lottor_store_statements_total", "kind=\"read\"");
    private static final Pattern BATCH_BUCKETS = Pattern.compile(
            "(?m)^lottor_store_commit_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} (\\S+)$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    StoreCounters {
        batchSeconds = Collections.unmodifiableSortedMap(new TreeMap<>(batchSeconds));
    }

    /** Reads and sums the counters of every {@code /metrics} URI; null when one cannot be read. */
    static StoreCounters read(List<URI> metrics) {
        StoreCounters sum = new StoreCounters(0, 0, 0, new TreeMap<>());
        for (URI uri : metrics) {
            StoreCounters one = parse(scrape(uri));
            if (one == null) {
                return null;
            }
            sum = sum.combine(one, 1);
        }
        return sum;
    }

    /** The counters in a Prometheus text; null when it lacks them (a server without them, or no text). */
    static StoreCounters parse(String prometheusText) {
        if (prometheusText == null) {
            return null;
        }
        Double commits = value(COMMITS, prometheusText);
        Double writes = value(WRITES, prometheusText);
        Double reads = value(READS, prometheusText);
        if (commits == null || writes == null || reads == null) {
            return null;
        }
        SortedMap<Double, Double> buckets = new TreeMap<>();
        Matcher bucket = BATCH_BUCKETS.matcher(prometheusText);
        while (bucket.find()) {
            double bound = bucket.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bucket.group(1));
            buckets.put(bound, Double.valueOf(bucket.group(2)));
        }
        return new StoreCounters(commits, writes, reads, buckets);
    }

    StoreCounters since(StoreCounters earlier) {
        return combine(earlier, -1);
    }

    /**
     * The least bucket bound, in milliseconds, that at least {@code quantile} of the batches ran and
     * committed within: an upper bound of that quantile. NaN when no batch was counted.
     */
    double batchAtMostMs(double quantile) {
        double batches = batchSeconds.isEmpty() ? 0 : batchSeconds.get(batchSeconds.lastKey());
        if (batches <= 0) {
            return Double.NaN;
        }
        return batchSeconds.entrySet().stream().filter(bucket -> bucket.getValue() >= quantile * batches)
                .findFirst().map(bucket -> bucket.getKey() * 1000).orElse(Double.POSITIVE_INFINITY);
    }

    private StoreCounters combine(StoreCounters other, int sign) {
        SortedMap<Double, Double> buckets = new TreeMap<>(batchSeconds);
        other.batchSeconds.forEach((bound, count) -> buckets.merge(bound, sign * count, Double::sum));
        return new StoreCounters(commits + sign * other.commits, writeStatements + sign * other.writeStatements,
                readStatements + sign * other.readStatements, buckets);
    }

    private static String scrape(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Pattern sample(String name, String label) {
        String labels = label.isEmpty() ? "(?:\\{[^}]*})?" : "\\{[^}]*" + Pattern.quote(label) + "[^}]*}";
        return Pattern.compile("(?m)^" + Pattern.quote(name) + labels + " (\\S+)$");
    }

    private static Double value(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Double.valueOf(matcher.group(1)) : null;
    }
}
