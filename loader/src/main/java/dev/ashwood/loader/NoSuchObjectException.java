package dev.ashwood.loader;

/** No object in the model has the address asked for. */
public class NoSuchObjectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long address;

    public NoSuchObjectException(long address) {
        super("no object with id " + Long.toUnsignedString(address));
        this.address = address;
    }

    /** The address that was not found. */
    public long address() {
        return address;
    }
}
