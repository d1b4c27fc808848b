/* Unit tests for report.c: how values are written, and CSV safety. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxp/literal.h"
#include "dxp/report.h"
#include "dxp/threads.h"
#include "dxp/utf8.h"
#include "helpers.h"

static char *render(const char *plan, const char *year, dxp_report_format format, loaded **out_l)
{
    loaded *l = load_plan(plan);
    assert_int_equal(l->diags.errors, 0);
    dxp_year y;
    assert_int_equal(dxp_literal_year(year, strlen(year), &y), DXP_LIT_OK);
    dxp_evaluation *ev = dxp_evaluate(l->p, y, y);
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    dxp_report_options opt = { format, NULL, NULL, false, false };
    assert_true(dxp_report_write(ev, &opt, f));
    fclose(f);
    dxp_evaluation_free(ev);
    *out_l = l;
    return buf;
}

/* A plan of n KPIs over goals and measures (some KPIs without a goal, some
 * with parts), with actuals: larger than a report's window of results. */
static char *windows_plan(int n)
{
    size_t size = 200 + (size_t)n * 400;
    char *text = dxp_xmalloc(size), *at = text;
    at += sprintf(at, "import \"std\"\nplan p \"計画\" { period R5..R6 }\n");
    for (int g = 0; g < 3; g++) at += sprintf(at, "goal g%d \"目標%d\"\n", g, g);
    for (int m = 0; m < 7; m++) at += sprintf(at, m < 6 ? "measure m%d \"施策%d\" { goal g%d }\n" : "measure m%d \"施策%d\"\n", m, m, m % 3);
    for (int i = 0; i < n; i++) {
        if (i % 11 == 0)
            at += sprintf(at, "kpi k%d \"指標%d\" { measure m%d unit 件 part a \"甲\" { target { R6: %d } } "
                              "part b \"乙\" { target { R6: 5 } } }\n", i, i, i % 7, i % 9);
        else
            at += sprintf(at, "kpi k%d \"指標%d\" { %s unit 件 baseline %d at R4 target { R5: %d  R6: %d } }\n", i, i,
                          i % 13 == 0 ? "" : i % 2 ? "measure m1" : "measure m4", i, i + 3, i + 5);
    }
    at += sprintf(at, "actuals R6 {\n");
    for (int i = 0; i < n; i++) {
        if (i % 11 == 0) at += sprintf(at, "  k%d.a: %d  note k%d \"【達成】\"\n", i, i % 4, i);
        else if (i % 3) at += sprintf(at, "  k%d: %d\n", i, i + (i % 5) * 2);
    }
    sprintf(at, "}\n");
    return text;
}

/* Every writer gives the same bytes from an evaluation that kept only its
 * roll-ups (the results evaluated a window at a time as they are written)
 * as from one that kept every result: one year and two, every format, with
 * and without a filter, on a plan of several windows. */
static void test_windows_write_the_same(void **state)
{
    (void)state;
    char *text = windows_plan(DXP_THREADS_MIN_KPIS + 300);   /* JSON renders it on two threads */
    loaded *l = load_plan(text);
    free(text);
    assert_int_equal(l->diags.errors, 0);
    dxp_program *p = l->p;
    dxp_year r5, r6;
    assert_int_equal(dxp_literal_year("R5", 2, &r5), DXP_LIT_OK);
    assert_int_equal(dxp_literal_year("R6", 2, &r6), DXP_LIT_OK);
    const dxp_report_format formats[] = { DXP_REPORT_TEXT, DXP_REPORT_MD, DXP_REPORT_CSV, DXP_REPORT_JSON, DXP_REPORT_HTML };
    for (int years = 1; years <= 2; years++) {
        dxp_year from = years == 1 ? r6 : r5;
        dxp_evaluation *whole = dxp_evaluate(p, from, r6), *rollups = dxp_evaluate_rollups(p, from, r6);
        for (size_t f = 0; f < sizeof formats / sizeof *formats; f++)
            for (int filter = 0; filter < 2; filter++) {
                dxp_report_options opt = { formats[f], filter ? "g1" : NULL, NULL, false, false };
                char *a = NULL, *b = NULL;
                size_t na = 0, nb = 0;
                FILE *fa = open_memstream(&a, &na), *fb = open_memstream(&b, &nb);
                assert_true(dxp_report_write(whole, &opt, fa));
                assert_true(dxp_report_write(rollups, &opt, fb));
                fclose(fa);
                fclose(fb);
                assert_true(na > 1000);
                assert_int_equal(na, nb);
                assert_memory_equal(a, b, na);
                free(a);
                free(b);
            }
        dxp_evaluation_free(whole);
        dxp_evaluation_free(rollups);
    }
    unload(l);
}

/* The report of an evaluation in a format, as a string. */
static char *written(const dxp_evaluation *ev, dxp_report_format format, bool compact)
{
    dxp_report_options opt = { format, NULL, NULL, false, compact };
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_true(dxp_report_write(ev, &opt, f));
    fclose(f);
    return text;
}

/* --compact: the document of the indented report, as jansson writes it
 * with JSON_COMPACT, also when two threads render the KPIs. */
