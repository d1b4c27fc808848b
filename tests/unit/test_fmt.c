/* Unit tests for fmt.c: the layout rules one by one, the promise that
 * nothing is lost (dxp_format_equivalent) and the unified diff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxp/fmt.h"
#include "dxp/program.h"

/* Formats text; the test fails if it does not parse. */
static char *format(const char *text)
{
    dxp_diags diags;
    dxp_diags_init(&diags);
    dxp_arena arena;
    dxp_arena_init(&arena);
    dxp_source *src = dxp_source_from_memory("t.dxp", text, strlen(text));
    assert_non_null(dxp_parse_source(&diags, src, &arena));
    assert_int_equal(diags.errors, 0);
    char *out = NULL;
    size_t len = 0;
    assert_true(dxp_format(src, 0, &diags, &arena, &out, &len));
    assert_int_equal(strlen(out), len);
    dxp_arena_free(&arena);
    dxp_diags_free(&diags);
    return out;
}

#define assert_formats(input, expected) do {                  \
        char *out_ = format(input);                           \
        assert_string_equal(out_, expected);                  \
        char *again_ = format(out_);                          \
        assert_string_equal(again_, out_);   /* a fixed point */ \
        free(again_);                                         \
        free(out_);                                           \
    } while (0)

static void test_indentation_by_nesting(void **state)
{
    (void)state;
    assert_formats("kpi a \"指標\" {\nunit 件\n        target { R6: 1 }\n}\n",
                   "kpi a \"指標\" {\n  unit 件\n  target { R6: 1 }\n}\n");
    /* tabs and blanks at the end of lines go; runs of blank lines become one */
    assert_formats("\n\nkpi a \"x\" {\t\n\tunit 件   \n}\n\n\n\nkpi b \"y\" { unit 件 }\n\n",
                   "kpi a \"x\" {\n  unit 件\n}\n\nkpi b \"y\" { unit 件 }\n");
}

static void test_spacing_on_a_line(void **state)
{
    (void)state;
    /* entries and properties on one line stand two spaces apart; a value
     * follows its key or keyword after one */
    assert_formats("kpi a \"x\" { unit 件 baseline 1 at R2年度 target {R3:2 R4:  3} }\n",
                   "kpi a \"x\" { unit 件  baseline 1 at R2年度  target { R3: 2  R4: 3 } }\n");
    /* a flag property is followed by the next property */
    assert_formats("kpi a \"x\" { unit 人 cumulative baseline 1 }\n",
                   "kpi a \"x\" { unit 人  cumulative  baseline 1 }\n");
    /* 18% and x[R5] stay together, as written */
    assert_formats("kpi a \"x\" { unit %  target { R6: > actual[R5] }  baseline 18% }\n",
                   "kpi a \"x\" { unit %  target { R6: > actual[R5] }  baseline 18% }\n");
    assert_formats("plan p \"x\" {   period   R3..R6 }\n", "plan p \"x\" { period R3..R6 }\n");
}

static void test_full_width_digits_become_ascii(void **state)
{
    (void)state;
    /* in numbers, years and percentages; names keep theirs (総１ is a name) */
    assert_formats("measure 総１ \"x\" {}\nkpi a \"１２３\" { measure 総１  unit %  target { R６: ５０％ }  baseline １２３４ }\n",
                   "measure 総１ \"x\" {}\nkpi a \"１２３\" { measure 総１  unit %  target { R6: 50% }  baseline 1234 }\n");
}

static void test_keys_and_comments_align_by_display_width(void **state)
{
    (void)state;
    /* 電子申請 is four characters and eight columns wide */
    assert_formats("actuals R6 {\n  電子申請: 1\n  rate: 2   # 速報\n  x: 3  # 確定\n}\n",
                   "actuals R6 {\n  電子申請: 1\n  rate:     2  # 速報\n  x:        3  # 確定\n}\n");
    /* a blank line ends a run */
    assert_formats("actuals R6 {\n  long_name: 1\n\n  x: 2\n}\n",
                   "actuals R6 {\n  long_name: 1\n\n  x: 2\n}\n");
}

static void test_year_tables_align_as_columns(void **state)
{
    (void)state;
    /* a KPI's target and actual lines: the n-th entries line up (調整中 is six columns) */
    assert_formats("kpi k \"x\" {\n  target { R3: 調整中 R4: 140 }\n  actual { R3: 1,000 R4: 2 R5: 3 }\n}\n",
                   "kpi k \"x\" {\n  target { R3: 調整中  R4: 140 }\n  actual { R3: 1,000   R4: 2    R5: 3 }\n}\n");
}

