package dev.ashwood.loader;

/**
 * Which file format a dump is in: decides how records are read. The runtime's rules (JVM or
 * Python: housekeeping references, collapse, roots) follow from it but are a separate matter.
 */
public enum DumpKind {
    /** JSON lines written by the ashwood JVMTI agent (docs/format.md): header, roots, field names, footer. */
    ASHWOOD,
    /** JSON lines written by Meliae's Python scanner: no header, no roots, no field names, no footer. */
    MELIAE,
    /** HotSpot's binary heap dump (HPROF 1.0.2: jcmd GC.heap_dump, -XX:+HeapDumpOnOutOfMemoryError, jmap). */
    HPROF
}
