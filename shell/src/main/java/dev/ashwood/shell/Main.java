package dev.ashwood.shell;

import dev.ashwood.shell.internal.Cli;

/** Entry point of the {@code ashwood} command line; see {@code ashwood --help}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }
}
