/* Unit tests for json_writer.c: the streamed layout is byte for byte what
 * jansson dumps with JSON_INDENT(2) for the same document, which is the
 * layout the JSON report has always had, and with JSON_COMPACT in the
 * compact layout (--compact). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxp/json_writer.h"

typedef struct capture {
    char *text;
    size_t size;
    FILE *f;
    dxp_json_writer w;
} capture;

static capture *start_in(bool compact)
{
    capture *c = calloc(1, sizeof *c);
    c->f = open_memstream(&c->text, &c->size);
    dxp_json_init(&c->w, c->f);
    dxp_json_set_compact(&c->w, compact);
    return c;
}

static capture *start(void)
{
    return start_in(false);
}

static char *finish(capture *c, bool expect_ok)
{
    assert_int_equal(dxp_json_finish(&c->w), expect_ok);
    fclose(c->f);
    char *text = c->text;
    free(c);
    return text;
}

/* The tests run in both layouts: their state says which. */
static const bool indented = false, compact = true;

static char *jansson_text_in(json_t *root, bool in_compact)
{
    size_t layout = in_compact ? JSON_COMPACT : JSON_INDENT(2);
    char *s = json_dumps(root, layout | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY);
    json_decref(root);
    size_t n = strlen(s);
    char *with_newline = malloc(n + 2);
    memcpy(with_newline, s, n);
    memcpy(with_newline + n, "\n", 2);
    free(s);
    return with_newline;
}

static char *jansson_text(json_t *root)
{
    return jansson_text_in(root, false);
}

static const char *const strings[] = {
    "宮城県ＤＸ推進計画", "", "quote \" and \\ backslash", "tab\tnew\nline\rcr\bbs\fff",
    "\x01\x1f control", "slash / stays", "\xe2\x80\xa8 line separator", "😀 outside the BMP",
};
static const double reals[] = { 87.59, 0.5, -3.25, 1e20, 1.5e-7, 123456789.123, 3.0, -0.0 };
static const long long ints[] = { 0, 7, -42, 9007199254740991LL, LLONG_MIN, LLONG_MAX };

/* The same document through both: nested objects and arrays, empty ones, every kind of value. */
static void test_same_as_jansson(void **state)
{
    bool in_compact = *(const bool *)*state;
    capture *c = start_in(in_compact);
    dxp_json_writer *w = &c->w;
    json_t *root = json_object(), *list = json_array(), *nums = json_array();

    dxp_json_begin_object(w);
    dxp_json_key(w, "strings");
    dxp_json_begin_array(w);
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
        dxp_json_cstring(w, strings[i]);
        json_array_append_new(list, json_string(strings[i]));
    }
    dxp_json_end_array(w);
    json_object_set_new(root, "strings", list);

    dxp_json_key(w, "numbers");
    dxp_json_begin_array(w);
    for (size_t i = 0; i < sizeof reals / sizeof *reals; i++) {
        dxp_json_real(w, reals[i]);
        json_array_append_new(nums, json_real(reals[i]));
    }
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        dxp_json_int(w, ints[i]);
        json_array_append_new(nums, json_integer(ints[i]));
    }
    dxp_json_end_array(w);
    json_object_set_new(root, "numbers", nums);

    dxp_json_member(w, DXP_JSON_NAME("empty object"));   /* a key known when compiling */
    dxp_json_begin_object(w);
    dxp_json_end_object(w);
    json_object_set_new(root, "empty object", json_object());
    dxp_json_key(w, "empty array");
    dxp_json_begin_array(w);
    dxp_json_end_array(w);
    dxp_json_member(w, DXP_JSON_NAME("first"));   /* … and as the first member of an object */
    dxp_json_begin_object(w);
    dxp_json_member(w, DXP_JSON_NAME("状態"));
    dxp_json_null(w);
    dxp_json_end_object(w);
    json_t *first = json_object();
    json_object_set_new(first, "状態", json_null());
    json_object_set_new(root, "empty array", json_array());
    json_object_set_new(root, "first", first);

    dxp_json_key(w, "nested");
    dxp_json_begin_array(w);
    dxp_json_begin_object(w);
    dxp_json_key(w, "目標");
    dxp_json_bool(w, true);
    dxp_json_key(w, "実績");
    dxp_json_null(w);
    dxp_json_key(w, "不要");
    dxp_json_bool(w, false);
    dxp_json_end_object(w);
    dxp_json_begin_array(w);
    dxp_json_end_array(w);
    dxp_json_cstring(w, NULL);
    dxp_json_end_array(w);
    json_t *keyed = json_object();
    /* keys copied as they are, and keys that need escapes or are long */
    static const char *const keys[] = { "k", "quote \" key", "tab\tkey",
        "a key longer than sixty-four bytes, which takes the escaping path, 宮城県" };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        dxp_json_key(w, keys[i]);
        dxp_json_int(w, (long long)i);
        json_object_set_new(keyed, keys[i], json_integer((json_int_t)i));
    }

    dxp_json_end_object(w);
    json_t *inner = json_object();
    json_object_set_new(inner, "目標", json_true());
    json_object_set_new(inner, "実績", json_null());
    json_object_set_new(inner, "不要", json_false());
    json_t *nested = json_array();
    json_array_append_new(nested, inner);
    json_array_append_new(nested, json_array());
    json_array_append_new(nested, json_null());
    json_object_set_new(root, "nested", nested);
    json_object_update(root, keyed);
    json_decref(keyed);

    char *ours = finish(c, true), *theirs = jansson_text_in(root, in_compact);
    assert_string_equal(ours, theirs);
    free(ours);
    free(theirs);
}

