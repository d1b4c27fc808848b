/* Unit tests for the scanner (grammar/lexer.l): tokens of every literal form,
 * names with Japanese text, keys, punctuation, and lexical errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "dxp/lex.h"

enum { MAX_TOKENS = DXP_MAX_NESTING + 64 };

typedef struct scan {
    dxp_diags diags;
    dxp_arena arena;
    dxp_token tok[MAX_TOKENS];
    int n;
    dxp_comment *comments;   /* in the arena */
} scan;

static scan *lex(const char *text)
{
    scan *s = dxp_xcalloc(1, sizeof *s);
    dxp_diags_init(&s->diags);
    dxp_arena_init(&s->arena);
    dxp_source *src = dxp_source_from_memory("t.dxp", text, strlen(text));
    int32_t file = dxp_diags_add_source(&s->diags, src);
    dxp_lex_session *ls = dxp_lex_open(src, file, &s->diags, &s->arena);
    do {
        dxp_lex_next(ls, &s->tok[s->n]);
    } while (s->tok[s->n++].kind != TOK_YYEOF && s->n < MAX_TOKENS);
    s->comments = dxp_lex_state(ls)->comments;
    dxp_lex_close(ls);
    return s;
}

static void done(scan *s)
{
    dxp_arena_free(&s->arena);
    dxp_diags_free(&s->diags);
    free(s);
}

/* The token kinds of text, ending with TOK_YYEOF, and no diagnostics. */
static void expect_kinds(const char *text, const int *kinds)
{
    scan *s = lex(text);
    for (int i = 0;; i++) {
        assert_true(i < s->n);
        assert_int_equal(s->tok[i].kind, kinds[i]);
        if (kinds[i] == TOK_YYEOF) break;
    }
    assert_int_equal(s->diags.count, 0);
    done(s);
}

static void test_year_forms(void **state)
{
    (void)state;
    const char *forms[] = { "R6", "R元", "H25", "S63", "R6年度", "R元年度", "令和6年度", "令和元年度",
                            "平成25年度", "FY2024", "2024年度", "R６" };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        scan *s = lex(forms[i]);
        assert_int_equal(s->tok[0].kind, TOK_YEAR);
        assert_int_equal(s->tok[1].kind, TOK_YYEOF);
        assert_int_equal(s->diags.count, 0);
        done(s);
    }
}

static void test_ranges_with_wave_dashes(void **state)
{
    (void)state;
    const int kinds[] = { TOK_YEAR, TOK_DOTDOT, TOK_YEAR, TOK_YYEOF };
    expect_kinds("R3..R6", kinds);
    expect_kinds("R3〜R6", kinds);
    expect_kinds("R3～R6", kinds);
}

static void test_points(void **state)
{
    (void)state;
    const char *forms[] = { "R2.12", "2020-12", "令和2年12月", "R3.3" };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        scan *s = lex(forms[i]);
        assert_int_equal(s->tok[0].kind, TOK_POINT);
        assert_int_equal(s->tok[1].kind, TOK_YYEOF);
        done(s);
    }
}

static void test_numbers_and_units(void **state)
{
    (void)state;
    scan *s = lex("2,022,951 千円  50.7万 人泊  18%  １２８");
    assert_int_equal(s->tok[0].kind, TOK_NUMBER);
    assert_true(s->tok[0].value.TOK_NUMBER.value == 2022951);
    assert_int_equal(s->tok[1].kind, TOK_NAME);
    assert_true(dxp_str_eq(s->tok[1].value.TOK_NAME, "千円"));
    assert_true(s->tok[2].value.TOK_NUMBER.value == 507000);
    assert_true(dxp_str_eq(s->tok[3].value.TOK_NAME, "人泊"));
    assert_int_equal(s->tok[4].kind, TOK_NUMBER);
    assert_int_equal(s->tok[5].kind, '%');
    assert_true(s->tok[6].value.TOK_NUMBER.value == 128);
    /* the written form stays reachable through the span */
    assert_int_equal(s->tok[0].value.TOK_NUMBER.loc.start, 0);
    assert_int_equal(s->tok[0].value.TOK_NUMBER.loc.end, 9);
    done(s);
}

