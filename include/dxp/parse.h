/* parse.h — parsing one source into a syntax tree (grammar/parser.y). */
#ifndef DXP_PARSE_H
#define DXP_PARSE_H

#include "dxp/ast.h"
#include "dxp/diag.h"

/* Parses source number `file` of diags. Syntax errors are reported to diags and
 * recovered from at declaration and block level, so that one run reports them
 * all; the tree holds every declaration that could be read. */
dxp_file *dxp_parse(dxp_diags *diags, int32_t file, dxp_arena *arena);

#endif
