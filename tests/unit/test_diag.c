/* Unit tests for diag.c: rendering with a caret aligned by display width,
 * ordering, the gcc format, notes and the diagnostics limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxp/diag.h"
#include "dxp/source.h"

static char *render(dxp_diags *d, dxp_diag_format format, dxp_column_unit columns)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    dxp_render_options opt = { format, columns, false, false };
    dxp_diags_render(d, f, &opt);
    fclose(f);
    return buf;
}

static uint32_t at(dxp_diags *d, const char *needle)
{
    return (uint32_t)(strstr(d->sources[0]->text, needle) - d->sources[0]->text);
}

static void test_caret_under_japanese_text(void **state)
{
    (void)state;
    dxp_diags d;
    dxp_diags_init(&d);
    const char *text = "kpi x {\n  target { R9: 調整中 }\n}\n";
    dxp_diags_add_source(&d, dxp_source_from_memory("plan.dxp", text, strlen(text)));
    uint32_t s = at(&d, "調整中");
    dxp_diag *g = dxp_warning(&d, "DXP501", dxp_span_make(0, s, s + (uint32_t)strlen("調整中")),
                              "target for R9 is 調整中 (pending)");
    dxp_diag_help(g, "set the target");
    char *out = render(&d, DXP_DIAG_TEXT, DXP_COLUMN_CHAR);
    assert_string_equal(out,
        "plan.dxp:2:16: warning: target for R9 is 調整中 (pending) [DXP501]\n"
        "2 |   target { R9: 調整中 }\n"
        "  |                ^~~~~~\n"
        "  = help: set the target\n");
    free(out);
    out = render(&d, DXP_DIAG_GCC, DXP_COLUMN_BYTE);
    assert_string_equal(out, "plan.dxp:2:16: warning: target for R9 is 調整中 (pending) [DXP501]\n");
    free(out);
    out = render(&d, DXP_DIAG_GCC, DXP_COLUMN_DISPLAY);
    assert_string_equal(out, "plan.dxp:2:16: warning: target for R9 is 調整中 (pending) [DXP501]\n");
    free(out);
    dxp_diags_free(&d);
}

static void test_caret_after_wide_characters(void **state)
{
    (void)state;
    dxp_diags d;
    dxp_diags_init(&d);
    const char *text = "measure 企2 「オープンデータ」 { goal citizn }\n";
    dxp_diags_add_source(&d, dxp_source_from_memory("p.dxp", text, strlen(text)));
    uint32_t s = at(&d, "citizn");
    dxp_error(&d, "DXP303", dxp_span_make(0, s, s + 6), "unknown goal 'citizn'");
    char *out = render(&d, DXP_DIAG_TEXT, DXP_COLUMN_DISPLAY);
    /* 企 and 「オープンデータ」 take two columns each: the caret is padded to match. */
    assert_string_equal(out,
        "p.dxp:1:39: error: unknown goal 'citizn' [DXP303]\n"
        "1 | measure 企2 「オープンデータ」 { goal citizn }\n"
        "  | " "                                      " "^~~~~~\n");   /* 38 columns */
    free(out);
    dxp_diags_free(&d);
}

static void test_sorted_by_position_with_notes(void **state)
{
    (void)state;
    dxp_diags d;
    dxp_diags_init(&d);
    const char *text = "a\nb\n";
    dxp_diags_add_source(&d, dxp_source_from_memory("f.dxp", text, 4));
    dxp_error(&d, "DXP302", dxp_span_make(0, 2, 3), "second");
    dxp_diag *g = dxp_error(&d, "DXP303", dxp_span_make(0, 0, 1), "first");
    dxp_diag_note(g, dxp_span_make(0, 2, 3), "see here");
    assert_int_equal(d.errors, 2);
    char *out = render(&d, DXP_DIAG_GCC, DXP_COLUMN_CHAR);
    assert_string_equal(out,
        "f.dxp:1:1: error: first [DXP303]\n"
        "f.dxp:2:1: note: see here\n"
        "f.dxp:2:1: error: second [DXP302]\n");
    free(out);
    dxp_diags_free(&d);
}

static void test_no_location(void **state)
{
    (void)state;
    dxp_diags d;
    dxp_diags_init(&d);
    dxp_error(&d, "DXP001", DXP_NO_SPAN, "cannot read x.dxp: No such file or directory");
    char *out = render(&d, DXP_DIAG_TEXT, DXP_COLUMN_CHAR);
    assert_string_equal(out, "dxp: error: cannot read x.dxp: No such file or directory [DXP001]\n");
    free(out);
    dxp_diags_free(&d);
}

/* A file name or message with an escape sequence or a carriage return does
 * not reach the terminal as it is: the bytes are shown as U+FFFD. */
