package dev.ashwood.shell.internal;

import dev.ashwood.scanner.DumpException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ashwood} command line. Exit codes: 0 success, 1 a command failed, 2 bad usage. Every
 * failure is one line on standard error; a stack trace only with ASHWOOD_DEBUG=1.
 */
@Command(name = "ashwood", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Dumps a live JVM's reachable objects and explores the object graph, Meliae-style.")
public final class Cli implements Runnable {
    static final int FAILED = 1;
    static final int USAGE = 2;

    /**
     * The commands, in the order help lists them. picocli reads a command's annotations when it is
     * added, about 15 ms each before the JIT has warmed up, so a command line that names one gets
     * only that one ({@link #commandLine}).
     */
    private static final List<Class<?>> COMMANDS = List.of(ShellCommand.class, QueryCommand.class, DiffCommand.class,
            DumpCommand.class, ConvertCommand.class, AgentPathCommand.class, DemoCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and returns the exit code; never throws. */
    public static int run(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler((thread, t) -> {
            System.err.println("ashwood: " + Quote.message(Failures.describe(t)));
            System.err.flush();
        });
        CommandLine line = commandLine(args);
        PrintWriter err = new PrintWriter(System.err, true);
        line.setErr(err);
        line.setParameterExceptionHandler((e, arguments) -> {
            String sub = e.getCommandLine().getCommandName();
            String message = e.getMessage().lines().findFirst().orElse("bad usage");
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && sub.equals("ashwood")
                    && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
                String word = unmatched.getUnmatched().get(0);
                String nearest = Suggest.nearest(word, e.getCommandLine().getSubcommands().keySet());
                message = "unknown command '" + word + "'" + (nearest == null ? "" : "; did you mean '" + nearest + "'?");
                if (Commands.table().names().contains(word)) {
                    // a shell command typed at the top level: say where it runs
                    message = "'" + word + "' is a command of the shell: " + Invocation.command() + " query FILE -e '"
                            + word + "', or " + Invocation.command() + " shell FILE";
                }
            }
            err.println("ashwood: " + Quote.message(message)
                    + " (" + Invocation.command() + (sub.equals("ashwood") ? "" : " " + sub) + " --help shows the usage)");
            return USAGE;
        });
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CommandException || e instanceof DumpException) {
                err.println("ashwood: " + Quote.message(String.valueOf(e.getMessage())));
            } else {
                err.println("ashwood: " + Quote.message(Failures.describe(e)));
            }
            return FAILED;
        });
        try {
            return line.execute(args);
        } catch (Throwable t) {                       // picocli's handlers failing: still one line
            err.println("ashwood: " + Quote.message(Failures.describe(t)));
            return FAILED;
        }
    }

    /**
     * The command line with every command, or with just the one {@code args} starts with: the others
     * could not take part in parsing it (usage errors, suggestions, {@code help COMMAND} and help
     * for a bare {@code ashwood} or an unknown word see them all).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine line = new CommandLine(new Cli());
        String first = args.length > 0 ? args[0] : "";
        Class<?> named = null;
        for (Class<?> command : COMMANDS) {
            if (command != CommandLine.HelpCommand.class && command.getAnnotation(Command.class).name().equals(first)) {
                named = command;
            }
        }
        for (Class<?> command : COMMANDS) {
            if (named == null || command == named) {
                line.addSubcommand(command);
            }
        }
        return line;
    }

    @Override
    public void run() {
        List<String> names = new ArrayList<>(spec.subcommands().keySet());
        names.remove("help");
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: "
                + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
    }

    /** The version the build wrote into the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"ashwood " + (version == null ? "(development build)" : version)
                    + " on Java " + Runtime.version()};
        }
    }
}
