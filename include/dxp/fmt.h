/* fmt.h — the canonical layout of a plan file (dxp fmt), see fmt.c. */
#ifndef DXP_FMT_H
#define DXP_FMT_H

#include "dxp/diag.h"
#include "dxp/arena.h"

#include <stdbool.h>
#include <stdio.h>

/* Formats source `file` of diags into a new malloc'd text. The caller checks
 * first that the file parses: a file with syntax errors is never formatted. */
bool dxp_format(dxp_source *src, int32_t file, dxp_diags *diags, dxp_arena *arena, char **out, size_t *out_len);

/* Do two texts scan to the same tokens and comments (as the formatter prints
 * them)? dxp fmt checks this before it writes, so a bug in it can never
 * change a plan's meaning or drop a comment. */
bool dxp_format_equivalent(const char *before, size_t before_len, const char *after, size_t after_len);

/* Writes a unified diff of a → b (the original and the formatted text). */
void dxp_unified_diff(const char *path, const char *a, size_t na, const char *b, size_t nb, FILE *out);

#endif
