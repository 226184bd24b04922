package dev.ashwood.loader;

/** Which writer produced a dump: decides how records are read and which collapse rule applies. */
public enum DumpKind {
    /** Written by the ashwood JVMTI agent (docs/format.md): header, roots, field names, footer. */
    ASHWOOD,
    /** Written by Meliae's Python scanner: no header, no roots, no field names, no footer. */
    MELIAE
}
