/* Unit tests for units.c and unit resolution: conversions and unit algebra. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dxp/program.h"

typedef struct fixture {
    dxp_diags diags;
    dxp_program *p;
} fixture;

/* The units of the standard library, loaded as a plan would load them. */
static int setup(void **state)
{
    fixture *f = dxp_xcalloc(1, sizeof *f);
    dxp_diags_init(&f->diags);
    const char *text = "import \"std\"\n";
    f->p = dxp_program_load(&f->diags, "units-test.dxp", text, strlen(text), NULL);
    *state = f;
    return f->p && f->diags.errors == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    dxp_program_free(f->p);
    dxp_diags_free(&f->diags);
    free(f);
    return 0;
}

static dxp_unit unit(fixture *f, const char *name)
{
    dxp_unit_def *d = dxp_symtab_get(&f->p->units.names, dxp_str_from(name));
    assert_non_null(d);
    assert_true(d->resolved);
    return d->unit;
}

static void test_conversions(void **state)
{
    fixture *f = *state;
    dxp_unit yen = unit(f, "円"), sen = unit(f, "千円"), oku = unit(f, "億円");
    assert_true(dxp_unit_same_dimension(&yen, &sen));
    assert_true(dxp_unit_same_dimension(&sen, &oku));
    assert_true(dxp_unit_ratio(&sen, &yen) == 1000);
    assert_true(dxp_unit_ratio(&oku, &sen) == 100000);
    dxp_unit hours = unit(f, "時間"), h = unit(f, "h"), days = unit(f, "日");
    assert_true(dxp_unit_ratio(&h, &hours) == 1);
    assert_true(dxp_unit_ratio(&days, &hours) == 24);
    dxp_unit month = unit(f, "月"), nendo = unit(f, "年度");
    assert_true(dxp_unit_ratio(&nendo, &month) == 12);
}

static void test_different_bases_do_not_convert(void **state)
{
    fixture *f = *state;
    dxp_unit ken = unit(f, "件"), kai = unit(f, "回"), nin = unit(f, "人"), mei = unit(f, "名");
    assert_false(dxp_unit_same_dimension(&ken, &kai));
    assert_false(dxp_unit_same_dimension(&ken, &nin));
    assert_true(dxp_unit_same_dimension(&nin, &mei));
}

static void test_percent_is_dimensionless(void **state)
{
    fixture *f = *state;
    dxp_unit pct = unit(f, "%");
    assert_true(dxp_unit_is_dimensionless(&pct));
    assert_true(pct.factor == 0.01);
    /* a / b * 100% of two 件 quantities is a percentage */
    dxp_unit ken = unit(f, "件"), ratio, result;
    assert_true(dxp_unit_div(&ken, &ken, &ratio));
    assert_true(dxp_unit_is_dimensionless(&ratio));
    dxp_unit hundred_pct = pct;
    hundred_pct.factor *= 100;
    assert_true(dxp_unit_mul(&ratio, &hundred_pct, &result));
    assert_true(dxp_unit_same_dimension(&result, &pct));
    assert_true(fabs(dxp_unit_ratio(&result, &pct) - 100) < 1e-12);
}

static void test_compound_units(void **state)
{
    fixture *f = *state;
    dxp_unit sen = unit(f, "千円"), sha = unit(f, "社"), yen = unit(f, "円");
    dxp_unit per_firm, yen_per_firm, back;
    assert_true(dxp_unit_div(&sen, &sha, &per_firm));
    assert_true(dxp_unit_div(&yen, &sha, &yen_per_firm));
    assert_true(dxp_unit_same_dimension(&per_firm, &yen_per_firm));
    assert_true(dxp_unit_ratio(&per_firm, &yen_per_firm) == 1000);
    assert_true(dxp_unit_mul(&per_firm, &sha, &back));
    assert_true(dxp_unit_same_dimension(&back, &yen));
    assert_false(dxp_unit_same_dimension(&per_firm, &sen));
    char buf[64];
    assert_string_equal(dxp_unit_describe(&f->p->units, &per_firm, buf, sizeof buf), "1000 円/社");
}

static void test_unit_of_written_unit(void **state)
{
    fixture *f = *state;
    /* a term's name is as long as its place in the text */
    dxp_unit_term per = { .name = "年", .loc = { 10, 13 }, .exponent = -1 };
    dxp_unit_term people = { .next = &per, .name = "人", .loc = { 0, 3 }, .exponent = 1 };
    dxp_unit_ref ref = { &people, "", { 0, 0 } };
    dxp_unit u, nin = unit(f, "人"), year = unit(f, "年");
    assert_true(dxp_program_unit_of(f->p, f->p->root, &ref, &u, false));
    dxp_unit expected;
    assert_true(dxp_unit_div(&nin, &year, &expected));
    assert_true(dxp_unit_same_dimension(&u, &expected));
    dxp_unit_term unknown = { .name = "ダース", .loc = { 0, 9 }, .exponent = 1 };
    dxp_unit_ref bad = { &unknown, "", { 0, 0 } };
    assert_false(dxp_program_unit_of(f->p, f->p->root, &bad, &u, false));
    /* a unit of one term has no term node: the term is its text */
    dxp_unit_ref single = { NULL, "人 per year", { 20, 23 } };
    assert_true(dxp_program_unit_of(f->p, f->p->root, &single, &u, false));
    assert_true(dxp_unit_same_dimension(&u, &nin));
    dxp_unit_ref percent = { NULL, "\xEF\xBC\x85", { 5, 8 } };   /* ％ */
    dxp_unit pct = unit(f, "%");
    assert_true(dxp_program_unit_of(f->p, f->p->root, &percent, &u, false));
    assert_true(dxp_unit_same_dimension(&u, &pct));
    assert_true(u.factor == pct.factor);
    dxp_unit_ref dozen = { NULL, "ダース", { 0, 9 } };
    assert_false(dxp_program_unit_of(f->p, f->p->root, &dozen, &u, false));
}

static void test_too_many_dimensions(void **state)
{
    (void)state;
    dxp_unit a = DXP_UNIT_ONE, r = DXP_UNIT_ONE;
    for (uint16_t i = 0; i < DXP_UNIT_MAX_DIMS; i++) {
        a.ndims = 1;
        a.dims[0].base = i;
        a.dims[0].exponent = 1;
        assert_true(dxp_unit_mul(&r, &a, &r));
    }
    a.dims[0].base = DXP_UNIT_MAX_DIMS;
    assert_false(dxp_unit_mul(&r, &a, &r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conversions),
        cmocka_unit_test(test_different_bases_do_not_convert),
        cmocka_unit_test(test_percent_is_dimensionless),
        cmocka_unit_test(test_compound_units),
        cmocka_unit_test(test_unit_of_written_unit),
        cmocka_unit_test(test_too_many_dimensions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
