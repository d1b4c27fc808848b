/* Unit tests for symtab.c: lookups, growth, and did-you-mean suggestions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "dxp/symtab.h"

/* The values of these tables are their names, NUL-terminated. */
static dxp_str own_name(const void *value)
{
    return dxp_str_from(value);
}

static void test_put_get(void **state)
{
    (void)state;
    dxp_symtab t;
    dxp_symtab_init(&t, own_name);
    char a[] = "企2", b[] = "企2";
    assert_null(dxp_symtab_get(&t, dxp_str_from("企2")));
    assert_null(dxp_symtab_put(&t, dxp_str_from(a), a));
    assert_ptr_equal(dxp_symtab_put(&t, dxp_str_from(b), b), a);   /* already there */
    assert_ptr_equal(dxp_symtab_get(&t, dxp_str_from("企2")), a);
    assert_null(dxp_symtab_get(&t, dxp_str_from("企")));
    dxp_symtab_free(&t);
}

static void test_growth_keeps_everything(void **state)
{
    (void)state;
    enum { N = 100000 };
    static char names[N][16];
    dxp_symtab t;
    dxp_symtab_init(&t, own_name);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "kpi_%d", i);
        assert_null(dxp_symtab_put(&t, dxp_str_from(names[i]), names[i]));
    }
    assert_int_equal(t.count, N);
    for (int i = 0; i < N; i += 997)
        assert_ptr_equal(dxp_symtab_get(&t, dxp_str_from(names[i])), names[i]);
    dxp_symtab_free(&t);
}

/* Lookups of many keys at once give what lookups one by one give: names that
 * are there, names that are not (some with a stored name's hash slot taken),
 * batches of every length, and an empty table. */
static void test_get_many(void **state)
{
    (void)state;
    enum { N = 5000, ASKED = 1237 };
    static char names[N][16], asked_names[ASKED][16];
    dxp_str keys[ASKED];
    void *found[ASKED];
    dxp_symtab t;
    dxp_symtab_init(&t, own_name);
    dxp_symtab_get_many(&t, keys, 0, found);
    snprintf(asked_names[0], sizeof asked_names[0], "kpi_1");
    keys[0] = dxp_str_from(asked_names[0]);
    dxp_symtab_get_many(&t, keys, 1, found);
    assert_null(found[0]);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "kpi_%d", i);
        assert_null(dxp_symtab_put(&t, dxp_str_from(names[i]), names[i]));
    }
    for (int i = 0; i < ASKED; i++) {   /* every third one is missing */
        snprintf(asked_names[i], sizeof asked_names[i], i % 3 ? "kpi_%d" : "none_%d", (i * 7919) % N);
        keys[i] = dxp_str_from(asked_names[i]);
    }
    for (size_t n = 0; n <= 70; n++) {
        dxp_symtab_get_many(&t, keys, n, found);
        for (size_t i = 0; i < n; i++) assert_ptr_equal(found[i], dxp_symtab_get(&t, keys[i]));
    }
    dxp_symtab_get_many(&t, keys, ASKED, found);
    int hits = 0;
    for (int i = 0; i < ASKED; i++) {
        assert_ptr_equal(found[i], dxp_symtab_get(&t, keys[i]));
        if (found[i]) assert_string_equal((const char *)found[i], asked_names[i]), hits++;
    }
    assert_int_equal(hits, ASKED - (ASKED + 2) / 3);
    dxp_symtab_free(&t);
}

static int key_reads;

static dxp_str counted_name(const void *value)
{
    key_reads++;
    return dxp_str_from(value);
}

/* A slot keeps its key's hash and length, not the key: a probe reads the
 * key (through the value) only when both agree, so looking up names that
 * are not there reads none, and names that are, one each. */
