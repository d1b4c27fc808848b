/* diag.c — see diag.h. */
#include "dxp/diag.h"

#include "dxp/arena.h"
#include "dxp/utf8.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { DIAG_DEFAULT_LIMIT = 1000,
       SNIPPET_MAX_CHARS = 160,    /* longer lines are shown as a window */
       SNIPPET_CONTEXT = 60 };     /* characters kept before the caret */

#define COLOR_BOLD    "\033[1m"
#define COLOR_RED     "\033[1;31m"
#define COLOR_MAGENTA "\033[1;35m"
#define COLOR_CYAN    "\033[1;36m"
#define COLOR_GREEN   "\033[1;32m"
#define COLOR_RESET   "\033[0m"

static void free_diag(dxp_diag *g)
{
    free(g->message);
    for (size_t j = 0; j < g->nnotes; j++) free(g->notes[j].text);
    free(g->notes);
}

void dxp_diags_init(dxp_diags *d)
{
    memset(d, 0, sizeof *d);
}

void dxp_diags_free(dxp_diags *d)
{
    for (size_t i = 0; i < d->count; i++) free_diag(&d->items[i]);
    free(d->items);
    for (size_t i = 0; i < d->nsources; i++) dxp_source_free(d->sources[i]);
    free(d->sources);
    memset(d, 0, sizeof *d);
}

void dxp_diags_init_borrowing(dxp_diags *d, const dxp_diags *of)
{
    dxp_diags_init(d);
    d->sources = of->sources;
    d->nsources = of->nsources;
    d->limit = of->limit;
}

void dxp_diags_free_borrowing(dxp_diags *d)
{
    d->sources = NULL;   /* not this sink's to free */
    d->nsources = 0;
    dxp_diags_free(d);
}

int32_t dxp_diags_add_source(dxp_diags *d, dxp_source *src)
{
    DXP_PUSH(d->sources, d->nsources, src);
    return (int32_t)(d->nsources - 1);
}

dxp_source *dxp_diags_source(const dxp_diags *d, int32_t file)
{
    if (file < 0 || (size_t)file >= d->nsources) return NULL;
    return d->sources[file];
}

const char *dxp_severity_name(dxp_severity sev)
{
    switch (sev) {
    case DXP_SEV_ERROR:   return "error";
    case DXP_SEV_WARNING: return "warning";
    default:              return "note";
    }
}

bool dxp_severity_named(const char *name, size_t len, dxp_severity *out)
{
    for (dxp_severity sev = DXP_SEV_NOTE; sev <= DXP_SEV_ERROR; sev++) {
        const char *n = dxp_severity_name(sev);
        if (len == strlen(n) && memcmp(name, n, len) == 0) {
            *out = sev;
            return true;
        }
    }
    return false;
}

/* The place for the next diagnostic, empty and numbered in order of arrival;
 * NULL (and counted as dropped) once the limit is reached. */
static dxp_diag *next_slot(dxp_diags *d)
{
    size_t limit = d->limit ? d->limit : DIAG_DEFAULT_LIMIT;
    if (d->count >= limit) { d->dropped++; return NULL; }
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = dxp_xrealloc(d->items, d->cap * sizeof *d->items);
    }
    dxp_diag *g = &d->items[d->count];
    memset(g, 0, sizeof *g);
    g->seq = d->count++;
    return g;
}

dxp_diag *dxp_diag_add(dxp_diags *d, dxp_severity sev, const char *code, dxp_span span,
                       const char *fmt, ...)
{
    if (sev == DXP_SEV_ERROR) d->errors++;
    else if (sev == DXP_SEV_WARNING) d->warnings++;
    dxp_diag *g = next_slot(d);
    if (!g) return NULL;
    g->severity = sev;
    g->code = code;
    g->span = span;
    va_list ap;
    va_start(ap, fmt);
    g->message = dxp_xvasprintf(fmt, ap);
    va_end(ap);
    return g;
}