/* Strings are scanned eight bytes at a time: an escape at every offset, and
 * the bytes next to those that need one, come out as jansson writes them. */
static void test_escape_at_every_offset(void **state)
{
    (void)state;
    static const unsigned char specials[] = { '"', '\\', '\n', 0x01, 0x1f, 0x00 };
    static const unsigned char neighbours[] = { 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f };
    const char *base = "宮城県DX推進計画 abcdefghijklmnopqrstuvwxyz";
    size_t n = strlen(base);
    for (int kind = 0; kind < 2; kind++)
        for (size_t k = 0; k < sizeof specials; k++)
            for (size_t at = 0; at < n; at++) {
                if ((unsigned char)base[at] >= 0x80) continue;   /* keep the UTF-8 valid for jansson */
                char text[128];
                memcpy(text, base, n);
                text[at] = (char)(kind == 0 ? specials[k] : neighbours[k]);
                capture *c = start();
                dxp_json_string(&c->w, text, n);
                char *ours = finish(c, true);
                char *theirs = jansson_text(json_stringn_nocheck(text, n));
                assert_string_equal(ours, theirs);
                free(ours);
                free(theirs);
            }
}

/* More than the buffer holds, in one string and in many values. */
static void test_long_output(void **state)
{
    (void)state;
    size_t n = 200000;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i++) big[i] = (char)('a' + i % 26);
    big[n] = '\0';
    capture *c = start();
    dxp_json_begin_array(&c->w);
    dxp_json_cstring(&c->w, big);
    for (int i = 0; i < 20000; i++) dxp_json_int(&c->w, i);
    dxp_json_end_array(&c->w);
    json_t *root = json_array();
    json_array_append_new(root, json_string(big));
    for (int i = 0; i < 20000; i++) json_array_append_new(root, json_integer(i));
    char *ours = finish(c, true), *theirs = jansson_text(root);
    assert_int_equal(strlen(ours), strlen(theirs));
    assert_string_equal(ours, theirs);
    free(ours);
    free(theirs);
    free(big);
}

/* Keys of every length from 1 to 30 at every depth from 1 to 40: the
 * writer copies short keys and indentation with moves of a fixed size, and
 * longer ones (a depth past 15) another way; the output crosses the end of
 * the writer's buffer at many places on the way. */
