/* Unit tests for symtab.c: lookups, growth, and did-you-mean suggestions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "dxp/symtab.h"

static void test_put_get(void **state)
{
    (void)state;
    dxp_symtab t;
    dxp_symtab_init(&t);
    int a = 1, b = 2;
    assert_null(dxp_symtab_get(&t, dxp_str_from("企2")));
    assert_null(dxp_symtab_put(&t, dxp_str_from("企2"), &a));
    assert_ptr_equal(dxp_symtab_put(&t, dxp_str_from("企2"), &b), &a);   /* already there */
    assert_ptr_equal(dxp_symtab_get(&t, dxp_str_from("企2")), &a);
    assert_null(dxp_symtab_get(&t, dxp_str_from("企")));
    dxp_symtab_free(&t);
}

static void test_growth_keeps_everything(void **state)
{
    (void)state;
    enum { N = 100000 };
    static char names[N][16];
    static int values[N];
    dxp_symtab t;
    dxp_symtab_init(&t);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "kpi_%d", i);
        values[i] = i;
        assert_null(dxp_symtab_put(&t, dxp_str_from(names[i]), &values[i]));
    }
    assert_int_equal(t.count, N);
    for (int i = 0; i < N; i += 997)
        assert_ptr_equal(dxp_symtab_get(&t, dxp_str_from(names[i])), &values[i]);
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
    static int values[N];
    dxp_str keys[ASKED];
    void *found[ASKED];
    dxp_symtab t;
    dxp_symtab_init(&t);
    dxp_symtab_get_many(&t, keys, 0, found);
    snprintf(asked_names[0], sizeof asked_names[0], "kpi_1");
    keys[0] = dxp_str_from(asked_names[0]);
    dxp_symtab_get_many(&t, keys, 1, found);
    assert_null(found[0]);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "kpi_%d", i);
        values[i] = i;
        assert_null(dxp_symtab_put(&t, dxp_str_from(names[i]), &values[i]));
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
        if (found[i]) assert_string_equal(names[*(int *)found[i]], asked_names[i]), hits++;
    }
    assert_int_equal(hits, ASKED - (ASKED + 2) / 3);
    dxp_symtab_free(&t);
}

static void test_closest(void **state)
{
    (void)state;
    dxp_symtab t;
    dxp_symtab_init(&t);
    int v = 0;
    dxp_symtab_put(&t, dxp_str_from("opendata"), &v);
    dxp_symtab_put(&t, dxp_str_from("incidents"), &v);
    dxp_symtab_put(&t, dxp_str_from("データセット"), &v);
    dxp_symtab_put(&t, dxp_str_from("%"), &v);
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
    dxp_symtab_init(&t);
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
        dxp_symtab_init(&t);
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
        cmocka_unit_test(test_closest),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_closest_tie_does_not_depend_on_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
