/* output.c — see output.h. */
#include "dxp/output.h"

#include "dxp/arena.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool dxp_output_open(dxp_output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->path = dxp_xstrdup(path);
    o->tmp = dxp_xmalloc(strlen(path) + 16);
    sprintf(o->tmp, "%s.XXXXXX", path);
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
    unlink(o->tmp);
    release(o);
}
