/* Unit tests for report.c: how values are written, and CSV safety. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dxp/literal.h"
#include "dxp/report.h"
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
    dxp_report_options opt = { format, NULL, NULL, false };
    assert_true(dxp_report_write(ev, &opt, f));
    fclose(f);
    dxp_evaluation_free(ev);
    *out_l = l;
    return buf;
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
        cmocka_unit_test(test_rate_text),
        cmocka_unit_test(test_csv_neutralises_formulas),
        cmocka_unit_test(test_markdown_escapes_pipes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