static void add_note(dxp_diag *g, dxp_note_kind kind, dxp_span span, const char *fmt,
                     va_list ap)
{
    g->notes = dxp_xrealloc(g->notes, (g->nnotes + 1) * sizeof *g->notes);
    dxp_note *n = &g->notes[g->nnotes++];
    n->kind = kind;
    n->span = span;
    n->text = dxp_xvasprintf(fmt, ap);
}

void dxp_diag_note(dxp_diag *g, dxp_span span, const char *fmt, ...)
{
    if (!g) return;
    va_list ap;
    va_start(ap, fmt);
    add_note(g, DXP_NOTE_NOTE, span, fmt, ap);
    va_end(ap);
}

void dxp_diag_help(dxp_diag *g, const char *fmt, ...)
{
    if (!g) return;
    va_list ap;
    va_start(ap, fmt);
    add_note(g, DXP_NOTE_HELP, DXP_NO_SPAN, fmt, ap);
    va_end(ap);
}

void dxp_diags_append(dxp_diags *into, dxp_diags *from)
{
    for (size_t i = 0; i < from->count; i++) {
        dxp_diag *g = next_slot(into);   /* as dxp_diag_add would have placed it, or dropped it */
        if (!g) {
            free_diag(&from->items[i]);
            continue;
        }
        size_t seq = g->seq;
        *g = from->items[i];
        g->seq = seq;
    }
    into->errors += from->errors;
    into->warnings += from->warnings;
    into->dropped += from->dropped;
    from->count = from->errors = from->warnings = from->dropped = 0;
}

/* Marks source `file` as referred to (see dxp_diags_drop_unused_sources). */
static void mark_source(int32_t *renumber, int32_t file)
{
    if (file >= 0) renumber[file] = 0;
}

/* Gives every place of the diagnostics of d the number renumber[] has for its source. */
static void renumber_spans(dxp_diags *d, const int32_t *renumber)
{
    for (size_t i = 0; i < d->count; i++) {
        dxp_diag *g = &d->items[i];
        if (g->span.file >= 0) g->span.file = renumber[g->span.file];
        for (size_t k = 0; k < g->nnotes; k++)
            if (g->notes[k].span.file >= 0) g->notes[k].span.file = renumber[g->notes[k].span.file];
    }
}

void dxp_diags_drop_unused_sources(dxp_diags *d)
{
    /* the new number of each source; -1 while nothing refers to it */
    int32_t *renumber = dxp_xmalloc((d->nsources + 1) * sizeof *renumber);
    for (size_t s = 0; s < d->nsources; s++) renumber[s] = -1;
    for (size_t i = 0; i < d->count; i++) {
        const dxp_diag *g = &d->items[i];
        mark_source(renumber, g->span.file);
        for (size_t k = 0; k < g->nnotes; k++) mark_source(renumber, g->notes[k].span.file);
    }
    size_t kept = 0;
    for (size_t s = 0; s < d->nsources; s++) {
        if (renumber[s] < 0) {
            dxp_source_free(d->sources[s]);
        } else {
            renumber[s] = (int32_t)kept;
            d->sources[kept++] = d->sources[s];
        }
    }
    d->nsources = kept;
    renumber_spans(d, renumber);
    free(renumber);
}

void dxp_diags_absorb(dxp_diags *into, dxp_diags *from)
{
    dxp_diags_drop_unused_sources(from);
    int32_t *renumber = dxp_xmalloc((from->nsources + 1) * sizeof *renumber);
    for (size_t s = 0; s < from->nsources; s++) renumber[s] = dxp_diags_add_source(into, from->sources[s]);
    renumber_spans(from, renumber);
    free(renumber);
    free(from->sources);
    from->sources = NULL;
    from->nsources = 0;
    dxp_diags_append(into, from);
}

