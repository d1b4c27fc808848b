/* Unit tests for arena.c and the small helpers of ast.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dxp/ast.h"
#include "dxp/literal.h"

static void test_arena_allocations(void **state)
{
    (void)state;
    dxp_arena a;
    dxp_arena_init(&a);
    char *first = dxp_arena_alloc(&a, 3);
    assert_int_equal((uintptr_t)first % 8, 0);
    for (int i = 0; i < 3; i++) assert_int_equal(first[i], 0);       /* zero-filled */
    /* Many allocations, some larger than a chunk, all usable and aligned. */
    for (int i = 0; i < 10000; i++) {
        size_t n = (size_t)(i % 7 == 0 ? 100000 : 24);
        unsigned char *p = dxp_arena_alloc(&a, n);
        assert_int_equal((uintptr_t)p % 8, 0);
        memset(p, 0xAB, n);
    }
    char *s = dxp_arena_strndup(&a, "企画部デジタル", strlen("企画部"));
    assert_string_equal(s, "企画部");
    assert_string_equal(dxp_arena_sprintf(&a, "%s%d", "R", 6), "R6");
    assert_true(a.total > 100000);
    dxp_arena_free(&a);
    assert_null(a.head);
}

/* Everything allocated in either arena stays usable after one adopts the
 * other, and allocation goes on in the adopting arena's chunk. */
static void test_arena_adopt(void **state)
{
    (void)state;
    dxp_arena into, from, empty;
    dxp_arena_init(&into);
    dxp_arena_init(&from);
    dxp_arena_init(&empty);
    char *a = dxp_arena_strndup(&into, "宮城", strlen("宮城"));
    char *b = NULL;
    for (int i = 0; i < 100; i++) b = dxp_arena_strndup(&from, "計画", strlen("計画"));
    for (int i = 0; i < 40; i++) dxp_arena_alloc(&from, 100000);                       /* several chunks */
    size_t total = into.total + from.total;
    dxp_arena_adopt(&into, &from);
    dxp_arena_adopt(&into, &empty);                      /* nothing to take */
    assert_null(from.head);
    assert_int_equal(from.total, 0);
    assert_int_equal(into.total, total);
    char *c = dxp_arena_strndup(&into, "県", strlen("県"));
    assert_string_equal(a, "宮城");
    assert_string_equal(b, "計画");
    assert_string_equal(c, "県");
    dxp_arena_adopt(&empty, &into);                      /* into an empty arena */
    assert_null(into.head);
    assert_int_equal(empty.total, total + 8);           /* 県 and its NUL, rounded up to 8 */
    dxp_arena_free(&empty);
}

/* Big buffers come zeroed and aligned, below and from 1 MiB (their own mapping). */
static void test_big_alloc(void **state)
{
    (void)state;
    static const size_t sizes[] = { 1, 4096, (1u << 20) - 1, 1u << 20, (5u << 20) + 3 };
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        unsigned char *p = dxp_big_alloc(sizes[i]);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 8, 0);
        assert_int_equal(p[0], 0);
        assert_int_equal(p[sizes[i] / 2], 0);
        assert_int_equal(p[sizes[i] - 1], 0);
        memset(p, 0x5A, sizes[i]);
        dxp_big_free(p, sizes[i]);
    }
    dxp_big_free(NULL, 123);
}

/* A big buffer grown keeps its bytes and is zero past them, whether it stays
 * below 1 MiB, crosses it or is remapped above it; a smaller size keeps it. */
static void test_big_grow(void **state)
{
    (void)state;
    static const size_t steps[] = { 100, 4096, (1u << 20) - 1, (2u << 20) - 1, 3u << 20, 9u << 20 };
    size_t size = 10;
    unsigned char *p = dxp_big_alloc(size);
    memset(p, 0x5A, size);
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        p = dxp_big_grow(p, size, steps[i]);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 8, 0);
        for (size_t k = 0; k < size; k += 997) assert_int_equal(p[k], 0x5A);
        assert_int_equal(p[size - 1], 0x5A);
        for (size_t k = size; k < steps[i]; k += 1009) assert_int_equal(p[k], 0);
        assert_int_equal(p[steps[i] - 1], 0);
        memset(p + size, 0x5A, steps[i] - size);
        size = steps[i];
    }
    assert_ptr_equal(dxp_big_grow(p, size, size - 1), p);
    dxp_big_free(p, size);
}

/* Allocations that fill a chunk to its last byte, then one more: each gets
 * memory of its own, those of the first chunk side by side, and one of no
 * bytes is still a pointer of its own. A chunk adopted by an empty arena is
 * filled on from where it was. */
