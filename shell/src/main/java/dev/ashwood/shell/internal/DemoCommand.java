package dev.ashwood.shell.internal;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Watch ashwood find a leak in a bundled example, end to end.",
        description = "Runs a bundled leaking application under the agent, dumps it on SIGQUIT, loads the dump "
                + "and shows the summary, the biggest consumers after collapse and what keeps the leak alive. "
                + "The application is stopped afterwards.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keep", description = "keep the dump (and say where it is) instead of deleting it")
    boolean keep;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "5000",
            description = "how many sessions the example leaks before the dump (default: ${DEFAULT-VALUE})")
    int sessions;

    @Override
    public Integer call() throws Exception {
        if (sessions < 1) {
            throw new CommandException("--sessions needs a positive number");
        }
        try {
            return new Demo(sessions, keep).run();
        } catch (java.io.IOException e) {
            throw new CommandException("demo: " + e.getMessage());
        }
    }
}
