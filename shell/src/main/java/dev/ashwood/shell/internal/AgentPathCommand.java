package dev.ashwood.shell.internal;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "agent-path", mixinStandardHelpOptions = true,
        header = "Print the agent library's absolute path.",
        description = {"Prints the absolute path of the agent library, for",
                "java -agentpath:$(ashwood agent-path)=out=/var/tmp/heap-%%p-%%t.jsonl ...",
                "The library is kept in $${XDG_CACHE_HOME:-~/.cache}/ashwood/ so that the path stays valid."})
final class AgentPathCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        try {
            System.out.println(AgentInstall.stablePath());
        } catch (IOException e) {
            throw new CommandException("cannot locate the agent library: " + e.getMessage());
        }
        return 0;
    }
}
