/* threads.h — the little parallelism dxp has: two jobs at once.
 *
 * Large plans are parsed and validated in two halves (parser.y, source.c);
 * everything else runs on one thread. */
#ifndef DXP_THREADS_H
#define DXP_THREADS_H

#include <stdbool.h>
#include <stddef.h>

/* From this size on, a file's UTF-8 check and its parse are each split into
 * two halves run at once (source.c, parser.y): below it a thread costs more
 * than it saves. */
#define DXP_THREADS_MIN_BYTES ((size_t)1 << 20)

/* Whether two jobs may run at once: more than one processor is online and
 * the environment variable DXP_THREADS is not 1 (or 0). */
bool dxp_threads_available(void);

/* Whether work over `bytes` bytes is split over two threads: at least
 * DXP_THREADS_MIN_BYTES, and two jobs may run at once. */
bool dxp_threads_worth(size_t bytes);

/* Runs first(first_arg) on this thread and second(second_arg) on another, and
 * returns when both are done; both on this thread when no thread can be made. */
void dxp_run_both(void (*first)(void *), void *first_arg, void (*second)(void *), void *second_arg);

#endif
