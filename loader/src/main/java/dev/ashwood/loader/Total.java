package dev.ashwood.loader;

/**
 * What is reachable from one object, itself included, each object counted once.
 *
 * @param address the object's address
 * @param objects how many objects are reachable
 * @param bytes   the sum of their shallow sizes
 */
public record Total(long address, long objects, long bytes) {
}