static void test_keys_read_on_agreement_only(void **state)
{
    (void)state;
    enum { N = 20000 };
    static char names[N][16], absent[N][16];
    dxp_symtab t;
    dxp_symtab_init(&t, counted_name);
    assert_int_equal(sizeof(dxp_symtab_slot), 16);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "k%d", i);
        snprintf(absent[i], sizeof absent[i], "x%d", i);
        dxp_symtab_put(&t, dxp_str_from(names[i]), names[i]);
    }
    key_reads = 0;
    for (int i = 0; i < N; i++) assert_null(dxp_symtab_get(&t, dxp_str_from(absent[i])));
    assert_true(key_reads <= 2);   /* a 32-bit hash and a length agreeing by chance */
    key_reads = 0;
    for (int i = 0; i < N; i++) assert_ptr_equal(dxp_symtab_get(&t, dxp_str_from(names[i])), names[i]);
    assert_true(key_reads >= N && key_reads <= N + 2);
    dxp_symtab_free(&t);
}

static void test_closest(void **state)
{
    (void)state;
    dxp_symtab t;
    dxp_symtab_init(&t, own_name);
    static const char *const names[] = { "opendata", "incidents", "データセット", "%" };
    for (int i = 0; i < 4; i++) dxp_symtab_put(&t, dxp_str_from(names[i]), (void *)names[i]);
    dxp_str best = dxp_symtab_closest(&t, dxp_str_from("opendatta"));
    assert_true(dxp_str_eq(best, "opendata"));
    best = dxp_symtab_closest(&t, dxp_str_from("データセト"));
    assert_true(dxp_str_eq(best, "データセット"));
    best = dxp_symtab_closest(&t, dxp_str_from("件"));          /* one letter: no guess */
    assert_null(best.ptr);
    best = dxp_symtab_closest(&t, dxp_str_from("budget"));      /* nothing close */
    assert_null(best.ptr);
    dxp_symtab_free(&t);
}

/* Room made once holds every key without growing, and keeps what was there. */
static void test_reserve(void **state)
{
    (void)state;
    static char names[3000][16];
    dxp_symtab t;
    dxp_symtab_init(&t, own_name);
    snprintf(names[0], sizeof names[0], "k0");
    dxp_symtab_put(&t, dxp_str_from(names[0]), names[0]);
    dxp_symtab_reserve(&t, 3000);
    size_t cap = t.cap;
    assert_true(cap * 3 >= 3000 * 4);
    for (int i = 1; i < 3000; i++) {
        snprintf(names[i], sizeof names[i], "k%d", i);
        assert_null(dxp_symtab_put(&t, dxp_str_from(names[i]), names[i]));
    }
    assert_int_equal(t.cap, cap);
    for (int i = 0; i < 3000; i++) assert_ptr_equal(dxp_symtab_get(&t, dxp_str_from(names[i])), names[i]);
    dxp_symtab_reserve(&t, 10);   /* never shrinks */
    assert_int_equal(t.cap, cap);
    dxp_symtab_free(&t);
}

/* Of two equally close names the first in byte order, in whichever order they went in. */
static void test_closest_tie_does_not_depend_on_order(void **state)
{
    (void)state;
    static const char *const orders[2][2] = { { "m2", "m1" }, { "m1", "m2" } };
    for (int o = 0; o < 2; o++) {
        dxp_symtab t;
        dxp_symtab_init(&t, own_name);
        for (int i = 0; i < 2; i++) dxp_symtab_put(&t, dxp_str_from(orders[o][i]), (void *)orders[o][i]);
        dxp_str best = dxp_symtab_closest(&t, dxp_str_from("m3"));
        assert_true(dxp_str_eq(best, "m1"));   /* m2 lies first in the table */
        dxp_symtab_free(&t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get),
        cmocka_unit_test(test_growth_keeps_everything),
        cmocka_unit_test(test_get_many),
        cmocka_unit_test(test_keys_read_on_agreement_only),
        cmocka_unit_test(test_closest),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_closest_tie_does_not_depend_on_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
