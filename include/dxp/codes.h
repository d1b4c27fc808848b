/* codes.h — the catalogue of every diagnostic code: its default severity and a
 * one-line description (for SARIF rules, `dxp explain` and the docs check).
 * The full page of each code is in docs/diagnostics.md, embedded in dxp. */
#ifndef DXP_CODES_H
#define DXP_CODES_H

#include "dxp/diag.h"

typedef struct dxp_code_info {
    const char *code;            /* "DXP501" */
    const char *name;            /* "pending-target" (SARIF rule name) */
    dxp_severity severity;       /* default */
    const char *summary;         /* one line, English */
} dxp_code_info;

extern const dxp_code_info dxp_codes[];    /* ends with code == NULL */
const dxp_code_info *dxp_code_find(const char *code);
/* A code as a user may write it, in any case and perhaps without its prefix
 * ("DXP501", "dxp501", "501"; s[0..len), no NUL needed), or NULL. */
const dxp_code_info *dxp_code_lookup(const char *s, size_t len);

/* The page of docs/diagnostics.md for a code (from "## CODE" to the next
 * heading), or NULL. The text is static. */
const char *dxp_code_page(const char *code, size_t *len);

#endif
