package io.lottor.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lottor} command line. */
@Command(name = "lottor", mixinStandardHelpOptions = true, version = "lottor 0.1.0",
        description = "Reliable-message distributed transactions for microservices.",
        subcommands = {ServerCommand.class, CommandLine.HelpCommand.class})
public final class LottorMain implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LottorMain()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