static void test_revise_entries_continue_under_their_values(void **state)
{
    (void)state;
    assert_formats("revise R5 \"見直し\" {\n"
                   "  a: target { R6: 2 }\n"
                   "note \"理由\"\n"
                   "  bb: part p \"部分\" {\n"
                   "unit 件\n"
                   "}\n"
                   "}\n",
                   "revise R5 \"見直し\" {\n"
                   "  a:  target { R6: 2 }\n"
                   "      note \"理由\"\n"
                   "  bb: part p \"部分\" {\n"
                   "        unit 件\n"
                   "      }\n"
                   "}\n");
}

static void test_rule_expressions_continue_under_their_values(void **state)
{
    (void)state;
    assert_formats("rules r \"x\" extends standard {\n"
                   "  met: if direction == \"down\" then actual <= target\n"
                   "else actual >= target\n"
                   "  rate: floor(ratio / 1%) * 1%\n"
                   "}\n",
                   "rules r \"x\" extends standard {\n"
                   "  met:  if direction == \"down\" then actual <= target\n"
                   "        else actual >= target\n"
                   "  rate: floor(ratio / 1%) * 1%\n"
                   "}\n");
}

static void test_comments_are_kept_verbatim(void **state)
{
    (void)state;
    assert_formats("# 冒頭のコメント   \nkpi a \"x\" {   # 行末\n      # 字下げ    された  コメント\n  unit 件\n}\n# 末尾\n",
                   "# 冒頭のコメント\nkpi a \"x\" {  # 行末\n  # 字下げ    された  コメント\n  unit 件\n}\n# 末尾\n");
}

/* Lines end as the first one does: CRLF stays CRLF (a BOM stays too), and a
 * file that mixes them takes its first line's ending throughout. */
static void test_bom_and_crlf(void **state)
{
    (void)state;
    assert_formats("\xEF\xBB\xBFkpi a \"x\" {\r\nunit 件\r\n}\r\n",
                   "\xEF\xBB\xBFkpi a \"x\" {\r\n  unit 件\r\n}\r\n");
    assert_formats("# 説明\r\nkpi a \"x\" {  # 行末\r\n\r\n\r\nunit 件\n}",
                   "# 説明\r\nkpi a \"x\" {  # 行末\r\n\r\n  unit 件\r\n}\r\n");
    assert_formats("kpi a \"x\" {\nunit 件\r\n}\r\n", "kpi a \"x\" {\n  unit 件\n}\n");
    assert_formats("\r\n", "");
}

static bool equivalent(const char *a, const char *b)
{
    return dxp_format_equivalent(a, strlen(a), b, strlen(b));
}

static void test_equivalence_sees_every_token_and_comment(void **state)
{
    (void)state;
    assert_true(equivalent("kpi a \"x\" {unit 件}  # c  \n", "kpi a \"x\" {\n  unit 件\n}\n# c\n"));
    assert_true(equivalent("target { R６: ５０％ }", "target { R6: 50% }"));
    assert_false(equivalent("kpi a \"x\" {}  # c\n", "kpi a \"x\" {}\n"));          /* a dropped comment */
    assert_false(equivalent("# 一\n# 二\n", "# 一\n# 三\n"));                        /* a changed comment */
    assert_false(equivalent("target { R6: 50% }", "target { R6: 5 0% }"));          /* a split number */
    assert_false(equivalent("unit 件", "unit 人"));
    assert_false(equivalent("\xEF\xBB\xBFunit 件", "unit 件"));                      /* a dropped BOM */
}

static char *diff_of(const char *a, const char *b)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    dxp_unified_diff("p.dxp", a, strlen(a), b, strlen(b), f);
    fclose(f);
    return text;
}

static void test_unified_diff(void **state)
{
    (void)state;
    char *d = diff_of("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n", "a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\n");
    assert_string_equal(d, "--- p.dxp\n+++ p.dxp (formatted)\n"
                           "@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n"
                           "@@ -7,4 +7,4 @@\n g\n h\n i\n-j\n+J\n");
    free(d);
    d = diff_of("x", "x\n");
    assert_string_equal(d, "--- p.dxp\n+++ p.dxp (formatted)\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+x\n");
    free(d);
    d = diff_of("same\n", "same\n");
    assert_string_equal(d, "--- p.dxp\n+++ p.dxp (formatted)\n");
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indentation_by_nesting),
        cmocka_unit_test(test_spacing_on_a_line),
        cmocka_unit_test(test_full_width_digits_become_ascii),
        cmocka_unit_test(test_keys_and_comments_align_by_display_width),
        cmocka_unit_test(test_year_tables_align_as_columns),
        cmocka_unit_test(test_revise_entries_continue_under_their_values),
        cmocka_unit_test(test_rule_expressions_continue_under_their_values),
        cmocka_unit_test(test_comments_are_kept_verbatim),
        cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_equivalence_sees_every_token_and_comment),
        cmocka_unit_test(test_unified_diff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