static void test_keys_end_entries(void **state)
{
    (void)state;
    /* a: 5 人  b: 3 — the colon tells a key from a unit; needs no separator */
    const int kinds[] = { TOK_KEY, TOK_NUMBER, TOK_NAME, TOK_KEY, TOK_NUMBER, TOK_YYEOF };
    expect_kinds("a: 5 人  b: 3", kinds);
    const int table[] = { '{', TOK_YEAR_KEY, '-', TOK_YEAR_KEY, TOK_NUMBER, '}', TOK_YYEOF };
    expect_kinds("{ R8: -  R9: 10 }", table);
    const int dotted[] = { TOK_KEY, TOK_NUMBER, TOK_YYEOF };
    expect_kinds("telework.mobile：301", dotted);      /* full-width colon */
}

static void test_japanese_names_end_at_punctuation(void **state)
{
    (void)state;
    const int kinds[] = { TOK_MEASURE, TOK_NAME, TOK_STRING, '{', TOK_UNIT, TOK_NAME, '}', TOK_YYEOF };
    expect_kinds("measure 企2　「オープンデータみやぎの推進」 {unit データセット}", kinds);
    scan *s = lex("デジタル身分証（人）");
    assert_int_equal(s->tok[0].kind, TOK_NAME);
    assert_true(dxp_str_eq(s->tok[0].value.TOK_NAME, "デジタル身分証"));
    assert_int_equal(s->tok[1].kind, '(');
    assert_int_equal(s->tok[3].kind, ')');
    done(s);
    s = lex("R6x 企30 々");
    assert_int_equal(s->tok[0].kind, TOK_NAME);
    assert_int_equal(s->tok[1].kind, TOK_NAME);
    assert_int_equal(s->tok[2].kind, TOK_NAME);
    done(s);
}

static void test_states(void **state)
{
    (void)state;
    const char *text = "調整中 検討中 精査中 未公表 未計測 把握困難 — なし 新規 pending";
    const int expected[] = { DXP_STATE_PENDING, DXP_STATE_PENDING, DXP_STATE_REVIEWING,
                             DXP_STATE_UNPUBLISHED, DXP_STATE_UNMEASURED, DXP_STATE_UNMEASURED,
                             DXP_STATE_NONE, DXP_STATE_NONE, DXP_STATE_NEW, DXP_STATE_PENDING };
    scan *s = lex(text);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(s->tok[i].kind, TOK_STATE);
        assert_int_equal(s->tok[i].value.TOK_STATE, expected[i]);
    }
    done(s);
    s = lex("R6から実施 令和7年度から実施");
    assert_int_equal(s->tok[0].kind, TOK_FROM_STATE);
    assert_int_equal(s->tok[0].value.TOK_FROM_STATE.fy, 2024);
    assert_int_equal(s->tok[1].kind, TOK_FROM_STATE);
    assert_int_equal(s->tok[1].value.TOK_FROM_STATE.fy, 2025);
    done(s);
}

static void test_strings_and_comments(void **state)
{
    (void)state;
    scan *s = lex("\"a\\\"b\\\\c\\nd\" 「そのまま\\n」 # コメント\nx");
    assert_int_equal(s->tok[0].kind, TOK_STRING);
    assert_int_equal(s->tok[0].value.TOK_STRING.len, 7);
    assert_memory_equal(s->tok[0].value.TOK_STRING.ptr, "a\"b\\c\nd", 7);
    assert_true(dxp_str_eq(s->tok[1].value.TOK_STRING, "そのまま\\n"));
    assert_int_equal(s->tok[2].kind, TOK_NAME);
    assert_int_equal(s->diags.count, 0);
    done(s);
}

/* Where a string or comment ends, closed or not: the first token's span,
 * whether DXP102 (not closed) was reported, and the span of the token after it. */
static void expect_string_end(const char *text, uint32_t end, bool closed, int next_kind, uint32_t next_start)
{
    scan *s = lex(text);
    assert_int_equal(s->tok[0].kind, TOK_STRING);
    assert_int_equal(s->tok[0].loc.start, 0);
    assert_int_equal(s->tok[0].loc.end, end);
    bool reported = s->diags.count >= 1 && strcmp(s->diags.items[0].code, "DXP102") == 0;
    assert_int_equal(reported, !closed);
    assert_int_equal(s->tok[1].kind, next_kind);
    assert_int_equal(s->tok[1].loc.start, next_start);
    done(s);
}

