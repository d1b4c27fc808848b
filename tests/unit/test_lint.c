/* Unit tests for lint.c: rules, severities under --strict and stage final,
 * filters, suppressions, the catalogue of codes, and .dxplint settings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Reads text as a .dxplint; returns the problems' columns ("line:col …") in buf. */
static const char *read_config(const char *text, size_t len, dxp_lint_options *opt, char *buf, size_t size)
{
    memset(opt, 0, sizeof *opt);
    opt->max_warnings = -1;
    dxp_diags diags;
    dxp_diags_init(&diags);
    int32_t file = dxp_diags_add_source(&diags, dxp_source_from_memory(".dxplint", text, len));
    dxp_lint_config_parse(&diags, file, opt);
    dxp_source *src = dxp_diags_source(&diags, file);
    buf[0] = '\0';
    for (size_t i = 0; i < diags.count; i++) {
        const dxp_diag *g = &diags.items[i];
        assert_string_equal(g->code, "DXP591");
        assert_int_equal(g->severity, DXP_SEV_ERROR);
        assert_int_equal(g->span.file, file);
        assert_true(g->nnotes == 1 && g->notes[0].kind == DXP_NOTE_HELP);   /* every problem has its help */
        char at[32];
        snprintf(at, sizeof at, "%s%u:%u", i ? " " : "", dxp_source_line_of(src, g->span.start),
                 dxp_source_column(src, g->span.start, DXP_COLUMN_CHAR));
        strncat(buf, at, size - strlen(buf) - 1);
    }
    dxp_diags_free(&diags);
    return buf;
}

static size_t count_codes(const char **list)
{
    size_t n = 0;
    while (list && list[n]) n++;
    return n;
}

static void test_config_settings(void **state)
{
    (void)state;
    char buf[256];
    dxp_lint_options opt;
    const char *good = "\xEF\xBB\xBF# 設定\r\nstrict = true\r\n\nseverity=warning  # 注\n"
                       "max-warnings = 2147483647\ndisable = dxp505, 541\tDXP510\nenable = DXP541";
    assert_string_equal(read_config(good, strlen(good), &opt, buf, sizeof buf), "");
    assert_true(opt.strict);
    assert_int_equal(opt.min_severity, DXP_SEV_WARNING);
    assert_int_equal(opt.max_warnings, 2147483647);
    assert_int_equal(count_codes(opt.disable), 3);
    assert_string_equal(opt.disable[0], "DXP505");   /* the catalogue's spelling */
    assert_string_equal(opt.disable[1], "DXP541");
    assert_string_equal(opt.enable[0], "DXP541");
    dxp_lint_options_free(&opt);

    /* each problem where it is written; the good settings around them still apply */
    const char *bad = "strict = はい\nmax-warnings = 2147483648\n厳格 = true\n = 1\njust words\n"
                      "disable = DXP505 DX510, DXP9999\nseverity =\nmax-warnings = 3\n";
    assert_string_equal(read_config(bad, strlen(bad), &opt, buf, sizeof buf),
                        "1:10 2:16 3:1 4:2 5:1 6:18 6:25 7:10");
    assert_false(opt.strict);
    assert_int_equal(opt.max_warnings, 3);
    assert_int_equal(count_codes(opt.disable), 1);
    dxp_lint_options_free(&opt);
}

static void test_config_hostile_bytes(void **state)
{
    (void)state;
    char buf[256];
    dxp_lint_options opt;
    /* not UTF-8: one problem, at the byte, and nothing read */
    assert_string_equal(read_config("strict = true\n\xFF\n", 16, &opt, buf, sizeof buf), "2:1");
    assert_false(opt.strict);
    /* a NUL inside a word makes it another word, not a shorter one */
    assert_string_equal(read_config("strict\0 = true\nstrict = tr\0ue\n", 30, &opt, buf, sizeof buf), "1:1 2:10");
    /* a line far past any buffer is one line: every code of it counts */
    size_t n = 0, cap = 64 * 1024;
    char *huge = malloc(cap);
    n += (size_t)snprintf(huge, cap, "disable = ");
    while (n < cap - 16) n += (size_t)snprintf(huge + n, cap - n, "DXP510, ");
    n += (size_t)snprintf(huge + n, cap - n, "DXP505\n");
    assert_string_equal(read_config(huge, n, &opt, buf, sizeof buf), "");
    assert_string_equal(opt.disable[count_codes(opt.disable) - 1], "DXP505");
    dxp_lint_options_free(&opt);
    free(huge);
    /* empty, comment only, '=' alone, no newline at the end */
    assert_string_equal(read_config("", 0, &opt, buf, sizeof buf), "");
    assert_string_equal(read_config("#", 1, &opt, buf, sizeof buf), "");
    assert_string_equal(read_config("=", 1, &opt, buf, sizeof buf), "1:1");
    assert_string_equal(read_config("enable =", 8, &opt, buf, sizeof buf), "");   /* an empty list */
}

static void test_code_lists(void **state)
{
    (void)state;
    dxp_str unknown;
    const char **list = dxp_lint_add_codes(NULL, " dxp505,,501 ,DXP541", &unknown);
    assert_null(unknown.ptr);
    assert_int_equal(count_codes(list), 3);
    assert_string_equal(list[1], "DXP501");
    list = dxp_lint_add_codes(list, "DXP510, DX505, nonsense", &unknown);
    assert_int_equal(count_codes(list), 4);   /* the known one is added */
    assert_int_equal(unknown.len, 5);
    assert_memory_equal(unknown.ptr, "DX505", 5);   /* the first unknown word */
    free(list);

    assert_ptr_equal(dxp_code_lookup("dxp501", 6), dxp_code_find("DXP501"));
    assert_ptr_equal(dxp_code_lookup("501", 3), dxp_code_find("DXP501"));
    assert_ptr_equal(dxp_code_lookup("DXP5012", 6), dxp_code_find("DXP501"));   /* only len bytes count */
    assert_null(dxp_code_lookup("DXP50", 5));
    assert_null(dxp_code_lookup("XYZ501", 6));
    assert_null(dxp_code_lookup("999", 3));
    assert_null(dxp_code_lookup("", 0));
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
        cmocka_unit_test(test_config_settings),
        cmocka_unit_test(test_config_hostile_bytes),
        cmocka_unit_test(test_code_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
