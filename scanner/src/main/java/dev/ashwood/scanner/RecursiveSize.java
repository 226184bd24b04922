package dev.ashwood.scanner;

/** Count and shallow bytes of everything reachable from one object, each object once. */
public record RecursiveSize(long objects, long bytes) {}
