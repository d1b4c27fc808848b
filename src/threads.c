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

typedef struct job {
    void (*run)(void *);
    void *arg;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    j->run(j->arg);
    return NULL;
}

void dxp_run_both(void (*first)(void *), void *first_arg, void (*second)(void *), void *second_arg)
{
    job other = { second, second_arg };
    pthread_t thread;
    bool threaded = pthread_create(&thread, NULL, run_job, &other) == 0;
    first(first_arg);
    if (threaded) pthread_join(thread, NULL);
    else second(second_arg);
}
