/* output.h — writing a file atomically: a temporary file beside the target,
 * flushed to disk and renamed over it, so an interrupted write never leaves
 * half a report (or half a plan) over a good one. A symbolic link is followed
 * (the file it names is replaced); a device or a pipe (/dev/null, a FIFO) is
 * written in place. */
#ifndef DXP_OUTPUT_H
#define DXP_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

typedef struct dxp_output {
    FILE *file;          /* write here */
    char *path;          /* the target */
    char *tmp;           /* the temporary file beside it */
    bool keep_mode;      /* give the result the target's permissions */
    bool direct;         /* not a regular file: written in place, nothing renamed */
    struct dxp_write_behind *write_behind;
} dxp_output;

/* Opens a temporary file beside the target (the target itself when it is a
 * device or a pipe); false (errno set) on failure. */
bool dxp_output_open(dxp_output *o, const char *path);
/* For a large output written over time (a report): its pages are handed to
 * the disk as they fill, so that the commit's sync waits for the last few
 * megabytes only (Linux; elsewhere nothing changes). */
void dxp_output_write_behind(dxp_output *o);
/* Flushes, syncs and renames over the target; false (errno set) on failure,
 * in which case the target is untouched and the temporary file removed. */
bool dxp_output_commit(dxp_output *o);
/* Discards what was written. */
void dxp_output_abort(dxp_output *o);

#endif
