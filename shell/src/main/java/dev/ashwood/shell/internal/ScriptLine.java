package dev.ashwood.shell.internal;

/** One command of a script, with where it came from for error messages ("-e #2", "checks.txt:7"). */
record ScriptLine(String where, String text) {}