static void test_arena_chunk_ends(void **state)
{
    (void)state;
    dxp_arena a;
    dxp_arena_init(&a);
    unsigned char *first = dxp_arena_alloc(&a, 8);
    unsigned char *at = first + 8, *p = NULL;
    size_t total = 8;
    for (;;) {   /* 8-byte nodes until one lands elsewhere: a new chunk */
        p = dxp_arena_alloc(&a, 8);
        total += 8;
        if (p != at) break;
        at += 8;
    }
    assert_true(at - first >= 60 * 1024);        /* the first chunk was filled, not left early */
    assert_int_equal(p[0], 0);
    memset(first, 0xCD, (size_t)(at - first));   /* every byte of the first chunk is usable */
    assert_int_equal(p[0], 0);                   /* and none of it is the new chunk's */
    unsigned char *none = dxp_arena_alloc(&a, 0), *after = dxp_arena_alloc(&a, 0);
    assert_non_null(none);
    assert_ptr_not_equal(none, after);
    assert_int_equal(a.total, total + 16);
    dxp_arena empty;
    dxp_arena_init(&empty);
    dxp_arena_adopt(&empty, &a);
    assert_null(a.head);
    assert_ptr_equal(dxp_arena_alloc(&empty, 8), after + 8);
    assert_int_equal(empty.total, total + 24);
    dxp_arena_free(&empty);
}

/* An arena adopted behind another's chunk keeps what it handed out, and
 * the unused end of its last chunk, a mapping of its own whose pages were
 * put in when it was made, is no longer in memory: it would count in the
 * peak, and nothing is allocated there again. */
static void test_arena_adopt_releases_unused_end(void **state)
{
    (void)state;
    dxp_arena a, into;
    dxp_arena_init(&a);
    dxp_arena_init(&into);
    unsigned char *last = NULL;
    for (int i = 0; i < 650; i++) {   /* 2.6 MB: chunks of 64 KiB up to 1 MiB, the last one part full */
        last = dxp_arena_alloc(&a, 4096);
        memset(last, 0xAB, 4096);
    }
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t start = ((uintptr_t)a.next + page - 1) & ~(page - 1), end = (uintptr_t)a.end & ~(page - 1);
    assert_true(end - start >= 16 * page);
    size_t pages = (end - start) / page;
    unsigned char *resident = dxp_xmalloc(pages);
    assert_int_equal(mincore((void *)start, end - start, resident), 0);
    assert_true(resident[0] & 1);   /* put in when the chunk was made */

    unsigned char *own = dxp_arena_alloc(&into, 8);
    dxp_arena_adopt(&into, &a);
    assert_null(a.head);
    assert_int_equal(mincore((void *)start, end - start, resident), 0);
    for (size_t i = 0; i < pages; i++) assert_false(resident[i] & 1);
    for (int i = 0; i < 4096; i++) assert_int_equal(last[i], 0xAB);   /* what was handed out stays */
    unsigned char *next = dxp_arena_alloc(&into, 8);
    assert_ptr_equal(next, own + 8);   /* into goes on in its own chunk */
    free(resident);
    dxp_arena_free(&into);
}

/* The last allocation grows in place while its chunk has room; one that is
 * not the last, or a chunk without room, is left as it is. */
static void test_arena_extend(void **state)
{
    (void)state;
    dxp_arena a;
    dxp_arena_init(&a);
    unsigned char *first = dxp_arena_alloc(&a, 24);
    size_t total = a.total;
    assert_true(dxp_arena_extend(&a, first, 24, 20));    /* rounded to 24 */
    assert_int_equal(a.total, total + 24);
    for (int i = 24; i < 48; i++) assert_int_equal(first[i], 0);
    assert_ptr_equal(dxp_arena_alloc(&a, 8), first + 48);
    assert_false(dxp_arena_extend(&a, first, 48, 8));     /* no longer the last */
    unsigned char *last = dxp_arena_alloc(&a, 8);
    size_t room = (size_t)(a.end - a.next);
    assert_false(dxp_arena_extend(&a, last, 8, room + 8)); /* past the chunk's end */
    assert_true(dxp_arena_extend(&a, last, 8, room));      /* to its last byte */
    assert_ptr_equal(a.next, a.end);
    dxp_arena_free(&a);
}

/* An array pushed onto in an arena keeps every item in order as it grows. */
static void test_arena_push(void **state)
{
    (void)state;
    dxp_arena a;
    dxp_arena_init(&a);
    long long *items = NULL;   /* eight bytes: the arena's alignment adds nothing */
    uint32_t n = 0;
    for (int i = 0; i < 37; i++) {
        DXP_ARENA_PUSH(&a, items, n, i * 3);
        assert_int_equal(n, (uint32_t)i + 1);
    }
    for (int i = 0; i < 37; i++) assert_int_equal(items[i], i * 3);
    /* 1 + 2 + 4 + … + 64 items: what the array outgrew stays in the arena */
    assert_int_equal(a.total, 127 * sizeof *items);
    dxp_arena_free(&a);
}

