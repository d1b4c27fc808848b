/* fuzz.c — the fuzz harness: arbitrary bytes through the whole pipeline.
 *
 * load → lex → parse → resolve → check, then (when the plan checks) lint and
 * eval for every year of its period in every report format, and every
 * diagnostics format; and, when the input parses, dxp fmt, which must keep
 * every token and comment and give the same text when run again; and a
 * parse in two halves (as large files are parsed), which must be refused or
 * give the tree of the whole; and the same bytes read as a .dxplint. Imports may name the standard library only, so a fuzz
 * input never reads the file system. Built three ways:
 *   libFuzzer:  clang -fsanitize=fuzzer,address,undefined (LLVMFuzzerTestOneInput)
 *   AFL++:      afl-clang-fast -DDXP_FUZZ_MAIN (persistent mode, input on stdin)
 *   replay:     cc -DDXP_FUZZ_MAIN, input files as arguments (make test runs it
 *               over tests/fuzz/corpus and tests/fuzz/regressions). */
#include "dxp/eval.h"
#include "dxp/fmt.h"
#include "dxp/i18n.h"
#include "dxp/lint.h"
#include "dxp/parse.h"
#include "dxp/program.h"
#include "dxp/report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink(void)
{
    static FILE *f;
    if (!f) f = fopen("/dev/null", "w");
    return f;
}

/* Formats text; NULL when it does not parse (fmt leaves such a file alone). */
static char *format(const char *text, size_t size, size_t *out_len)
{
    dxp_diags diags;
    dxp_diags_init(&diags);
    dxp_arena arena;
    dxp_arena_init(&arena);
    char *out = NULL;
    dxp_source *src = dxp_source_from_memory("fuzz.dxp", text, size);
    if (dxp_parse_source(&diags, src, &arena) && diags.errors == 0)
        dxp_format(src, 0, &diags, &arena, &out, out_len);
    dxp_arena_free(&arena);
    dxp_diags_free(&diags);
    return out;
}

/* The formatter's promises: nothing lost or changed, and a fixed point. */
static void check_formatter(const char *text, size_t size)
{
    size_t n1, n2;
    char *once = format(text, size, &n1);
    if (!once) return;
    if (!dxp_format_equivalent(text, size, once, n1)) {
        fputs("fuzz: dxp fmt changed the tokens or comments\n", stderr);
        abort();
    }
    char *twice = format(once, n1, &n2);
    if (!twice || n1 != n2 || memcmp(once, twice, n1) != 0) {
        fputs("fuzz: dxp fmt is not idempotent\n", stderr);
        abort();
    }
    free(once);
    free(twice);
}

/* Whether two trees have the same declarations and comments at the same places. */
static bool same_places(const dxp_file *a, const dxp_file *b)
{
    const dxp_decl *x = a->decls, *y = b->decls;
    for (; x && y; x = x->next, y = y->next)
        if (x->kind != y->kind || x->loc.start != y->loc.start || x->loc.end != y->loc.end) return false;
    const dxp_comment *c = a->comments, *d = b->comments;
    for (; c && d; c = c->next, d = d->next)
        if (c->loc.start != d->loc.start) return false;
    return !x && !y && !c && !d;
}

/* Halves split at the first few line starts: refused, or the whole tree; and
 * the split point chosen for a large file is a line start. */
static void check_halves(const char *text, size_t size)
{
    dxp_diags diags;
    dxp_diags_init(&diags);
    dxp_arena arena;
    dxp_arena_init(&arena);
    dxp_source *src = dxp_source_from_memory("fuzz.dxp", text, size);
    int32_t file = dxp_diags_add_source(&diags, src);
    if (dxp_source_invalid_utf8(src) < src->len) {   /* the parser's input is valid UTF-8 */
        dxp_diags_free(&diags);
        return;
    }
    dxp_file *whole = dxp_parse(&diags, file, &arena);
    size_t reported = diags.count;
    /* The split a large file would get: 0, or a line that starts a declaration. */
    uint32_t split = dxp_parse_split_point(src->text, src->len);
    if (split && (split >= src->len || src->text[split - 1] != '\n')) {
        fputs("fuzz: the split point is not a line start\n", stderr);
        abort();
    }
    int tried = 0;
    for (size_t at = 1; at < src->len && tried < 4; at++) {   /* offsets after a BOM, like the parser's */
        if (src->text[at - 1] != '\n') continue;
        tried++;
        dxp_file *halves = dxp_parse_in_halves(&diags, file, &arena, (uint32_t)at);
        if (!halves) continue;
        if (reported || diags.count != reported || !same_places(whole, halves)) {
            fputs("fuzz: a parse in halves differs from the whole\n", stderr);
            abort();
        }
    }
    dxp_arena_free(&arena);
    dxp_diags_free(&diags);
}

/* The same bytes read as a .dxplint: every problem is a DXP591 in its text,
 * and the diagnostics render. */
static void check_lint_config(const char *text, size_t size)
{
    dxp_diags diags;
    dxp_diags_init(&diags);
    int32_t file = dxp_diags_add_source(&diags, dxp_source_from_memory(".dxplint", text, size));
    dxp_lint_options opt = { false, DXP_SEV_NOTE, -1, NULL, NULL };
    dxp_lint_config_parse(&diags, file, &opt);
    for (size_t i = 0; i < diags.count; i++) {
        const dxp_diag *g = &diags.items[i];
        if (strcmp(g->code, "DXP591") != 0 || g->span.file != file || g->span.start > g->span.end ||
            g->span.end > size) {
            fputs("fuzz: a .dxplint problem is not a DXP591 within the file\n", stderr);
            abort();
        }
    }
    dxp_render_options ro = { DXP_DIAG_TEXT, DXP_COLUMN_UTF16, true, false };
    dxp_diags_render(&diags, sink(), &ro);
    dxp_lint_options_free(&opt);
    dxp_diags_free(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_formatter((const char *)data, size);
    check_halves((const char *)data, size);
    check_lint_config((const char *)data, size);
    dxp_diags diags;
    dxp_diags_init(&diags);
    dxp_load_options opt = { false, true };
    dxp_program *p = dxp_program_load(&diags, "fuzz.dxp", (const char *)data, size, &opt);
    if (p && diags.errors == 0) {
        dxp_lint_options lo = { size % 2 == 0, DXP_SEV_NOTE, -1, NULL, NULL };
        dxp_lint(p, &lo);
        dxp_apply_suppressions(p, true);
        dxp_year from = { 2024, 'R', false }, to = from;
        if (p->plan.has_period && p->plan.last.fy - p->plan.first.fy < 12) {
            from = p->plan.first;
            to = p->plan.last;
        }
        dxp_evaluation *ev = dxp_evaluate(p, from, to);
        for (int f = DXP_REPORT_TEXT; f <= DXP_REPORT_HTML; f++) {
            dxp_report_options ro = { (dxp_report_format)f, NULL, NULL, f == DXP_REPORT_CSV, size % 2 == 1 };
            dxp_report_write(ev, &ro, sink());
        }
        dxp_evaluation_free(ev);
    }
    for (int f = DXP_DIAG_TEXT; f <= DXP_DIAG_SARIF; f++) {
        dxp_render_options ro = { (dxp_diag_format)f, (dxp_column_unit)(f % 4), f == DXP_DIAG_TEXT, size % 2 == 1 };
        dxp_diags_render(&diags, sink(), &ro);
    }
    dxp_program_free(p);
    dxp_diags_free(&diags);
    return 0;
}

#include "driver.h"