static void test_compact_json(void **state)
{
    (void)state;
    char *text = windows_plan(DXP_THREADS_MIN_KPIS + 300);
    loaded *l = load_plan(text);
    free(text);
    dxp_year r5, r6;
    assert_int_equal(dxp_literal_year("R5", 2, &r5), DXP_LIT_OK);
    assert_int_equal(dxp_literal_year("R6", 2, &r6), DXP_LIT_OK);
    dxp_evaluation *ev = dxp_evaluate_rollups(l->p, r5, r6);
    char *indented = written(ev, DXP_REPORT_JSON, false), *compact = written(ev, DXP_REPORT_JSON, true);
    json_error_t error;
    json_t *doc = json_loads(indented, 0, &error);
    assert_non_null(doc);
    char *theirs = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    size_t n = strlen(theirs);
    assert_true(n > 1000000 && n < strlen(indented) / 2);   /* the layout, not the content, shrank */
    assert_int_equal(strlen(compact), n + 1);
    assert_memory_equal(compact, theirs, n);
    assert_int_equal(compact[n], '\n');
    free(theirs);
    json_decref(doc);
    free(indented);
    free(compact);
    dxp_evaluation_free(ev);
    unload(l);
}

/* The display width of a line up to the first `mark` in it. */
static size_t width_before(const char *line, const char *mark)
{
    const char *at = strstr(line, mark);
    assert_non_null(at);
    return dxp_utf8_width(line, (size_t)(at - line));
}

/* A text table of several years sizes its columns over every row before it
 * prints the first: the widest title here is the last KPI's, windows after
 * the header, and the header and that row put the unit at the same column. */
static void test_trajectory_columns(void **state)
{
    (void)state;
    char *base = windows_plan(600);
    char *text = dxp_xasprintf("%skpi zz \"%s\" { unit 回 baseline 1 at R4 target { R6: 2 } }\n", base,
                               "長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長長");
    free(base);
    loaded *l = load_plan(text);
    free(text);
    assert_int_equal(l->diags.errors, 0);
    dxp_year r5, r6;
    assert_int_equal(dxp_literal_year("R5", 2, &r5), DXP_LIT_OK);
    assert_int_equal(dxp_literal_year("R6", 2, &r6), DXP_LIT_OK);
    dxp_evaluation *ev = dxp_evaluate_rollups(l->p, r5, r6);
    char *out = written(ev, DXP_REPORT_TEXT, false);
    const char *header = strstr(out, "\n指標"), *last = strstr(out, "\n長");
    assert_non_null(header);
    assert_non_null(last);
    *strchr(header + 1, '\n') = '\0';
    *strchr(last + 1, '\n') = '\0';
    assert_int_equal(width_before(header + 1, "単位"), 40 * 2 + 2);
    assert_int_equal(width_before(last + 1, "回"), 40 * 2 + 2);
    free(out);
    dxp_evaluation_free(ev);
    unload(l);
}

static void test_values_as_written(void **state)
{
    (void)state;
    loaded *l;
    char *out = render("import \"std\"\n"
                       "kpi k \"指標\" { unit 千円 baseline 2,200 at R元年度 target { R6: 3,500 千円 } "
                       "actual { R6: 74.7 from R5 } }\n", "R6", DXP_REPORT_TEXT, &l);
    assert_non_null(strstr(out, "2,200 (R元年度)"));      /* grouping and era as written */
    assert_non_null(strstr(out, "3,500 千円"));
    assert_non_null(strstr(out, "74.7（R5の値）"));
    free(out);
    unload(l);
}

static void test_rate_text(void **state)
{
    (void)state;
    char buf[32];
    dxp_shown v;
    memset(&v, 0, sizeof v);
    v.kind = DXP_VAL_NUMBER;
    v.number = 5.02;
    assert_string_equal(dxp_report_rate_text(&v, buf, sizeof buf), "502%");
    v.number = 0.6900000000000001;
    assert_string_equal(dxp_report_rate_text(&v, buf, sizeof buf), "69%");
    v.kind = DXP_VAL_MISSING;
    assert_string_equal(dxp_report_rate_text(&v, buf, sizeof buf), "—");
}

static void test_csv_neutralises_formulas(void **state)
{
    (void)state;
    loaded *l;
    char *out = render("import \"std\"\n"
                       "kpi a \"=SUM(A1:A9)\" { unit 件 target { R6: 1 } actual { R6: -2 } }\n"
                       "kpi b \"@cmd\" { unit 件 target { R6: 1 } }\n", "R6", DXP_REPORT_CSV, &l);
    assert_non_null(strstr(out, "\"'=SUM(A1:A9)\""));
    assert_non_null(strstr(out, "\"'@cmd\""));
    assert_non_null(strstr(out, ",\"-2\","));              /* a negative number stays a number */
    assert_null(strstr(out, ",\"=SUM"));
    assert_non_null(strstr(out, "\r\n"));                  /* RFC 4180 line ends */
    free(out);
    unload(l);
}

static void test_markdown_escapes_pipes(void **state)
{
    (void)state;
    loaded *l;
    char *out = render("import \"std\"\ngoal g\nmeasure m { goal g }\n"
                       "kpi a \"A|B\" { measure m unit 件 target { R6: 1 } }\n", "R6", DXP_REPORT_MD, &l);
    assert_non_null(strstr(out, "A\\|B"));
    free(out);
    unload(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_as_written),
        cmocka_unit_test(test_windows_write_the_same),
        cmocka_unit_test(test_compact_json),
        cmocka_unit_test(test_trajectory_columns),
        cmocka_unit_test(test_rate_text),
        cmocka_unit_test(test_csv_neutralises_formulas),
        cmocka_unit_test(test_markdown_escapes_pipes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
