/* diag.h — the one diagnostics sink every stage writes to.
 *
 * A diagnostic has a severity, a stable code (DXPnnn, see docs/diagnostics.md),
 * a byte span in one source, a message and optional note:/help: lines. The sink
 * owns the sources it renders, collects everything, and renders it sorted by
 * position as text with a caret line, or one line each (gcc style). */
#ifndef DXP_DIAG_H
#define DXP_DIAG_H

#include "dxp/source.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum dxp_severity { DXP_SEV_NOTE, DXP_SEV_WARNING, DXP_SEV_ERROR } dxp_severity;

/* A byte range [start, end) in source number `file` of the sink; file < 0: no place. */
typedef struct dxp_span {
    int32_t file;
    uint32_t start, end;
} dxp_span;

#define DXP_NO_SPAN ((dxp_span){ -1, 0, 0 })

typedef enum dxp_note_kind { DXP_NOTE_NOTE, DXP_NOTE_HELP } dxp_note_kind;

typedef struct dxp_note {
    dxp_note_kind kind;
    dxp_span span;          /* may be DXP_NO_SPAN */
    char *text;
} dxp_note;

typedef struct dxp_diag {
    dxp_severity severity;
    const char *code;       /* static string, "DXP101" */
    dxp_span span;
    char *message;
    dxp_note *notes;
    size_t nnotes;
    size_t seq;             /* order of arrival, to keep sorting stable */
} dxp_diag;

typedef struct dxp_diags {
    dxp_source **sources;
    size_t nsources;
    dxp_diag *items;
    size_t count, cap;
    size_t errors, warnings;
    size_t limit;           /* stop collecting after this many (0: default) */
    size_t dropped;         /* diagnostics not kept because of the limit */
} dxp_diags;

typedef enum dxp_diag_format { DXP_DIAG_TEXT, DXP_DIAG_GCC, DXP_DIAG_JSON, DXP_DIAG_SARIF } dxp_diag_format;

typedef struct dxp_render_options {
    dxp_diag_format format;
    dxp_column_unit columns;
    bool color;
    bool compact;   /* json and sarif on one line, without indentation */
} dxp_render_options;

void dxp_diags_init(dxp_diags *d);
void dxp_diags_free(dxp_diags *d);          /* frees the sources too */
/* A sink for the diagnostics of work done beside `of` (a half on another
 * thread): it shows the sources of `of` and keeps its limit, but does not own
 * the sources; free it with dxp_diags_free_borrowing. */
void dxp_diags_init_borrowing(dxp_diags *d, const dxp_diags *of);
void dxp_diags_free_borrowing(dxp_diags *d);

/* Registers a source (the sink takes ownership); returns its file number. */
int32_t dxp_diags_add_source(dxp_diags *d, dxp_source *src);
dxp_source *dxp_diags_source(const dxp_diags *d, int32_t file);

/* A span of file; one that would end before it starts is empty. Inline:
 * the scanner makes one for every number it reads. */
static inline dxp_span dxp_span_make(int32_t file, uint32_t start, uint32_t end)
{
    return (dxp_span){ file, start, end < start ? start : end };
}

/* Adds a diagnostic; returns it so that notes can be attached, or NULL when the
 * limit has been reached (the note functions accept NULL). */
dxp_diag *dxp_diag_add(dxp_diags *d, dxp_severity sev, const char *code, dxp_span span,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void dxp_diag_note(dxp_diag *diag, dxp_span span, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void dxp_diag_help(dxp_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define dxp_error(d, code, span, ...)   dxp_diag_add((d), DXP_SEV_ERROR, (code), (span), __VA_ARGS__)
#define dxp_warning(d, code, span, ...) dxp_diag_add((d), DXP_SEV_WARNING, (code), (span), __VA_ARGS__)

/* Moves every diagnostic of `from` to the end of `into`, as if they had been
 * added to `into` in their order (its limit and counts apply); `from` is left
 * empty, with its sources. */
void dxp_diags_append(dxp_diags *into, dxp_diags *from);

/* Frees the sources of d that no diagnostic refers to (the text of a plan
 * that has nothing to show), renumbering the others in their order. */
void dxp_diags_drop_unused_sources(dxp_diags *d);

/* Moves every diagnostic of `from`, a sink that owns its sources (work done
 * apart, such as one plan of a lint run), to the end of `into` as
 * dxp_diags_append does, together with the sources they refer to, renumbered;
 * the sources nothing refers to are freed. `from` is left empty. */
void dxp_diags_absorb(dxp_diags *into, dxp_diags *from);

/* Removes the diagnostics for which drop() says true (counts follow). */
void dxp_diags_remove_if(dxp_diags *d, bool (*drop)(const dxp_diag *g, void *ctx), void *ctx);

/* Sorts by file and position (stable) and writes every diagnostic to out. */
void dxp_diags_render(dxp_diags *d, FILE *out, const dxp_render_options *opt);

/* The machine formats (diag_json.c): a JSON array, and SARIF 2.1.0. */
void dxp_diags_render_json(dxp_diags *d, FILE *out, const dxp_render_options *opt);
void dxp_diags_render_sarif(dxp_diags *d, FILE *out, const dxp_render_options *opt);

/* Writes one source line with a caret/tilde span under [start, end) (text format). */
void dxp_diag_render_snippet(dxp_source *src, uint32_t start, uint32_t end, FILE *out,
                             bool color);

const char *dxp_severity_name(dxp_severity sev);
/* The severity named "note", "warning" or "error" (--severity, .dxplint);
 * false for any other text. */
bool dxp_severity_named(const char *name, size_t len, dxp_severity *out);

#endif
