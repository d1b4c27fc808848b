/* Unit tests for lint.c: rules, severities under --strict and stage final,
 * filters, suppressions, and the catalogue of codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dxp/codes.h"
#include "dxp/lint.h"
#include "helpers.h"

/* Loads, lints with opt (default options when NULL) and returns the codes. */
static const char *lint_codes(const char *text, const dxp_lint_options *opt, char *buf, size_t size)
{
    dxp_lint_options none;
    memset(&none, 0, sizeof none);
    none.max_warnings = -1;
    if (!opt) opt = &none;
    loaded *l = load_plan(text);
    assert_int_equal(l->diags.errors, 0);
    dxp_lint(l->p, opt);                     /* applies the allow comments too */
    dxp_lint_filter(&l->diags, opt);
    codes_of(l, buf, size);
    unload(l);
    return buf;
}

#define HEAD "import \"std\"\nplan p { period R3..R6 }\ngoal g\nmeasure m { goal g }\n"

static void test_pending_target_severity(void **state)
{
    (void)state;
    char buf[256];
    const char *plan = HEAD "kpi k { measure m unit 件 baseline 1 at R2 target { R6: 調整中 } }\n";
    loaded *l = load_plan(plan);
    dxp_lint_options opt = { false, DXP_SEV_NOTE, -1, NULL, NULL };
    dxp_lint(l->p, &opt);
    assert_int_equal(l->diags.warnings, 1);
    assert_int_equal(l->diags.errors, 0);
    unload(l);
    l = load_plan(plan);
    opt.strict = true;
    dxp_lint(l->p, &opt);
    assert_int_equal(l->diags.errors, 1);                 /* --strict */
    unload(l);
    assert_string_equal(lint_codes("import \"std\"\nplan p { period R3..R6 stage final }\ngoal g\nmeasure m { goal g }\n"
                                   "kpi k { measure m unit 件 baseline 1 at R2 target { R6: 調整中 } }\n", NULL, buf, sizeof buf),
                        "DXP501");
}

static void test_quiet_plan(void **state)
{
    (void)state;
    char buf[256];
    assert_string_equal(lint_codes(HEAD "kpi k { measure m unit 件 baseline 1 at R2 target { R3: 2 R6: 5 } "
                                   "actual { R3: 3 } }\n", NULL, buf, sizeof buf), "");
}

static void test_ambition_rules(void **state)
{
    (void)state;
    char buf[256];
    assert_string_equal(lint_codes(HEAD "kpi k { measure m unit 件 baseline 10 at R2 target { R6: 5 } }\n",
                                   NULL, buf, sizeof buf), "DXP510");
    assert_string_equal(lint_codes(HEAD "kpi k { measure m unit 件 direction down baseline 10 at R2 target { R6: 5 } }\n",
                                   NULL, buf, sizeof buf), "");
    assert_string_equal(lint_codes(HEAD "kpi k { measure m unit 件 cumulative baseline 1 at R2 target { R5: 5 R6: 4 } }\n",
                                   NULL, buf, sizeof buf), "DXP512");
    assert_string_equal(lint_codes(HEAD "kpi k { measure m unit % baseline 1 at R2 target { R6: 101 } }\n",
                                   NULL, buf, sizeof buf), "DXP513");
}

static void test_results(void **state)
{
    (void)state;
    char buf[256];
    assert_string_equal(lint_codes(HEAD "kpi k { measure m unit 件 baseline 10 at R2 target { R6: 20 } }\n"
                                   "actuals R6 { k: 5 }\n", NULL, buf, sizeof buf), "DXP530");
    assert_string_equal(lint_codes(HEAD "kpi k { measure m unit 件 baseline 1 at R2 target { R6: 20 } }\n"
                                   "actuals R6 { k: 25  note k \"【未達成】\" }\n", NULL, buf, sizeof buf), "DXP531");
    /* marks are found anywhere in a note, whole, however long the note */
    char *plan = malloc(16384);
    int n = snprintf(plan, 16384, HEAD "kpi k { measure m unit 件 baseline 1 at R2 target { R6: 20 } }\n"
                                  "actuals R6 { k: 25  note k \"【達成】");
    for (int i = 0; i < 250; i++) n += snprintf(plan + n, 16384 - (size_t)n, "未達成】");   /* 3,000 bytes */
    snprintf(plan + n, 16384 - (size_t)n, "【一部達成】\" }\n");
    assert_string_equal(lint_codes(plan, NULL, buf, sizeof buf), "DXP531");
    plan[strlen(plan) - strlen("【一部達成】\" }\n")] = '\0';
    strcat(plan, "\" }\n");
    assert_string_equal(lint_codes(plan, NULL, buf, sizeof buf), "");
    free(plan);
}