static void test_string_ends(void **state)
{
    (void)state;
    expect_string_end("\"ab\" x", 4, true, TOK_NAME, 5);
    expect_string_end("\"a\\\"b\"x", 6, true, TOK_NAME, 6);        /* \" does not close it */
    expect_string_end("\"a\\\\\"x", 5, true, TOK_NAME, 5);        /* \\ then the quote */
    expect_string_end("\"abc", 4, false, TOK_YYEOF, 4);               /* the end of the text */
    expect_string_end("\"", 1, false, TOK_YYEOF, 1);
    expect_string_end("\"ab\nx", 3, false, TOK_NAME, 4);              /* the end of the line */
    expect_string_end("\"ab\\\nx", 4, false, TOK_NAME, 5);           /* a last backslash is the string's */
    expect_string_end("\"ab\\", 4, false, TOK_YYEOF, 4);
    expect_string_end("「あ」x", 9, true, TOK_NAME, 9);
    expect_string_end("「あ」」", 9, true, TOK_YYEOF, 12);             /* the second 」 is a stray (DXP101) */
    expect_string_end("「あ\n」", 6, false, TOK_YYEOF, 10);
    expect_string_end("「", 3, false, TOK_YYEOF, 3);
    expect_string_end("「「あ」", 12, true, TOK_YYEOF, 12);            /* 「 inside is text */
    expect_string_end("「\xE3\x80", 3, false, TOK_YYEOF, 5);          /* a cut-off 」 is not the string's */

    scan *s = lex("x # 注記\ny # last");
    assert_int_equal(s->tok[0].kind, TOK_NAME);
    assert_int_equal(s->tok[1].kind, TOK_NAME);
    assert_int_equal(s->tok[1].loc.start, 11);
    assert_int_equal(s->tok[2].kind, TOK_YYEOF);
    dxp_comment *c = s->comments;
    assert_non_null(c);
    assert_int_equal(c->loc.start, 2);
    assert_int_equal(c->loc.end, 10);   /* up to the newline */
    assert_non_null(c = c->next);
    assert_int_equal(c->loc.start, 13);
    assert_int_equal(c->loc.end, 19);   /* up to the end of the text */
    assert_null(c->next);
    done(s);
}

/* "…" bodies are searched eight bytes at a time: the byte that ends one
 * (a quote, a line end, a last backslash) and an escape are found wherever
 * they fall in a word, after any number of bytes, including Japanese. */
static void test_string_ends_at_every_offset(void **state)
{
    (void)state;
    char text[64];
    for (size_t before = 0; before < 20; before++) {
        char body[24];
        for (size_t i = 0; i < before; i++) body[i] = (char)(i % 3 == 0 ? '\xE3' : i % 3 == 1 ? '\x81' : '\x82');
        if (before % 3 != 0) memset(body, 'a', before);   /* whole あ only */
        body[before] = '\0';
        uint32_t quote = (uint32_t)before + 1;             /* where the body ends */
        snprintf(text, sizeof text, "\"%s\" x", body);
        expect_string_end(text, quote + 1, true, TOK_NAME, quote + 2);
        snprintf(text, sizeof text, "\"%s\nx", body);
        expect_string_end(text, quote, false, TOK_NAME, quote + 1);
        snprintf(text, sizeof text, "\"%s\\\"\" x", body);   /* \" then the closing quote */
        expect_string_end(text, quote + 3, true, TOK_NAME, quote + 4);
        snprintf(text, sizeof text, "\"%s\\\nx", body);       /* a last backslash */
        expect_string_end(text, quote + 1, false, TOK_NAME, quote + 2);
        snprintf(text, sizeof text, "\"%s", body);                /* the end of the text */
        expect_string_end(text, quote, false, TOK_YYEOF, quote);
    }
}

static void expect_error(const char *text, const char *code)
{
    scan *s = lex(text);
    assert_true(s->diags.count >= 1);
    assert_string_equal(s->diags.items[0].code, code);
    done(s);
}

static void test_lexical_errors(void **state)
{
    (void)state;
    expect_error("令和6年度末", "DXP106");
    expect_error("R6年", "DXP106");
    expect_error("\"open", "DXP102");
    expect_error("「open", "DXP102");
    expect_error("\"a\\qb\"", "DXP103");
    expect_error("1,2345", "DXP104");
    expect_error("12345678901234567", "DXP105");
    expect_error("H32", "DXP107");
    expect_error("R2.13", "DXP108");
    expect_error("a、b", "DXP101");
    expect_error("x\001", "DXP101");
}

/* The characters of a name: kana and kanji (three bytes, decoded in the
 * lexer itself), letters of two and four bytes, and symbols that are not
 * letters, each reported at its own bytes. */
