/* Unit tests for literal.c: every number, year and time-point form of LANGUAGE.md §3–4. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxp/literal.h"

static double number(const char *s)
{
    double v = -1;
    assert_int_equal(dxp_literal_number(s, strlen(s), &v), DXP_LIT_OK);
    return v;
}

static dxp_lit_status number_status(const char *s)
{
    double v;
    return dxp_literal_number(s, strlen(s), &v);
}

static void test_plain_and_decimal_numbers(void **state)
{
    (void)state;
    assert_true(number("128") == 128);
    assert_true(number("0") == 0);
    assert_true(number("87.59") == 87.59);     /* exactly the double nearest 87.59 */
    assert_true(number("68.0") == 68);
    assert_true(number("0.05") == 0.05);
    assert_true(number("92.85") == 92.85);
}

static void test_grouping_commas(void **state)
{
    (void)state;
    assert_true(number("1,768") == 1768);
    assert_true(number("2,022,951") == 2022951);
    assert_true(number("1,234.5") == 1234.5);
    assert_int_equal(number_status("1,2345"), DXP_LIT_BAD_GROUPING);
    assert_int_equal(number_status("12345,678"), DXP_LIT_BAD_GROUPING);
    assert_int_equal(number_status("1,23"), DXP_LIT_BAD_GROUPING);
    assert_int_equal(number_status("12,34.5"), DXP_LIT_BAD_GROUPING);
}

static void test_full_width_digits(void **state)
{
    (void)state;
    assert_true(number("１２８") == 128);
    /* A full-width comma is not a grouping separator. */
    assert_int_equal(number_status("１，７６８"), DXP_LIT_NOT_LITERAL);
    assert_int_equal(number_status("６６．５"), DXP_LIT_NOT_LITERAL);   /* full-width point: no */
    assert_true(number("1２8") == 128);
}

/* ASCII whole numbers take a shortcut; written with a full-width first digit
 * they take the general reading. Both must agree on every string of digits
 * and commas: value and status (bad groups, too many digits, leading zeros). */
static void test_shortcut_agrees(void **state)
{
    (void)state;
    srand(11);
    for (int t = 0; t < 50000; t++) {
        char ascii[24], wide[32];
        size_t len = 1 + (size_t)(rand() % 20);
        for (size_t i = 0; i < len; i++) ascii[i] = rand() % 5 == 0 ? ',' : (char)('0' + rand() % 10);
        if (rand() % 4 == 0) ascii[0] = '0';
        ascii[len] = '\0';
        if (ascii[0] < '0' || ascii[0] > '9') ascii[0] = '7';
        /* ０ is EF BC 90: the first digit written full width */
        snprintf(wide, sizeof wide, "\xEF\xBC%c%s", (char)(0x90 + ascii[0] - '0'), ascii + 1);
        double a = -1, b = -2;
        dxp_lit_status sa = dxp_literal_number(ascii, strlen(ascii), &a);
        dxp_lit_status sb = dxp_literal_number(wide, strlen(wide), &b);
        assert_int_equal(sa, sb);
        if (sa == DXP_LIT_OK) assert_true(a == b);
    }
    assert_true(number("007") == 7);
    assert_true(number("999,999,999,999,999") == 999999999999999.0);
    assert_int_equal(number_status("1,000,000,000,000,000,000"), DXP_LIT_TOO_LARGE);   /* 19 digits: the general reading */
    assert_true(number("1,000,000,000,000,000") == 1e18 / 1000);                     /* 16 digits, one significant */
}

static void test_multipliers(void **state)
{
    (void)state;
    assert_true(number("50.7万") == 507000);
    assert_true(number("12.9万") == 129000);
    assert_true(number("70.5億") == 7050000000.0);
    assert_true(number("1兆") == 1e12);
    assert_true(number("2,003万") == 20030000);
}