/* A growing array keeps its elements in order, zeroed when pushed, through
 * copies (small) and remappings (past 1 MiB); kept, it is the arena's: the
 * same memory, freed with it, and an arena without a chunk goes on filling
 * what is left of it. */
static void test_growing_array(void **state)
{
    (void)state;
    for (int empty_arena = 0; empty_arena < 2; empty_arena++) {
        dxp_arena a;
        dxp_arena_init(&a);
        unsigned char *before = empty_arena ? NULL : dxp_arena_alloc(&a, 16);
        dxp_growing g = { 0 };
        enum { N = 100000 };   /* 2.4 MB */
        for (int i = 0; i < N; i++) {
            long long *e = dxp_growing_push(&g, 3 * sizeof *e);
            assert_true(e[0] == 0 && e[1] == 0 && e[2] == 0);
            e[0] = i;
            e[2] = -i;
        }
        assert_int_equal(g.used, (size_t)N * 24);
        long long *all = dxp_growing_keep(&g, &a);
        assert_null(g.chunk);
        assert_int_equal(g.used, 0);
        for (int i = 0; i < N; i++) assert_true(all[3 * i] == i && all[3 * i + 2] == -i);
        assert_int_equal(a.total, (size_t)N * 24 + (empty_arena ? 0 : 16));
        unsigned char *after = dxp_arena_alloc(&a, 8);
        if (empty_arena) assert_ptr_equal(after, (unsigned char *)(all + 3 * N));   /* the rest of it */
        else assert_ptr_equal(after, before + 16);   /* the arena's own chunk, as with adopting */
        dxp_arena_free(&a);
    }
    dxp_arena a;
    dxp_arena_init(&a);
    dxp_growing g = { 0 };
    assert_null(dxp_growing_keep(&g, &a));   /* nothing pushed: nothing kept */
    assert_null(a.head);
    *(int *)dxp_growing_push(&g, sizeof(int)) = 7;
    dxp_growing_free(&g);                    /* dropped, for a block that did not close */
    assert_null(g.chunk);
    dxp_arena_free(&a);
}

static void test_year_format(void **state)
{
    (void)state;
    char buf[32];
    dxp_year y;
    assert_int_equal(dxp_literal_year("R6", 2, &y), DXP_LIT_OK);
    assert_string_equal(dxp_year_format(y, buf, sizeof buf), "R6");
    assert_int_equal(dxp_literal_year("令和元年度", strlen("令和元年度"), &y), DXP_LIT_OK);
    assert_string_equal(dxp_year_format(y, buf, sizeof buf), "令和元年度");
    assert_int_equal(dxp_literal_year("平成25年度", strlen("平成25年度"), &y), DXP_LIT_OK);
    assert_string_equal(dxp_year_format(y, buf, sizeof buf), "平成25年度");
    assert_int_equal(dxp_literal_year("FY2024", 6, &y), DXP_LIT_OK);
    assert_string_equal(dxp_year_format(y, buf, sizeof buf), "FY2024");
    assert_int_equal(dxp_literal_year("2024年度", strlen("2024年度"), &y), DXP_LIT_OK);
    assert_string_equal(dxp_year_format(y, buf, sizeof buf), "2024年度");
    assert_int_equal(dxp_literal_year("H10", 3, &y), DXP_LIT_OK);
    assert_string_equal(dxp_year_format(y, buf, sizeof buf), "H10");
    assert_int_equal(dxp_literal_year("S64", 3, &y), DXP_LIT_OK);
    assert_string_equal(dxp_year_format(y, buf, sizeof buf), "S64");
    /* a short buffer is filled as far as it goes and stays terminated */
    assert_int_equal(dxp_literal_year("FY2024", 6, &y), DXP_LIT_OK);
    assert_string_equal(dxp_year_format(y, buf, 5), "FY20");
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(dxp_state_japanese(DXP_STATE_PENDING), "調整中");
    assert_string_equal(dxp_state_keyword(DXP_STATE_UNMEASURED), "unmeasured");
    assert_string_equal(dxp_op_text(DXP_OP_GE), ">=");
    assert_string_equal(dxp_decl_kind_name(DXP_DECL_KPI), "kpi");
    assert_true(dxp_str_eq(dxp_str_from("企2"), "企2"));
    assert_false(dxp_str_same(dxp_str_from("企2"), dxp_str_from("企20")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_allocations),
        cmocka_unit_test(test_arena_adopt),
        cmocka_unit_test(test_big_alloc),
        cmocka_unit_test(test_big_grow),
        cmocka_unit_test(test_arena_chunk_ends),
        cmocka_unit_test(test_arena_adopt_releases_unused_end),
        cmocka_unit_test(test_arena_extend),
        cmocka_unit_test(test_arena_push),
        cmocka_unit_test(test_growing_array),
        cmocka_unit_test(test_year_format),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
