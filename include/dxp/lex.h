/* lex.h — the scanner's state (flex yyextra) and a token-at-a-time interface.
 *
 * The scanner itself is grammar/lexer.l (reentrant flex). It scans the source
 * buffer in place; tokens carry byte spans and point into the buffer. */
#ifndef DXP_LEX_H
#define DXP_LEX_H

#include "dxp/ast.h"
#include "dxp/diag.h"
#include "parser.h"   /* generated: token kinds, YYSTYPE */

#include <stdbool.h>

/* Deepest nesting of { ( [ the parser accepts (docs/limits.md). */
#define DXP_MAX_NESTING 256
/* Longest name or string, in bytes. */
#define DXP_MAX_TOKEN_BYTES 4096

typedef struct dxp_lexer {
    dxp_source *src;
    int32_t file;
    dxp_diags *diags;
    dxp_arena *arena;
    uint32_t offset;                      /* byte offset of the next token */
    uint32_t blanks_start;                /* where the last blanks skipped start */
    int depth;                            /* open { ( [ */
    uint32_t open_at[DXP_MAX_NESTING];    /* where each open bracket is */
    char open_kind[DXP_MAX_NESTING];
    bool fatal;                           /* nesting limit hit: stop at once */
    uint32_t bad_token;                   /* 1 + start of the last token the lexer
                                             reported, so the parser does not repeat it */
    dxp_comment *comments, *last_comment;
} dxp_lexer;

typedef struct dxp_token {
    int kind;            /* yytoken_kind_t; TOK_YYEOF at the end */
    dxp_loc loc;
    YYSTYPE value;
} dxp_token;

typedef struct dxp_lex_session dxp_lex_session;

/* Scans src token by token (for tests and tools); diagnostics go to diags. */
dxp_lex_session *dxp_lex_open(dxp_source *src, int32_t file, dxp_diags *diags,
                              dxp_arena *arena);
void dxp_lex_next(dxp_lex_session *s, dxp_token *tok);
void dxp_lex_close(dxp_lex_session *s);

/* The scanner state of a session (its comments, for the formatter). */
dxp_lexer *dxp_lex_state(dxp_lex_session *s);

/* Puts back the byte flex holds out of the buffer; call before destroying a scanner. */
void dxp_lex_restore_buffer(void *scanner);

/* Display name of a token kind, e.g. "'kpi'", "number". */
const char *dxp_token_name(int kind);

#endif
