/* Unit tests for check.c: units of values, value states, years, formulas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "helpers.h"

#define STD "import \"std\"\n"

static void test_values_convert_to_the_kpi_unit(void **state)
{
    (void)state;
    assert_codes(STD "kpi k { unit 千円 baseline 2,200 target { R6: 3 百万円  R7: 0.5 億円 } }\n", "");
    assert_codes(STD "kpi k { unit 千円 target { R6: 3 人 } }\n", "DXP402");
    assert_codes(STD "kpi k { unit % baseline 18% target { R6: 30% } }\n", "");
    assert_codes(STD "kpi k { unit 件/月 target { R6: 12,000 件/年度 } }\n", "");
    assert_codes(STD "kpi k { unit 件 target { R6: 3 ダース } }\n", "DXP401");
    assert_codes(STD "kpi k { }\n", "DXP408");
    assert_codes(STD "data d { }\n", "DXP408");
}

static void test_value_states_by_role(void **state)
{
    (void)state;
    assert_codes(STD "kpi k { unit 件 baseline R6から実施 target { R9: 調整中 } }\n", "");
    assert_codes(STD "kpi k { unit 件 baseline 新規 target { R9: 精査中  R8: - } }\n", "");
    assert_codes(STD "kpi k { unit 件 target { R9: 新規 } }\n", "DXP406");
    assert_codes(STD "kpi k { unit 件 target { R9: R6から実施 } }\n", "DXP406");
    assert_codes(STD "kpi k { unit 件 actual { R6: 新規 } }\n", "DXP406");
    assert_codes(STD "kpi k { unit 件 actual { R6: 未計測  R5: 未公表 } }\n", "");
    assert_codes(STD "kpi k { unit 件 actual { R6: 5..6 } }\n", "DXP406");
    assert_codes(STD "kpi k { unit 件 baseline 5 from R4 }\n", "DXP406");
    assert_codes(STD "kpi k { unit 件 target { R6: (5) } }\n", "DXP406");
    assert_codes(STD "kpi k { unit % direction keep target { R6: 95%..100% } }\n", "");
    assert_codes(STD "kpi k { unit % target { R6: 100%..95% } }\n", "DXP406");
}

static void test_years(void **state)
{
    (void)state;
    assert_codes(STD "kpi k { unit 件 target { R6: 1  R6: 2 } }\n", "DXP306");
    assert_codes(STD "kpi k { unit 件 target { R999: 1 } }\n", "DXP407");
    assert_codes(STD "kpi k { unit 件 target { R6..R3: 1 } }\n", "DXP407");
    assert_codes(STD "plan p { period R6..R3 }\n", "DXP407");
    assert_codes(STD "plan p { period R3..R6 }\nkpi k { unit 件 }\nactuals R9 { k: 1 }\n", "DXP404");
    assert_codes(STD "plan p { period R3..R6 }\nrevise H30 { }\n", "DXP404");
    assert_codes(STD "kpi k { unit 件 actual { R5: 1 } }\nactuals R5 { k: 2 }\n", "DXP306");
}

static void test_formulas(void **state)
{
    (void)state;
    const char *data = "data sales { unit 千円 }\ndata firms { unit 社 }\ndata n { unit 件 }\n";
    char buf[1024];
    snprintf(buf, sizeof buf, STD "%skpi k { unit 千円/社 formula sales / firms }\n", data);
    assert_codes(buf, "");
    snprintf(buf, sizeof buf, STD "%skpi k { unit 円/社 formula sales / firms }\n", data);
    assert_codes(buf, "");                          /* convertible: 千円 → 円 */
    snprintf(buf, sizeof buf, STD "%skpi k { unit 千円 formula sales / firms }\n", data);
    assert_codes(buf, "DXP403");
    snprintf(buf, sizeof buf, STD "%skpi k { unit 千円 formula sales + firms }\n", data);
    assert_codes(buf, "DXP403");
    snprintf(buf, sizeof buf, STD "%skpi k { unit %% formula n / n * 100%% }\n", data);
    assert_codes(buf, "");
    snprintf(buf, sizeof buf, STD "%skpi k { unit 千円 formula sales[year - 1] + max(sales, 1 億円) }\n", data);
    assert_codes(buf, "");
    snprintf(buf, sizeof buf, STD "%skpi k { unit 千円 formula sales[5] }\n", data);
    assert_codes(buf, "DXP409");
    snprintf(buf, sizeof buf, STD "%skpi k { unit 千円 formula median(sales) }\n", data);
    assert_codes(buf, "DXP409");
    snprintf(buf, sizeof buf, STD "%skpi k { unit 千円 formula nosuch }\n", data);
    assert_codes(buf, "DXP303");
    snprintf(buf, sizeof buf, STD "%skpi k { unit 件 formula if n > 1 then n else sales }\n", data);
    assert_codes(buf, "DXP403");                    /* 件 or 千円: not one unit */
    snprintf(buf, sizeof buf, STD "%skpi k { unit 件 formula if n > 1 then n * 2 else 0 }\n", data);
    assert_codes(buf, "");                          /* bare numbers take the other side's unit */
    assert_codes(STD "kpi a { unit 件 formula b }\nkpi b { unit 件 formula c }\nkpi c { unit 件 formula a }\n",
                 "DXP405");
    assert_codes(STD "kpi a { unit 件 formula a + 1 件 }\n", "DXP405");
}

static void test_target_expressions(void **state)
{
    (void)state;
    assert_codes(STD "kpi k { unit % target { R6: > actual[R5] } }\n", "");
    assert_codes(STD "kpi k { unit % target { R6: > 5 件 } }\n", "DXP403");
    assert_codes(STD "kpi k { unit % target { R6: >= 95 } }\n", "");
    assert_codes(STD "kpi k { unit % actual { R6: > 5 } }\n", "DXP406");
}

static void test_budgets(void **state)
{
    (void)state;
    assert_codes(STD "goal g { budget { R5: 2,022,951 千円  R6: 18.3 億円 } }\n", "");
    assert_codes(STD "goal g { budget { R5: 2,022,951 } }\n", "DXP402");
    assert_codes(STD "measure m { budget { R5: 5 人 } }\n", "DXP402");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_convert_to_the_kpi_unit),
        cmocka_unit_test(test_value_states_by_role),
        cmocka_unit_test(test_years),
        cmocka_unit_test(test_formulas),
        cmocka_unit_test(test_target_expressions),
        cmocka_unit_test(test_budgets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
