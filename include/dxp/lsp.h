/* lsp.h — dxp lsp: a language server for editors (LSP 3.17 over stdio). */
#ifndef DXP_LSP_H
#define DXP_LSP_H

#include <stdio.h>

/* Serves JSON-RPC messages (Content-Length framing) from in, answers on out,
 * until `exit` or the end of in. Returns the exit status: 0 after a
 * shutdown request, 1 otherwise (as the protocol asks). */
int dxp_lsp_run(FILE *in, FILE *out);

#endif
