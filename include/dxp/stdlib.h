/* stdlib.h — the standard library (the files in stdlib/) compiled into the binary. */
#ifndef DXP_STDLIB_H
#define DXP_STDLIB_H

#include <stddef.h>

typedef struct dxp_embedded_file {
    const char *name;    /* "std" for stdlib/std.dxp */
    const char *text;
    size_t len;
} dxp_embedded_file;

/* Terminated by an entry whose name is NULL. */
extern const dxp_embedded_file dxp_stdlib_files[];

/* The embedded file `name`, or NULL. */
const dxp_embedded_file *dxp_stdlib_find(const char *name, size_t len);

#endif