static void test_members_at_every_depth(void **state)
{
    bool in_compact = *(const bool *)*state;
    const dxp_json_name names[] = { DXP_JSON_NAME("a"), DXP_JSON_NAME("bb"), DXP_JSON_NAME("ccc"), DXP_JSON_NAME("dddd"), DXP_JSON_NAME("eeeee"), DXP_JSON_NAME("ffffff"), DXP_JSON_NAME("ggggggg"), DXP_JSON_NAME("hhhhhhhh"), DXP_JSON_NAME("iiiiiiiii"), DXP_JSON_NAME("jjjjjjjjjj"), DXP_JSON_NAME("kkkkkkkkkkk"), DXP_JSON_NAME("llllllllllll"), DXP_JSON_NAME("mmmmmmmmmmmmm"), DXP_JSON_NAME("nnnnnnnnnnnnnn"), DXP_JSON_NAME("ooooooooooooooo"), DXP_JSON_NAME("pppppppppppppppp"), DXP_JSON_NAME("qqqqqqqqqqqqqqqqq"), DXP_JSON_NAME("rrrrrrrrrrrrrrrrrr"), DXP_JSON_NAME("sssssssssssssssssss"), DXP_JSON_NAME("tttttttttttttttttttt"), DXP_JSON_NAME("uuuuuuuuuuuuuuuuuuuuu"), DXP_JSON_NAME("vvvvvvvvvvvvvvvvvvvvvv"), DXP_JSON_NAME("wwwwwwwwwwwwwwwwwwwwwww"), DXP_JSON_NAME("xxxxxxxxxxxxxxxxxxxxxxxx"), DXP_JSON_NAME("yyyyyyyyyyyyyyyyyyyyyyyyy"), DXP_JSON_NAME("zzzzzzzzzzzzzzzzzzzzzzzzzz"), DXP_JSON_NAME("aaaaaaaaaaaaaaaaaaaaaaaaaaa"), DXP_JSON_NAME("bbbbbbbbbbbbbbbbbbbbbbbbbbbb"), DXP_JSON_NAME("ccccccccccccccccccccccccccccc"), DXP_JSON_NAME("dddddddddddddddddddddddddddddd") };
    static const char *const keys[] = { "a", "bb", "ccc", "dddd", "eeeee", "ffffff", "ggggggg", "hhhhhhhh", "iiiiiiiii", "jjjjjjjjjj", "kkkkkkkkkkk", "llllllllllll", "mmmmmmmmmmmmm", "nnnnnnnnnnnnnn", "ooooooooooooooo", "pppppppppppppppp", "qqqqqqqqqqqqqqqqq", "rrrrrrrrrrrrrrrrrr", "sssssssssssssssssss", "tttttttttttttttttttt", "uuuuuuuuuuuuuuuuuuuuu", "vvvvvvvvvvvvvvvvvvvvvv", "wwwwwwwwwwwwwwwwwwwwwww", "xxxxxxxxxxxxxxxxxxxxxxxx", "yyyyyyyyyyyyyyyyyyyyyyyyy", "zzzzzzzzzzzzzzzzzzzzzzzzzz", "aaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbb", "ccccccccccccccccccccccccccccc", "dddddddddddddddddddddddddddddd" };
    enum { NAMES = sizeof keys / sizeof *keys, DEPTH = 40 };
    capture *c = start_in(in_compact);
    json_t *root = json_object(), *at = root;
    dxp_json_begin_object(&c->w);
    for (int depth = 1; depth <= DEPTH; depth++) {
        for (int k = 0; k < NAMES; k++) {
            /* a value long enough that even the compact layout fills the buffer */
            char value[64];
            snprintf(value, sizeof value, "value %d of depth %d, long enough to fill", k, depth);
            dxp_json_member(&c->w, names[k]);
            dxp_json_cstring(&c->w, value);
            json_object_set_new(at, keys[k], json_string(value));
        }
        if (depth == DEPTH) break;
        dxp_json_member(&c->w, DXP_JSON_NAME("deeper"));
        dxp_json_begin_object(&c->w);
        json_t *inner = json_object();
        json_object_set_new(at, "deeper", inner);
        at = inner;
    }
    for (int depth = 1; depth <= DEPTH; depth++) dxp_json_end_object(&c->w);
    char *ours = finish(c, true), *theirs = jansson_text_in(root, in_compact);
    assert_true(strlen(ours) > sizeof c->w.buf);
    assert_string_equal(ours, theirs);
    free(ours);
    free(theirs);
}

/* A decimal of a value with at most nine decimals, between 1e-4 and 1e6, is
 * what jansson prints for the value as a real ("%.15g"): the report relies on
 * it. Checked on 200,000 values across the range, with 0 to 9 decimals. */
static void test_decimal_same_as_real(void **state)
{
    (void)state;
    uint64_t seed = 88172645463325252ull;
    int compared = 0;
    for (int i = 0; i < 200000; i++) {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        double magnitude = pow(10, (double)(seed % 10) - 4);          /* 1e-4 … 1e5 */
        double v = magnitude * (double)((seed >> 8) % 1000000) / 100000.0;
        int decimals = (int)((seed >> 40) % 10);
        double r = round(round(v * pow(10, decimals)) / pow(10, decimals) * 1e9) / 1e9;
        if ((i & 1) && r != 0) r = -r;
        if (r == floor(r) || fabs(r) < 1e-4 || fabs(r) >= 1e6) continue;
        capture *c = start();
        dxp_json_decimal(&c->w, llround(r * 1e9), 9);
        char *ours = finish(c, true);
        json_t *real = json_real(r);
        char *theirs = jansson_text(real);
        if (strcmp(ours, theirs) != 0) fail_msg("%.17g: %s vs %s", r, ours, theirs);
        free(ours);
        free(theirs);
        compared++;
    }
    assert_true(compared > 100000);
}

