/* lsp.h — dxp lsp: a language server for editors (LSP 3.17 over stdio). */
#ifndef DXP_LSP_H
#define DXP_LSP_H

#include <stdbool.h>
#include <stdio.h>

typedef struct dxp_lsp_options {
    /* Imports may name the standard library only, and no .dxplint is read:
     * nothing but the messages comes in (the fuzz harness). */
    bool stdlib_only;
} dxp_lsp_options;

/* Serves JSON-RPC messages (Content-Length framing) from in, answers on out,
 * until `exit` or the end of in. opt may be NULL (the defaults). Returns the
 * exit status: 0 after a shutdown request, 1 otherwise (as the protocol asks). */
int dxp_lsp_run(FILE *in, FILE *out, const dxp_lsp_options *opt);

#endif
