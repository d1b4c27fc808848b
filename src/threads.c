/* threads.c — see threads.h. */
#include "dxp/threads.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

bool dxp_threads_available(void)
{
    const char *env = getenv("DXP_THREADS");
    if (env && *env) return strtol(env, NULL, 10) > 1;
    return sysconf(_SC_NPROCESSORS_ONLN) > 1;
}

bool dxp_threads_worth(size_t bytes)
{
    return bytes >= DXP_THREADS_MIN_BYTES && dxp_threads_available();
}

static void *run_thread(void *arg)
{
    dxp_thread *t = arg;
    t->run(t->arg);
    return NULL;
}

void dxp_thread_start(dxp_thread *t, void (*run)(void *), void *arg)
{
    t->run = run;
    t->arg = arg;
    t->started = pthread_create(&t->handle, NULL, run_thread, t) == 0;
}

void dxp_thread_join(dxp_thread *t)
{
    if (t->started) pthread_join(t->handle, NULL);
    else t->run(t->arg);
}

void dxp_run_both(void (*first)(void *), void *first_arg, void (*second)(void *), void *second_arg)
{
    dxp_thread other;
    dxp_thread_start(&other, second, second_arg);
    first(first_arg);
    dxp_thread_join(&other);
}