static void test_control_characters_not_echoed(void **state)
{
    (void)state;
    dxp_diags d;
    dxp_diags_init(&d);
    const char *text = "kpi x {}\n";
    dxp_diags_add_source(&d, dxp_source_from_memory("a\033[2Jb\r.dxp", text, strlen(text)));
    dxp_diag *g = dxp_error(&d, "DXP303", dxp_span_make(0, 4, 5), "name '\033]0;t\a' is unknown");
    dxp_diag_note(g, dxp_span_make(0, 0, 3), "see\tthis");
    dxp_diag_help(g, "not\x9b this");
    char *out = render(&d, DXP_DIAG_TEXT, DXP_COLUMN_CHAR);
    assert_string_equal(out,
        "a\xEF\xBF\xBD[2Jb\xEF\xBF\xBD.dxp:1:5: error: name '\xEF\xBF\xBD]0;t\xEF\xBF\xBD' is unknown [DXP303]\n"
        "1 | kpi x {}\n"
        "  |     ^\n"
        "a\xEF\xBF\xBD[2Jb\xEF\xBF\xBD.dxp:1:1: note: see this\n"
        "1 | kpi x {}\n"
        "  | ^~~\n"
        "  = help: not\xEF\xBF\xBD this\n");
    free(out);
    dxp_diags_free(&d);
}

static void test_limit(void **state)
{
    (void)state;
    dxp_diags d;
    dxp_diags_init(&d);
    d.limit = 3;
    for (int i = 0; i < 5; i++)
        dxp_diag_note(dxp_error(&d, "DXP101", DXP_NO_SPAN, "e%d", i), DXP_NO_SPAN, "n");
    assert_int_equal(d.count, 3);
    assert_int_equal(d.errors, 5);
    assert_int_equal(d.dropped, 2);
    dxp_diags_free(&d);
}

/* Diagnostics collected apart (a half of a large program) and appended give
 * what adding them one after the other gives: order, notes, counts, and the
 * limit, whether it is reached before, during or not at all. */
static void add_some(dxp_diags *d, int from, int n)
{
    for (int i = from; i < from + n; i++) {
        dxp_diag *g = i % 3 ? dxp_error(d, "DXP401", DXP_NO_SPAN, "e%d", i)
                            : dxp_warning(d, "DXP511", DXP_NO_SPAN, "w%d", i);
        dxp_diag_help(g, "h%d", i);
    }
}

static void test_append_as_if_added(void **state)
{
    (void)state;
    const int cases[][3] = { { 10, 2, 3 }, { 10, 6, 7 }, { 10, 12, 5 }, { 0, 4, 4 }, { 5, 0, 9 } };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        int limit = cases[k][0], before = cases[k][1], apart = cases[k][2];
        dxp_diags one, two, half;
        dxp_diags_init(&one);
        dxp_diags_init(&two);
        dxp_diags_init(&half);
        one.limit = two.limit = half.limit = (size_t)limit;
        add_some(&one, 0, before + apart);
        add_some(&two, 0, before);
        add_some(&half, before, apart);
        dxp_diags_append(&two, &half);
        assert_int_equal(half.count, 0);
        assert_int_equal(two.count, one.count);
        assert_int_equal(two.errors, one.errors);
        assert_int_equal(two.warnings, one.warnings);
        assert_int_equal(two.dropped, one.dropped);
        char *a = render(&one, DXP_DIAG_TEXT, DXP_COLUMN_CHAR), *b = render(&two, DXP_DIAG_TEXT, DXP_COLUMN_CHAR);
        assert_string_equal(a, b);
        free(a);
        free(b);
        dxp_diags_free(&one);
        dxp_diags_free(&two);
        dxp_diags_free(&half);
    }
}

/* What linting a plan that imports std and 基本.dxp reports: a warning with a
 * note in the base file, and an error without a place. */
static void lint_findings(dxp_diags *d)
{
    int32_t std = dxp_diags_add_source(d, dxp_source_from_memory("std", "unit 件\n", 9));
    int32_t base = dxp_diags_add_source(d, dxp_source_from_memory("基本.dxp", "goal 県民\n", 12));
    int32_t own = dxp_diags_add_source(d, dxp_source_from_memory("b.dxp", "kpi 指標 {}\n", 14));
    assert_int_equal(std, 0);
    dxp_diag *g = dxp_warning(d, "DXP510", dxp_span_make(own, 4, 10), "target");
    dxp_diag_note(g, dxp_span_make(base, 5, 11), "the goal");
    dxp_diag_help(g, "help");
    dxp_error(d, "DXP591", DXP_NO_SPAN, "nowhere");
}

/* A plan linted apart in a sink of its own, absorbed into the run's: what it
 * shows is what the plan shows linted alone, after what came before; its
 * sources come along renumbered, those that nothing refers to are freed (the
 * sanitizers and Valgrind would see them leak). */
