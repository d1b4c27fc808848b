/* output.c — see output.h. */
#include "dxp/output.h"

#include "dxp/arena.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    o->file = fdopen(fd, "w");
    if (!o->file) {
        int saved = errno;
        close(fd);
        unlink(o->tmp);
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
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}

bool dxp_output_commit(dxp_output *o)
{
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
    if (!o->file) return;
    fclose(o->file);
    if (!o->direct) unlink(o->tmp);
    release(o);
}
