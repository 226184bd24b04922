package dev.ashwood.shell.internal;

final class Demo {
    static int run() { return 0; }
}
