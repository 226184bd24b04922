package dev.ashwood.shell.internal;

/** What a command's positional argument is; completion offers candidates of that kind. */
enum ArgKind {
    NONE(""), ID("ID"), TYPE("TYPE"), COMMAND("CMD"), FILE("FILE");

    final String label;

    ArgKind(String label) {
        this.label = label;
    }
}
