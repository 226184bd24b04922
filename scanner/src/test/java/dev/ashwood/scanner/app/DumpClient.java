package dev.ashwood.scanner.app;

import dev.ashwood.scanner.RemoteDump;
import java.nio.file.Path;
import java.time.Duration;

/** What {@code ashwood dump PID -o FILE} does, as a process a test can stop while it waits. */
public final class DumpClient {
    private DumpClient() {}

    public static void main(String[] args) throws Exception {
        System.out.println(RemoteDump.dump(Long.parseLong(args[0]), Path.of(args[1]), Duration.ofSeconds(120)));
    }
}
