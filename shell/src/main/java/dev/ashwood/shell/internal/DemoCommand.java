package dev.ashwood.shell.internal;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a bundled leaking application under the agent, dumps it on SIGQUIT, loads the dump",
                "and shows the summary, the biggest consumers after collapse and what keeps the leak alive."})
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return Demo.run();
    }
}
