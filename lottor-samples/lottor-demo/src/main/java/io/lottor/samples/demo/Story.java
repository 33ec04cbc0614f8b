package io.lottor.samples.demo;

import java.io.PrintStream;
import java.util.List;

/**
 * The demo's output: plain lines on stdout, each saying who did what. Logs go elsewhere (stderr, WARN
 * and above) so that they do not drown it.
 */
final class Story {
    private final PrintStream out;

    Story(PrintStream out) {
        this.out = out;
    }

    void title(String text) {
        out.println(text);
    }

    void blank() {
        out.println();
    }

    /** Starts scenario {@code number} of {@code count}. */
    void scenario(int number, int count, DemoScenario scenario) {
        out.println();
        out.printf("Scenario %d/%d: %s: %s%n", number, count, scenario.parameter(), scenario.description());
    }

    /** One thing that {@code side} (a service, the server, the demo) did or holds. */
    void said(String side, String text) {
        out.printf("  %-14s %s%n", side + ":", text);
        out.flush();
    }

    void said(StoryLine line) {
        said(line.side(), line.text());
    }

    /** The scenario's verdict: as expected, or each difference. */
    void verdict(DemoScenario scenario, List<String> differences) {
        if (differences.isEmpty()) {
            said("result", "as expected (" + scenario.expectation() + ")");
        } else {
            differences.forEach(difference -> said("result", "NOT as expected: " + difference));
        }
    }
}