static void test_decimal_forms(void **state)
{
    (void)state;
    static const struct { long long units; int scale; const char *text; } cases[] = {
        { 1234500, 6, "1.2345\n" }, { -5, 1, "-0.5\n" }, { 100, 2, "1\n" }, { 0, 9, "0\n" },
        { 87590, 3, "87.59\n" }, { 7, 0, "7\n" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        capture *c = start();
        dxp_json_decimal(&c->w, cases[i].units, cases[i].scale);
        char *text = finish(c, true);
        assert_string_equal(text, cases[i].text);
        free(text);
    }
}

/* Nesting deeper than the writer tracks, or closing what was never opened, is reported. */
/* A document written in one piece, and the same document with some array
 * elements written apart in a memory writer and copied in with
 * dxp_json_raw_value (the report's KPIs on a second thread): the same bytes,
 * whether the copied element is the first of its array or not, and whatever
 * is nested inside it. */
static void element(dxp_json_writer *w, int i)
{
    dxp_json_begin_object(w);
    dxp_json_key(w, "id");
    dxp_json_int(w, i);
    dxp_json_key(w, "title");
    dxp_json_string(w, strings[i % 8], strlen(strings[i % 8]));
    dxp_json_key(w, "parts");
    dxp_json_begin_array(w);
    for (int k = 0; k < i % 3; k++) {
        dxp_json_begin_object(w);
        dxp_json_key(w, "rate");
        dxp_json_real(w, reals[k]);
        dxp_json_end_object(w);
    }
    dxp_json_end_array(w);
    dxp_json_end_object(w);
}

static void document(dxp_json_writer *w, int apart_from, int apart_to)
{
    dxp_json_writer mem;
    size_t ends[64];
    dxp_json_begin_object(w);
    dxp_json_key(w, "groups");
    dxp_json_begin_array(w);
    for (int g = 0; g < 3; g++) {
        dxp_json_begin_object(w);
        dxp_json_key(w, "items");
        dxp_json_begin_array(w);
        if (g == 1) {   /* elements [apart_from, apart_to) are written apart */
            dxp_json_init_memory(&mem, w->depth);
            dxp_json_set_compact(&mem, w->compact);
            dxp_json_restart_memory(&mem, w->depth);   /* keeps the layout */
            for (int i = apart_from; i < apart_to; i++) {
                dxp_json_detach(&mem);
                element(&mem, i);
                ends[i - apart_from] = dxp_json_offset(&mem);
            }
        }
        for (int i = 0; i < 20; i++) {
            if (g == 1 && i >= apart_from && i < apart_to) {
                const char *bytes = dxp_json_memory(&mem);
                assert_non_null(bytes);
                size_t start = i > apart_from ? ends[i - apart_from - 1] : 0;
                dxp_json_raw_value(w, bytes + start, ends[i - apart_from] - start);
            } else {
                element(w, i);
            }
        }
        if (g == 1) dxp_json_free_memory(&mem);
        dxp_json_end_array(w);
        dxp_json_end_object(w);
    }
    dxp_json_end_array(w);
    dxp_json_end_object(w);
}

/* Values written apart and copied in give the document written at once, in
 * either layout; and that document is jansson's for what it holds. */
static void test_written_apart(void **state)
{
    bool in_compact = *(const bool *)*state;
    capture *c = start_in(in_compact);
    document(&c->w, 0, 0);
    char *whole = finish(c, true);
    json_error_t error;
    json_t *parsed = json_loads(whole, 0, &error);
    assert_non_null(parsed);
    char *theirs = jansson_text_in(parsed, in_compact);
    assert_string_equal(whole, theirs);
    free(theirs);
    const int ranges[][2] = { { 0, 20 }, { 0, 1 }, { 5, 6 }, { 3, 17 }, { 19, 20 }, { 10, 20 } };
    for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++) {
        c = start_in(in_compact);
        document(&c->w, ranges[r][0], ranges[r][1]);
        char *apart = finish(c, true);
        assert_string_equal(apart, whole);
        free(apart);
    }
    free(whole);
}

static void test_misuse_fails(void **state)
{
    (void)state;
    capture *c = start();
    for (int i = 0; i <= DXP_JSON_MAX_DEPTH; i++) dxp_json_begin_array(&c->w);
    free(finish(c, false));

    c = start();
    dxp_json_begin_object(&c->w);
    dxp_json_end_object(&c->w);
    dxp_json_end_object(&c->w);
    free(finish(c, false));

    c = start();
    dxp_json_begin_array(&c->w);
    free(finish(c, false));   /* left open */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(test_same_as_jansson, (void *)&indented),
        cmocka_unit_test_prestate(test_same_as_jansson, (void *)&compact),
        cmocka_unit_test_prestate(test_members_at_every_depth, (void *)&indented),
        cmocka_unit_test_prestate(test_members_at_every_depth, (void *)&compact),
        cmocka_unit_test(test_long_output),
        cmocka_unit_test(test_escape_at_every_offset),
        cmocka_unit_test(test_decimal_same_as_real),
        cmocka_unit_test(test_decimal_forms),
        cmocka_unit_test(test_misuse_fails),
        cmocka_unit_test_prestate(test_written_apart, (void *)&indented),
        cmocka_unit_test_prestate(test_written_apart, (void *)&compact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
