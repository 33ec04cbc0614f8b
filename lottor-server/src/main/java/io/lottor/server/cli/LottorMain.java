package io.lottor.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lottor} command line. */
@Command(name = "lottor", mixinStandardHelpOptions = true, version = "lottor 0.1.0",
        description = "Reliable-message distributed transactions for microservices.",
        subcommands = {ServerCommand.class, CommandLine.HelpCommand.class})
public final class LottorMain implements Runnable {

    /** Exit code of a bad command line or setting: the README promises 1, not picocli's 2 with the usage. */
    static final int BAD_SETTING = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a bad flag or value is one line on stderr and exit code 1. */
    static CommandLine commandLine() {
        return new CommandLine(new LottorMain()).setParameterExceptionHandler(LottorMain::badSetting);
    }

    private static int badSetting(CommandLine.ParameterException error, String[] args) {
        String command = error.getCommandLine().getCommandSpec().qualifiedName();
        String message = String.valueOf(error.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip();
        error.getCommandLine().getErr().println(command + ": " + message + " (" + command + " --help lists the options)");
        error.getCommandLine().getErr().flush();
        return BAD_SETTING;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
