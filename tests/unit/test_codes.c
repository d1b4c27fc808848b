/* Unit tests for codes.c: the catalogue is in code order (dxp_code_find
 * searches it by halves) and every code is found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "dxp/codes.h"

static void test_catalogue_in_order(void **state)
{
    (void)state;
    size_t n = 0;
    for (const dxp_code_info *c = dxp_codes; c->code; c++, n++)
        if (n > 0) assert_true(strcmp(c[-1].code, c->code) < 0);
    assert_true(n > 50);
}

static void test_every_code_found(void **state)
{
    (void)state;
    for (const dxp_code_info *c = dxp_codes; c->code; c++) assert_ptr_equal(dxp_code_find(c->code), c);
    assert_null(dxp_code_find("DXP000"));
    assert_null(dxp_code_find("DXP999"));
    assert_null(dxp_code_find("DXP50"));
    assert_null(dxp_code_find(""));
    assert_string_equal(dxp_code_find("DXP501")->name, "pending-target");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue_in_order),
        cmocka_unit_test(test_every_code_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
