package dev.ashwood.shell.internal;

/**
 * A command or argument that cannot be carried out, with a one-line message fit to show a user as
 * is ("no object with id 12"). The shell prints the message and goes on; a script stops with exit 1.
 */
public final class CommandException extends RuntimeException {
    public CommandException(String message) {
        super(message, null, false, false);
    }
}
