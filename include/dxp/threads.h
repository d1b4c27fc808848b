/* threads.h — the little parallelism dxp has: two jobs at once.
 *
 * A large plan is validated and parsed in two halves (source.c, parser.y),
 * its series folded and checked in two halves (program.c), its KPIs
 * evaluated in two halves (eval.c), and the KPIs of its JSON report rendered
 * by both threads, a chunk at a time (report_json.c); the second half of a
 * large actuals block has its KPIs looked up by the other thread while the
 * first is attached (resolve.c); the plans of one check or lint run are
 * taken two at a time (main.c); everything else runs on one thread. */
#ifndef DXP_THREADS_H
#define DXP_THREADS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/* From this size on, a file's UTF-8 check and its parse are each split into
 * two halves run at once (source.c, parser.y): below it a thread costs more
 * than it saves. */
#define DXP_THREADS_MIN_BYTES ((size_t)1 << 20)

/* From this many KPIs (or series, or items of an actuals block) on, the
 * work per KPI is split over two threads (program.c, eval.c, report_json.c,
 * resolve.c): a thousand KPIs take a few
 * milliseconds, a thread about a tenth of one to start. */
#define DXP_THREADS_MIN_KPIS 4096

/* Whether two jobs may run at once: more than one processor is online and
 * the environment variable DXP_THREADS is not 1 (or 0). */
bool dxp_threads_available(void);

/* Whether work over `bytes` bytes is split over two threads: at least
 * DXP_THREADS_MIN_BYTES, and two jobs may run at once. */
bool dxp_threads_worth(size_t bytes);

/* A job started on another thread, to be joined later. */
typedef struct dxp_thread {
    void (*run)(void *);
    void *arg;
    pthread_t handle;
    bool started;            /* false: no thread could be made; join runs the job */
} dxp_thread;

/* Starts run(arg) on another thread. */
void dxp_thread_start(dxp_thread *t, void (*run)(void *), void *arg);
/* Returns when the job is done (running it here if it had no thread). */
void dxp_thread_join(dxp_thread *t);

/* Runs first(first_arg) on this thread and second(second_arg) on another, and
 * returns when both are done; both on this thread when no thread can be made. */
void dxp_run_both(void (*first)(void *), void *first_arg, void (*second)(void *), void *second_arg);

#endif