void dxp_diags_remove_if(dxp_diags *d, bool (*drop)(const dxp_diag *g, void *ctx), void *ctx)
{
    size_t keep = 0;
    for (size_t i = 0; i < d->count; i++) {
        dxp_diag *g = &d->items[i];
        if (drop(g, ctx)) {
            if (g->severity == DXP_SEV_ERROR) d->errors--;
            else if (g->severity == DXP_SEV_WARNING) d->warnings--;
            free_diag(g);
        } else {
            d->items[keep++] = *g;
        }
    }
    d->count = keep;
}

static int compare_diags(const void *a, const void *b)
{
    const dxp_diag *x = a, *y = b;
    /* Diagnostics without a place come first; then by file, offset, arrival. */
    if (x->span.file != y->span.file) return x->span.file < y->span.file ? -1 : 1;
    if (x->span.start != y->span.start) return x->span.start < y->span.start ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Echoes source text with tabs shown as one space and control characters and
 * invalid bytes as U+FFFD, one column each, so that the caret line (which
 * counts them as one column) stays aligned and no raw byte reaches the terminal. */
static void echo_text(FILE *out, const char *p, const char *end)
{
    while (p < end) {
        int32_t cp;
        size_t len = dxp_utf8_decode(p, (size_t)(end - p), &cp);
        if (len == 0 || (cp < 0x20 && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            fputs("\xEF\xBF\xBD", out);
            p += len ? len : 1;
        } else if (cp == '\t') {
            fputc(' ', out);
            p++;
        } else {
            fwrite(p, 1, len, out);
            p += len;
        }
    }
}

/* File names and messages go through the same filter: a file name (or a
 * message quoting one) can hold an escape sequence or a carriage return that
 * would rewrite what a terminal or a CI log shows. */
static void echo_string(FILE *out, const char *s)
{
    echo_text(out, s, s + strlen(s));
}

void dxp_diag_render_snippet(dxp_source *src, uint32_t start, uint32_t end, FILE *out,
                             bool color)
{
    uint32_t line = dxp_source_line_of(src, start), ls, le;
    dxp_source_line_span(src, line, &ls, &le);
    if (start < ls) start = ls;
    if (start > le) start = le;
    if (end > le) end = le;
    if (end < start) end = start;

    const char *text = src->text;
    const char *from = text + ls, *to = text + le;
    bool cut_left = false, cut_right = false;
    /* Very long lines (a 50 MB one-line file) are shown as a window around
     * the caret. Their columns come from the source's marks (source.h): a
     * thousand diagnostics on such a line do not each walk it. */
    if (le - ls > SNIPPET_MAX_CHARS && dxp_source_column(src, le, DXP_COLUMN_CHAR) - 1 > SNIPPET_MAX_CHARS) {
        uint32_t before = dxp_source_column(src, start, DXP_COLUMN_CHAR) - 1, first = 0;
        if (before > SNIPPET_CONTEXT) {
            first = before - SNIPPET_CONTEXT;
            from = text + dxp_source_column_offset(src, line, first, DXP_COLUMN_CHAR);
            cut_left = true;
        }
        const char *limit = text + dxp_source_column_offset(src, line, first + SNIPPET_MAX_CHARS, DXP_COLUMN_CHAR);
        if (limit < to) { to = limit; cut_right = true; }
        if (text + end > to) end = (uint32_t)(to - text);
        if (text + start > to) start = (uint32_t)(to - text);
    }

    char num[16];
    int nw = snprintf(num, sizeof num, "%u", line);
    fprintf(out, "%*s |", nw, num);
    if (from < to || cut_left) fputc(' ', out);
    if (cut_left) fputs("…", out);
    echo_text(out, from, to);
    if (cut_right) fputs("…", out);
    fputc('\n', out);

    size_t pad = dxp_utf8_width(from, (size_t)(text + start - from)) + (cut_left ? 1 : 0);
    size_t width = dxp_utf8_width(text + start, end - start);
    fprintf(out, "%*s | ", nw, "");
    for (size_t i = 0; i < pad; i++) fputc(' ', out);
    if (color) fputs(COLOR_GREEN, out);
    fputc('^', out);
    for (size_t i = 1; i < width; i++) fputc('~', out);
    if (color) fputs(COLOR_RESET, out);
    fputc('\n', out);
}

static void render_location(dxp_diags *d, dxp_span span, const dxp_render_options *opt,
                            FILE *out)
{
    dxp_source *src = dxp_diags_source(d, span.file);
    if (!src) return;
    if (opt->color) fputs(COLOR_BOLD, out);
    echo_string(out, src->path);
    fprintf(out, ":%u:%u:", dxp_source_line_of(src, span.start),
            dxp_source_column(src, span.start, opt->columns));
    if (opt->color) fputs(COLOR_RESET, out);
    fputc(' ', out);
}

static void render_severity(const char *name, const char *color_code, bool color, FILE *out)
{
    if (color) fputs(color_code, out);
    fprintf(out, "%s:", name);
    if (color) fputs(COLOR_RESET, out);
    fputc(' ', out);
}

static const char *severity_color(dxp_severity sev)
{
    return sev == DXP_SEV_ERROR ? COLOR_RED : sev == DXP_SEV_WARNING ? COLOR_MAGENTA : COLOR_CYAN;
}

static void render_one(dxp_diags *d, const dxp_diag *g, const dxp_render_options *opt,
                       FILE *out)
{
    bool text = opt->format == DXP_DIAG_TEXT;
    dxp_source *src = dxp_diags_source(d, g->span.file);
    if (src) render_location(d, g->span, opt, out);
    else fputs("dxp: ", out);
    render_severity(dxp_severity_name(g->severity), severity_color(g->severity),
                    opt->color && text, out);
    echo_string(out, g->message);
    fprintf(out, " [%s]\n", g->code);
    if (text && src) dxp_diag_render_snippet(src, g->span.start, g->span.end, out, opt->color);
    for (size_t i = 0; i < g->nnotes; i++) {
        const dxp_note *n = &g->notes[i];
        dxp_source *nsrc = dxp_diags_source(d, n->span.file);
        const char *kind = n->kind == DXP_NOTE_HELP ? "help" : "note";
        if (nsrc) {
            render_location(d, n->span, opt, out);
            render_severity(kind, COLOR_CYAN, opt->color && text, out);
            echo_string(out, n->text);
            fputc('\n', out);
            if (text) dxp_diag_render_snippet(nsrc, n->span.start, n->span.end, out, opt->color);
        } else if (text) {
            fputs("  = ", out);
            render_severity(kind, COLOR_CYAN, opt->color, out);
            echo_string(out, n->text);
            fputc('\n', out);
        }
    }
}

void dxp_diags_render(dxp_diags *d, FILE *out, const dxp_render_options *opt)
{
    if (d->count > 1) qsort(d->items, d->count, sizeof *d->items, compare_diags);
    if (opt->format == DXP_DIAG_JSON) { dxp_diags_render_json(d, out, opt); return; }
    if (opt->format == DXP_DIAG_SARIF) { dxp_diags_render_sarif(d, out, opt); return; }
    /* stderr is unbuffered: rendered straight to it, every character was a
     * system call (170,000 for a lint that shows 1,000 findings). Diagnostics
     * are rendered into memory and written a batch at a time instead. */
    enum { BATCH = 256 };
    for (size_t i = 0; i < d->count; i += BATCH) {
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        FILE *to = mem ? mem : out;
        for (size_t j = i; j < d->count && j < i + BATCH; j++) render_one(d, &d->items[j], opt, to);
        if (!mem) continue;
        fclose(mem);
        fwrite(text, 1, len, out);
        free(text);
    }
    if (d->dropped)
        fprintf(out, "dxp: note: %zu more diagnostics not shown (limit %zu)\n", d->dropped,
                d->limit ? d->limit : (size_t)DIAG_DEFAULT_LIMIT);
}
