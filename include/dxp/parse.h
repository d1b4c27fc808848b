/* parse.h — parsing one source into a syntax tree (grammar/parser.y). */
#ifndef DXP_PARSE_H
#define DXP_PARSE_H

#include "dxp/ast.h"
#include "dxp/diag.h"

/* Parses source number `file` of diags, which must be valid UTF-8
 * (dxp_parse_source checks that first: the scanner is made for nothing else).
 * Syntax errors are reported to diags and recovered from at declaration and
 * block level, so that one run reports them all; the tree holds every
 * declaration that could be read. */
dxp_file *dxp_parse(dxp_diags *diags, int32_t file, dxp_arena *arena);

/* A large file, when two threads may run (dxp_threads_worth; environment
 * variable DXP_THREADS=1 turns it off), is parsed by dxp_parse in two halves
 * at once; the tree is the same as in one piece. */

/* Parses a file in two halves split at byte `split`, which must start a line
 * that starts a declaration. NULL when the halves do not give the whole file
 * cleanly (any diagnostic, or a split inside a block): nothing is reported
 * and the caller parses in one piece. For dxp_parse and its tests. */
dxp_file *dxp_parse_in_halves(dxp_diags *diags, int32_t file, dxp_arena *arena, uint32_t split);

/* Where dxp_parse splits a text in two: the start of a declaration's line
 * nearest to the middle of the work (ASCII bytes, sampled), no more than a
 * quarter of the text away; 0 when there is none. */
uint32_t dxp_parse_split_point(const char *text, size_t len);

#endif