static void expect_name(const char *text)
{
    expect_kinds(text, (const int[]){ TOK_NAME, TOK_YYEOF });
}

static void expect_bad_name_char(const char *text, uint32_t start, uint32_t end)
{
    scan *s = lex(text);
    assert_int_equal(s->diags.count, 1);
    assert_string_equal(s->diags.items[0].code, "DXP109");
    assert_int_equal(s->diags.items[0].span.start, start);
    assert_int_equal(s->diags.items[0].span.end, end);
    done(s);
}

static void test_name_characters(void **state)
{
    (void)state;
    expect_name("オープンデータ公開数");
    expect_name("ぁゖ゠ヿ一鿿");            /* the ends of the kana and ideograph blocks */
    expect_name("café");                   /* two bytes */
    expect_name("𠮷野家");                 /* four bytes */
    expect_bad_name_char("公開⺀数", 6, 9);
    expect_bad_name_char("数㈱", 3, 6);
    expect_bad_name_char("a😀b", 1, 5);
}

/* Blanks between tokens are skipped before flex's tables see them (those
 * after a comment still go through its rule): every kind of blank, runs of
 * them, before the first token, a comment between, and the offsets of what
 * follows stay those of the text. */
static void test_blanks_between_tokens(void **state)
{
    (void)state;
    const char *text = " \t\r\nkpi \t\r\n  k1   # コメント\n\n\t{ }  \n";
    scan *s = lex(text);
    assert_int_equal(s->diags.count, 0);
    static const struct { int kind; uint32_t start, end; } want[] = {
        { TOK_KPI, 4, 7 }, { TOK_NAME, 13, 15 }, { '{', 35, 36 }, { '}', 37, 38 },
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        assert_int_equal(s->tok[i].kind, want[i].kind);
        assert_int_equal(s->tok[i].loc.start, want[i].start);
        assert_int_equal(s->tok[i].loc.end, want[i].end);
    }
    assert_int_equal(s->tok[4].kind, TOK_YYEOF);
    assert_int_equal(s->tok[4].loc.start, strlen(text));
    assert_non_null(s->comments);
    assert_int_equal(s->comments->loc.start, 18);
    done(s);
    expect_kinds(" \n\t\r ", (const int[]){ TOK_YYEOF });
}

/* Control characters in strings are errors, each at its place, whether the
 * string is short, long (looked at eight bytes at a time) or 「…」; a tab is text. */
static void test_control_characters_in_strings(void **state)
{
    (void)state;
    static const struct { const char *text; uint32_t at[3]; size_t count; } cases[] = {
        { "\"a\tb\"", { 0 }, 0 },
        { "「公開\t件数」", { 0 }, 0 },
        { "\"a\033b\"", { 2 }, 1 },
        { "\"0123456789abcdef\x7f\"", { 17 }, 1 },
        { "\"0123456789abcdef0123456\a\"", { 24 }, 1 },
        { "「公開\033]0;x\a数」", { 9, 14 }, 2 },
        { "\"\f0123456789\r\"", { 1, 12 }, 2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        scan *s = lex(cases[i].text);
        assert_int_equal(s->diags.count, cases[i].count);
        for (size_t k = 0; k < cases[i].count; k++) {
            assert_string_equal(s->diags.items[k].code, "DXP101");
            assert_int_equal(s->diags.items[k].span.start, cases[i].at[k]);
            assert_int_equal(s->diags.items[k].span.end, cases[i].at[k] + 1);
        }
        done(s);
    }
}

static void test_nesting_limit(void **state)
{
    (void)state;
    char text[DXP_MAX_NESTING + 2];
    memset(text, '(', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    scan *s = lex(text);
    assert_int_equal(s->diags.count, 1);
    assert_string_equal(s->diags.items[0].code, "DXP203");
    assert_int_equal(s->tok[s->n - 1].kind, TOK_YYEOF);
    done(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_forms),
        cmocka_unit_test(test_ranges_with_wave_dashes),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_numbers_and_units),
        cmocka_unit_test(test_keys_end_entries),
        cmocka_unit_test(test_japanese_names_end_at_punctuation),
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_strings_and_comments),
        cmocka_unit_test(test_string_ends),
        cmocka_unit_test(test_string_ends_at_every_offset),
        cmocka_unit_test(test_lexical_errors),
        cmocka_unit_test(test_name_characters),
        cmocka_unit_test(test_blanks_between_tokens),
        cmocka_unit_test(test_control_characters_in_strings),
        cmocka_unit_test(test_nesting_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