static void test_number_limits(void **state)
{
    (void)state;
    assert_int_equal(number_status("123456789012345"), DXP_LIT_OK);
    assert_int_equal(number_status("1234567890123456"), DXP_LIT_TOO_PRECISE);
    assert_int_equal(number_status("99999999999999999999999999"), DXP_LIT_TOO_PRECISE);
    assert_int_equal(number_status("0.1234567890123456"), DXP_LIT_TOO_PRECISE);
    assert_int_equal(number_status("100000000000000000000"), DXP_LIT_TOO_LARGE);
    assert_int_equal(number_status("1000000兆"), DXP_LIT_TOO_LARGE);
    assert_true(number("000000000000000000001") == 1);   /* leading zeros are not digits of precision */
}

static dxp_year year(const char *s)
{
    dxp_year y;
    memset(&y, 0, sizeof y);
    assert_int_equal(dxp_literal_year(s, strlen(s), &y), DXP_LIT_OK);
    return y;
}

/* Every written number reads as strtod reads its digits: the fast path for
 * short numbers rounds exactly as the general one (random digits and scales,
 * with and without 万/億/兆). */
static void test_numbers_round_as_strtod(void **state)
{
    (void)state;
    static const char *const mult[] = { "", "万", "億", "兆" };
    static const int mult_exp[] = { 0, 4, 8, 12 };
    srand(20261127);
    for (int t = 0; t < 200000; t++) {
        char digits[16], text[64], ref[64];
        int nd = 1 + rand() % 15, frac = rand() % (nd + 1), m = rand() % 4;
        for (int k = 0; k < nd; k++) digits[k] = (char)('0' + (k == 0 ? 1 + rand() % 9 : rand() % 10));
        digits[nd] = '\0';
        if (frac) snprintf(text, sizeof text, "%.*s.%s%s", nd - frac, nd == frac ? "0" : digits,
                           digits + nd - frac, mult[m]);
        else snprintf(text, sizeof text, "%s%s", digits, mult[m]);
        if (nd == frac) snprintf(text, sizeof text, "0.%s%s", digits, mult[m]);
        snprintf(ref, sizeof ref, "%se%d", digits, mult_exp[m] - frac);
        double got = -1;
        if (dxp_literal_number(text, strlen(text), &got) == DXP_LIT_TOO_LARGE) continue;
        if (got != strtod(ref, NULL)) fail_msg("%s read as %.17g, strtod says %.17g", text, got, strtod(ref, NULL));
    }
}

static void test_era_years(void **state)
{
    (void)state;
    assert_int_equal(year("R6").fy, 2024);
    assert_int_equal(year("R6").era, 'R');
    assert_int_equal(year("R元").fy, 2019);
    assert_int_equal(year("R1").fy, 2019);
    assert_int_equal(year("H31").fy, 2019);       /* R1 = H31 = 2019 */
    assert_int_equal(year("H25").fy, 2013);
    assert_int_equal(year("S63").fy, 1988);
    assert_int_equal(year("T15").fy, 1926);
    assert_int_equal(year("M1").fy, 1868);
    assert_int_equal(year("R6年度").fy, 2024);
    assert_int_equal(year("R元年度").fy, 2019);
    assert_int_equal(year("R６年度").fy, 2024);    /* full-width digits */
    /* R1..R99 are read by a shortcut: the same year as the general reading
     * of R followed by full-width digits gives */
    for (int ey = 1; ey <= 99; ey++) {
        char ascii[16], wide[16];   /* room for any int: no truncation warning */
        snprintf(ascii, sizeof ascii, "R%d", ey);
        if (ey < 10) snprintf(wide, sizeof wide, "R\xEF\xBC%c", (char)(0x90 + ey));
        else snprintf(wide, sizeof wide, "R\xEF\xBC%c\xEF\xBC%c", (char)(0x90 + ey / 10), (char)(0x90 + ey % 10));
        dxp_year a = year(ascii), b = year(wide);
        assert_int_equal(a.fy, b.fy);
        assert_int_equal(a.era, b.era);
        assert_int_equal(a.kanji, b.kanji);
    }
    assert_int_equal(year("R12").fy, 2030);
}

