package dev.ashwood.scanner;

/** A failed dump, with a one-line message fit to show a user as is. */
public class DumpException extends Exception {
    private static final long serialVersionUID = 1L;

    public DumpException(String message) {
        super(message);
    }

    public DumpException(String message, Throwable cause) {
        super(message, cause);
    }
}
