package io.lottor.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's cost counters of the servers, read from their {@code /metrics}: durable commits of the
 * group-commit writer ({@code lottor_store_commits_total}; with SQLite {@code synchronous=FULL} each is one
 * fsync of the WAL) and the statements it ran ({@code lottor_store_statements_total}, row writes and reads),
 * summed over the servers.
 */
record StoreCounters(double commits, double writeStatements, double readStatements) {
    private static final Pattern COMMITS = sample("lottor_store_commits_total", "");
    private static final Pattern WRITES = sample("lottor_store_statements_total", "kind=\"write\"");
    private static final Pattern READS = sample("lottor_store_statements_total", "kind=\"read\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads and sums the counters of every {@code /metrics} URI; null when one cannot be read. */
    static StoreCounters read(List<URI> metrics) {
        StoreCounters sum = new StoreCounters(0, 0, 0);
        for (URI uri : metrics) {
            StoreCounters one = parse(scrape(uri));
            if (one == null) {
                return null;
            }
            sum = new StoreCounters(sum.commits + one.commits, sum.writeStatements + one.writeStatements,
                    sum.readStatements + one.readStatements);
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
        return commits == null || writes == null || reads == null ? null : new StoreCounters(commits, writes, reads);
    }

    StoreCounters since(StoreCounters earlier) {
        return new StoreCounters(commits - earlier.commits, writeStatements - earlier.writeStatements,
                readStatements - earlier.readStatements);
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