static void test_kanji_and_gregorian_years(void **state)
{
    (void)state;
    dxp_year y = year("令和6年度");
    assert_int_equal(y.fy, 2024);
    assert_true(y.kanji);
    assert_int_equal(year("令和元年度").fy, 2019);
    assert_int_equal(year("平成25年度").fy, 2013);
    assert_int_equal(year("昭和63年度").fy, 1988);
    assert_int_equal(year("令和６年度").fy, 2024);
    assert_int_equal(year("FY2024").fy, 2024);
    assert_int_equal(year("FY2024").era, 'F');
    assert_int_equal(year("2024年度").fy, 2024);
    assert_int_equal(year("2024年度").era, 'G');
}

static void test_bad_years(void **state)
{
    (void)state;
    dxp_year y;
    assert_int_equal(dxp_literal_year("H32", 3, &y), DXP_LIT_BAD_ERA_YEAR);
    assert_int_equal(dxp_literal_year("R0", 2, &y), DXP_LIT_BAD_ERA_YEAR);
    assert_int_equal(dxp_literal_year("S65", 3, &y), DXP_LIT_BAD_ERA_YEAR);
    assert_int_equal(dxp_literal_year("令和6", strlen("令和6"), &y), DXP_LIT_NOT_LITERAL);
    assert_int_equal(dxp_literal_year("R6x", 3, &y), DXP_LIT_NOT_LITERAL);
    assert_int_equal(dxp_literal_year("FY24", 4, &y), DXP_LIT_NOT_LITERAL);
}

static void test_year_prefix(void **state)
{
    (void)state;
    const char *s = "令和6年度末";
    assert_int_equal(dxp_literal_year_prefix(s, strlen(s)), strlen("令和6年度"));
    assert_int_equal(dxp_literal_year_prefix("R6x", 3), 2);
    assert_int_equal(dxp_literal_year_prefix("opendata", 8), 0);
    s = "R6年";
    assert_int_equal(dxp_literal_year_prefix(s, strlen(s)), 2);
}

static dxp_point point(const char *s)
{
    dxp_point p;
    assert_int_equal(dxp_literal_point(s, strlen(s), &p), DXP_LIT_OK);
    return p;
}

static void test_points(void **state)
{
    (void)state;
    dxp_point p = point("R2.12");
    assert_int_equal(p.year, 2020);
    assert_int_equal(p.month, 12);
    assert_int_equal(p.form.fy, 2020);          /* December 2020 is in FY2020 (R2) */
    p = point("R3.3");
    assert_int_equal(p.year, 2021);
    assert_int_equal(p.month, 3);
    assert_int_equal(p.form.fy, 2020);          /* March 2021 closes FY2020 */
    p = point("2020-12");
    assert_int_equal(p.year, 2020);
    assert_int_equal(p.month, 12);
    p = point("令和2年12月");
    assert_int_equal(p.year, 2020);
    assert_int_equal(p.month, 12);
    p = point("R元.5");
    assert_int_equal(p.year, 2019);
    dxp_point q;
    assert_int_equal(dxp_literal_point("R2.13", 5, &q), DXP_LIT_BAD_MONTH);
    assert_int_equal(dxp_literal_point("2020-0", 6, &q), DXP_LIT_BAD_MONTH);
    assert_int_equal(dxp_literal_point("H32.1", 5, &q), DXP_LIT_BAD_ERA_YEAR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_decimal_numbers),
        cmocka_unit_test(test_grouping_commas),
        cmocka_unit_test(test_full_width_digits),
        cmocka_unit_test(test_shortcut_agrees),
        cmocka_unit_test(test_multipliers),
        cmocka_unit_test(test_number_limits),
        cmocka_unit_test(test_numbers_round_as_strtod),
        cmocka_unit_test(test_era_years),
        cmocka_unit_test(test_kanji_and_gregorian_years),
        cmocka_unit_test(test_bad_years),
        cmocka_unit_test(test_year_prefix),
        cmocka_unit_test(test_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
