/* threads.h — the little parallelism dxp has: two jobs at once.
 *
 * Large plans are parsed and validated in two halves (parser.y, source.c);
 * everything else runs on one thread. */
#ifndef DXP_THREADS_H
#define DXP_THREADS_H

#include <stdbool.h>

/* Whether two jobs may run at once: more than one processor is online and
 * the environment variable DXP_THREADS is not 1 (or 0). */
bool dxp_threads_available(void);

/* Runs first(first_arg) on this thread and second(second_arg) on another, and
 * returns when both are done; both on this thread when no thread can be made. */
void dxp_run_both(void (*first)(void *), void *first_arg, void (*second)(void *), void *second_arg);

#endif