static void test_filters_and_suppressions(void **state)
{
    (void)state;
    char buf[256];
    const char *plan = HEAD "kpi k { measure m unit 件 baseline 10 at R2 target { R6: 5 } }\n";
    const char *off[] = { "DXP510", NULL };
    dxp_lint_options opt = { false, DXP_SEV_NOTE, -1, NULL, off };
    assert_string_equal(lint_codes(plan, &opt, buf, sizeof buf), "");
    opt.enable = off;                                  /* enable wins over disable */
    assert_string_equal(lint_codes(plan, &opt, buf, sizeof buf), "DXP510");
    dxp_lint_options errors_only = { false, DXP_SEV_ERROR, -1, NULL, NULL };
    assert_string_equal(lint_codes(plan, &errors_only, buf, sizeof buf), "");
    assert_string_equal(lint_codes(HEAD "# dxp: allow DXP510\n"
                                   "kpi k { measure m unit 件 baseline 10 at R2 target { R6: 5 } }\n", NULL, buf, sizeof buf), "");
    assert_string_equal(lint_codes(HEAD "kpi k { measure m unit 件 baseline 10 at R2 target { R6: 5 } }  # dxp: allow DXP510\n",
                                   NULL, buf, sizeof buf), "");
    assert_string_equal(lint_codes(HEAD "# dxp: allow DXP510\n"
                                   "kpi k { measure m unit 件 baseline 1 at R2 target { R6: 5 } }\n", NULL, buf, sizeof buf),
                        "DXP590");
}

/* Findings that an allow comment silences or --severity hides are not
 * collected: they take no place under the limit of diagnostics, and do not
 * count as warnings. */
static void test_hidden_findings_count_for_nothing(void **state)
{
    (void)state;
    char text[4096] = HEAD;
    for (int k = 0; k < 3; k++)   /* three findings silenced, one not */
        snprintf(text + strlen(text), sizeof text - strlen(text),
                 "# dxp: allow DXP510\nkpi a%d { measure m unit 件 baseline 10 at R2 target { R6: 5 } }\n", k);
    strcat(text, "kpi b { measure m unit 件 baseline 10 at R2 target { R6: 5 } }\n");
    loaded *l = load_plan(text);
    l->diags.limit = 2;
    dxp_lint_options opt = { false, DXP_SEV_NOTE, -1, NULL, NULL };
    dxp_lint(l->p, &opt);
    assert_int_equal(l->diags.count, 1);           /* b's DXP510, and no DXP590 */
    assert_int_equal(l->diags.dropped, 0);
    assert_string_equal(l->diags.items[0].code, "DXP510");
    unload(l);
    /* notes (DXP505: no time point) hidden by --severity warning */
    l = load_plan(HEAD "kpi c { measure m unit 件 baseline 1 target { R6: 5 } }\n"
                       "kpi d { measure m unit 件 baseline 1 target { R6: 5 } }\n");
    l->diags.limit = 1;
    opt.min_severity = DXP_SEV_WARNING;
    dxp_lint(l->p, &opt);
    assert_int_equal(l->diags.count, 0);
    assert_int_equal(l->diags.dropped, 0);
    unload(l);
    /* warnings hidden by --severity error do not count for --max-warnings */
    l = load_plan(HEAD "kpi e { measure m unit 件 baseline 10 at R2 target { R6: 5 } }\n");
    opt.min_severity = DXP_SEV_ERROR;
    dxp_lint(l->p, &opt);
    dxp_lint_filter(&l->diags, &opt);
    assert_int_equal(l->diags.warnings, 0);
    assert_int_equal(l->diags.count, 0);
    unload(l);
}

static void test_catalogue(void **state)
{
    (void)state;
    size_t n = 0, len;
    for (const dxp_code_info *c = dxp_codes; c->code; c++, n++) {
        assert_non_null(dxp_code_page(c->code, &len));   /* every code has its page */
        assert_true(len > 20);
        assert_ptr_equal(dxp_code_find(c->code), c);
    }
    assert_true(n > 60);
    assert_null(dxp_code_find("DXP999"));
    assert_int_equal(dxp_code_find("DXP534")->severity, DXP_SEV_NOTE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pending_target_severity),
        cmocka_unit_test(test_quiet_plan),
        cmocka_unit_test(test_ambition_rules),
        cmocka_unit_test(test_results),
        cmocka_unit_test(test_filters_and_suppressions),
        cmocka_unit_test(test_hidden_findings_count_for_nothing),
        cmocka_unit_test(test_catalogue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
