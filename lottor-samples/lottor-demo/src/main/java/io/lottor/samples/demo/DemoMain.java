package io.lottor.samples.demo;

import picocli.CommandLine;

/** Entry point of {@code lottor-demo.jar} ({@code ./lottor demo}). */
public final class DemoMain {
    private DemoMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand(System.out)).execute(args));
    }
}
