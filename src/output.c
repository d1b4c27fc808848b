/* output.c — see output.h. */
#define _GNU_SOURCE   /* sync_file_range (Linux) */
#include "dxp/output.h"

#include "dxp/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- write-behind ------------------------------------------------------------
 *
 * The report of a national plan is hundreds of megabytes. Left alone, the
 * kernel starts writing it to the disk only when the fsync that commits it
 * asks, and eval then waits for all of it. Instead, a thread hands the pages
 * to the disk as they fill (sync_file_range starts writing them and does not
 * wait), so that the fsync waits for the last few megabytes only. */

enum { WRITE_BEHIND_CHUNK = 8 << 20, WRITE_BEHIND_POLL_NS = 20 * 1000 * 1000 };

struct dxp_write_behind {
    int fd;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
};

#ifdef SYNC_FILE_RANGE_WRITE
static void *write_behind(void *arg)
{
    struct dxp_write_behind *wb = arg;
    off_t handed = 0;   /* bytes handed to the disk so far */
    pthread_mutex_lock(&wb->lock);
    while (!wb->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += WRITE_BEHIND_POLL_NS;
        if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&wb->wake, &wb->lock, &until);
        if (wb->stop) break;
        pthread_mutex_unlock(&wb->lock);
        struct stat st;
        if (fstat(wb->fd, &st) == 0) {
            off_t full = st.st_size / WRITE_BEHIND_CHUNK * WRITE_BEHIND_CHUNK;
            if (full > handed && sync_file_range(wb->fd, handed, full - handed, SYNC_FILE_RANGE_WRITE) == 0)
                handed = full;
        }
        pthread_mutex_lock(&wb->lock);
    }
    pthread_mutex_unlock(&wb->lock);
    return NULL;
}
#endif

void dxp_output_write_behind(dxp_output *o)
{
#ifdef SYNC_FILE_RANGE_WRITE
    if (o->direct || !o->file || o->write_behind) return;
    struct dxp_write_behind *wb = dxp_xcalloc(1, sizeof *wb);
    wb->fd = fileno(o->file);
    pthread_mutex_init(&wb->lock, NULL);
    pthread_cond_init(&wb->wake, NULL);
    if (pthread_create(&wb->thread, NULL, write_behind, wb) != 0) {
        pthread_mutex_destroy(&wb->lock);
        pthread_cond_destroy(&wb->wake);
        free(wb);
        return;   /* written the ordinary way */
    }
    o->write_behind = wb;
#else
    (void)o;
#endif
}

static void stop_write_behind(dxp_output *o)
{
    struct dxp_write_behind *wb = o->write_behind;
    if (!wb) return;
    pthread_mutex_lock(&wb->lock);
    wb->stop = true;
    pthread_cond_signal(&wb->wake);
    pthread_mutex_unlock(&wb->lock);
    pthread_join(wb->thread, NULL);
    pthread_mutex_destroy(&wb->lock);
    pthread_cond_destroy(&wb->wake);
    free(wb);
    o->write_behind = NULL;
}

/* ---- temporary files removed on a fatal signal ----------------------------------
 *
 * Interrupted (Ctrl-C, kill, a closed terminal) while writing, dxp leaves the
 * target as it was; without this it would also leave the temporary file
 * beside it. The handler removes every temporary file still open and dies of
 * the same signal. unlink is async-signal-safe; the paths are published
 * through lock-free atomics, so the handler never sees half a pointer. A
 * signal the user ignored (nohup's SIGHUP) stays ignored. */

enum { MAX_PENDING = 4 };   /* outputs open at once: dxp opens one at a time */
static _Atomic(const char *) pending[MAX_PENDING];
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void remove_pending_and_die(int sig)
{
    for (int i = 0; i < MAX_PENDING; i++) {
        const char *tmp = atomic_load(&pending[i]);
        if (tmp) unlink(tmp);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_handlers(void)
{
    static atomic_flag installed = ATOMIC_FLAG_INIT;
    if (atomic_flag_test_and_set(&installed)) return;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) {
        struct sigaction old, sa;
        if (sigaction(fatal_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN) continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = remove_pending_and_die;
        sigemptyset(&sa.sa_mask);
        sigaction(fatal_signals[i], &sa, NULL);
    }
}

/* Records tmp to be removed on a fatal signal (it may not be when all slots
 * are taken, which dxp never does). */
static void track(const char *tmp)
{
    install_handlers();
    for (int i = 0; i < MAX_PENDING; i++) {
        const char *none = NULL;
        if (atomic_compare_exchange_strong(&pending[i], &none, tmp)) return;
    }
}

/* Once tmp is renamed or removed, and before it is freed: the handler must
 * never read a freed path (unlinking one already renamed fails harmlessly). */
static void untrack(const char *tmp)
{
    for (int i = 0; i < MAX_PENDING; i++) {
        const char *expected = tmp;
        if (atomic_compare_exchange_strong(&pending[i], &expected, NULL)) return;
    }
}

/* ---- the temporary file and its rename ------------------------------------- */

bool dxp_output_open(dxp_output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    /* A device or a pipe (-o /dev/null, a FIFO) is written in place: there is
     * no file to replace, and a temporary file renamed over /dev/null would
     * replace the device itself. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        o->file = fopen(path, "w");
        o->direct = o->file != NULL;
        return o->direct;
    }
    /* A symbolic link is followed: the file it names is replaced, not the link
     * (-o /dev/stdout, a report linked from a web directory). */
    char real[PATH_MAX];
    o->path = dxp_xstrdup(realpath(path, real) ? real : path);
    o->tmp = dxp_xmalloc(strlen(o->path) + 16);
    sprintf(o->tmp, "%s.XXXXXX", o->path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        return false;
    }
    track(o->tmp);
    o->file = fdopen(fd, "w");
    if (!o->file) {
        int saved = errno;
        close(fd);
        unlink(o->tmp);
        untrack(o->tmp);
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        errno = saved;
        return false;
    }
    return true;
}

static void release(dxp_output *o)
{
    if (o->tmp) untrack(o->tmp);
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}

bool dxp_output_commit(dxp_output *o)
{
    stop_write_behind(o);
    if (o->direct) {
        bool ok = fclose(o->file) == 0;
        release(o);
        return ok;
    }
    bool ok = fflush(o->file) == 0 && fsync(fileno(o->file)) == 0;
    int saved = errno;
    struct stat st;
    /* A new file gets the usual permissions (mkstemp makes it 0600). */
    mode_t mode = 0666;
    mode_t mask = umask(0);
    umask(mask);
    if (stat(o->path, &st) == 0) mode = st.st_mode & 07777;
    else mode &= ~mask;
    if (ok) ok = fchmod(fileno(o->file), mode) == 0, saved = errno;
    if (fclose(o->file) != 0 && ok) ok = false, saved = errno;
    if (ok && rename(o->tmp, o->path) != 0) ok = false, saved = errno;
    if (!ok) unlink(o->tmp);
    release(o);
    errno = saved;
    return ok;
}

void dxp_output_abort(dxp_output *o)
{
    stop_write_behind(o);
    if (!o->file) return;
    fclose(o->file);
    if (!o->direct) unlink(o->tmp);
    release(o);
}