static void test_absorb_moves_sources(void **state)
{
    (void)state;
    dxp_diags run, plan, alone;
    dxp_diags_init(&run);
    dxp_diags_init(&plan);
    dxp_diags_init(&alone);
    int32_t first = dxp_diags_add_source(&run, dxp_source_from_memory("a.dxp", "kpi 前 {}\n", 11));
    dxp_warning(&run, "DXP541", dxp_span_make(first, 4, 7), "before");
    lint_findings(&plan);
    lint_findings(&alone);
    dxp_diags_absorb(&run, &plan);
    assert_int_equal(plan.count, 0);
    assert_int_equal(plan.nsources, 0);
    assert_int_equal(run.nsources, 3);   /* a.dxp, then 基本.dxp and b.dxp: nothing refers to std */
    assert_string_equal(run.sources[1]->path, "基本.dxp");
    assert_string_equal(run.sources[2]->path, "b.dxp");
    assert_int_equal(run.count, 3);
    assert_int_equal(run.warnings, 2);
    assert_int_equal(run.errors, 1);
    char *whole = render(&run, DXP_DIAG_TEXT, DXP_COLUMN_CHAR), *part = render(&alone, DXP_DIAG_TEXT, DXP_COLUMN_CHAR);
    const char *after = strstr(whole, "b.dxp:1:5: warning: target");
    assert_non_null(after);
    assert_non_null(strstr(whole, "基本.dxp:1:6: note: the goal"));
    assert_non_null(strstr(part, "b.dxp:1:5: warning: target"));
    assert_string_equal(after, strstr(part, "b.dxp:1:5"));   /* the same text, line, caret and note */
    free(whole);
    free(part);
    dxp_diags_free(&plan);
    dxp_diags_free(&alone);
    dxp_diags_free(&run);
}

/* A plan with nothing to show keeps none of its text; one with findings
 * keeps the sources they point into, still rendered the same. */
static void test_drop_unused_sources(void **state)
{
    (void)state;
    dxp_diags d, same;
    dxp_diags_init(&d);
    dxp_diags_init(&same);
    lint_findings(&d);
    lint_findings(&same);
    dxp_diags_drop_unused_sources(&d);
    assert_int_equal(d.nsources, 2);
    assert_string_equal(d.sources[0]->path, "基本.dxp");
    assert_int_equal(d.items[0].span.file, 1);
    assert_int_equal(d.items[0].notes[0].span.file, 0);
    char *a = render(&d, DXP_DIAG_TEXT, DXP_COLUMN_CHAR), *b = render(&same, DXP_DIAG_TEXT, DXP_COLUMN_CHAR);
    assert_string_equal(a, b);
    free(a);
    free(b);
    dxp_diags_free(&d);
    dxp_diags_free(&same);

    dxp_diags_init(&d);
    dxp_diags_add_source(&d, dxp_source_from_memory("clean.dxp", "kpi k {}\n", 9));
    dxp_error(&d, "DXP591", DXP_NO_SPAN, "nowhere");
    dxp_diags_drop_unused_sources(&d);
    assert_int_equal(d.nsources, 0);
    assert_int_equal(d.count, 1);
    dxp_diags_free(&d);
}

/* --severity and .dxplint name a severity as dxp_severity_name writes it. */
static void test_severity_named(void **state)
{
    (void)state;
    for (dxp_severity sev = DXP_SEV_NOTE; sev <= DXP_SEV_ERROR; sev++) {
        dxp_severity got = DXP_SEV_NOTE;
        const char *name = dxp_severity_name(sev);
        assert_true(dxp_severity_named(name, strlen(name), &got));
        assert_int_equal(got, sev);
    }
    dxp_severity got = DXP_SEV_WARNING;
    assert_false(dxp_severity_named("Error", 5, &got));
    assert_false(dxp_severity_named("warn", 4, &got));
    assert_false(dxp_severity_named("errors", 6, &got));
    assert_false(dxp_severity_named("", 0, &got));
    assert_true(dxp_severity_named("note = x", 4, &got));   /* only len bytes count */
    assert_int_equal(got, DXP_SEV_NOTE);
}

/* Rendering goes through memory a batch at a time: every diagnostic of a long
 * run comes out once, in order, across the batches. */
static void test_many_in_order(void **state)
{
    (void)state;
    dxp_diags d;
    dxp_diags_init(&d);
    d.limit = 1000;
    for (int i = 0; i < 700; i++) dxp_warning(&d, "DXP511", DXP_NO_SPAN, "指標%03d", i);
    char *out = render(&d, DXP_DIAG_TEXT, DXP_COLUMN_CHAR);
    const char *at = out;
    for (int i = 0; i < 700; i++) {
        char line[64];
        snprintf(line, sizeof line, "dxp: warning: 指標%03d [DXP511]\n", i);
        assert_memory_equal(at, line, strlen(line));
        at += strlen(line);
    }
    assert_string_equal(at, "");
    free(out);
    dxp_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caret_under_japanese_text),
        cmocka_unit_test(test_caret_after_wide_characters),
        cmocka_unit_test(test_sorted_by_position_with_notes),
        cmocka_unit_test(test_no_location),
        cmocka_unit_test(test_control_characters_not_echoed),
        cmocka_unit_test(test_append_as_if_added),
        cmocka_unit_test(test_absorb_moves_sources),
        cmocka_unit_test(test_drop_unused_sources),
        cmocka_unit_test(test_severity_named),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_many_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
