/* One-line diagnostics on stderr, prefixed "ashwood: ". */
#ifndef ASHWOOD_LOG_H
#define ASHWOOD_LOG_H

/* Formats one line and writes it with a single write(2), so lines from the agent thread and the
 * application's own output never interleave mid-line. Safe in JVMTI heap callbacks. */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
