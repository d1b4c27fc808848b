/* Unit tests for resolve.c (and the loading of imports in program.c): names,
 * references, property folding, parts, actuals and revisions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "helpers.h"

#include "dxp/threads.h"

#define STD "import \"std\"\n"

static void test_model_of_a_small_plan(void **state)
{
    (void)state;
    loaded *l = load_plan(STD
        "plan p \"計画\" { period R3..R6 stage final }\n"
        "goal citizen \"県民\"\n"
        "measure 企2 \"オープンデータ\" { goal citizen owner \"企画部\" \"課\" since H27 }\n"
        "kpi opendata \"公開数\" { measure 企2 unit データセット baseline 128 at R2.12 "
        "  target { R3: 135  R4..R6: 150 } }\n"
        "kpi telework \"テレワーク\" { measure 企2 direction down\n"
        "  part mobile \"モバイル\" { unit 人/年 target { R6: 300 } } }\n"
        "actuals R6 { opendata: 347  telework.mobile: 301  note opendata \"【未達成】\"  "
        "budget citizen: 1,828,557 千円 }\n");
    assert_int_equal(l->diags.count, 0);
    dxp_program *p = l->p;
    assert_true(p->plan.final);
    assert_int_equal(p->plan.first.fy, 2021);
    assert_int_equal(p->plan.last.fy, 2024);
    assert_non_null(p->plan.rules);              /* standard, by default */
    assert_int_equal(p->ngoals, 1);
    assert_int_equal(p->goals[0]->nmeasures, 1);
    dxp_measure *m = p->measures[0];
    assert_ptr_equal(m->goal, p->goals[0]);
    assert_int_equal(m->nkpis, 2);
    assert_int_equal(m->since.fy, 2015);
    dxp_series *od = dxp_symtab_get(&p->series_names, dxp_str_from("opendata"));
    assert_non_null(od);
    assert_int_equal(od->targets.count, 4);      /* R4..R6 expanded */
    assert_true(dxp_table_find(&od->targets, 2024)->value->number == 150);
    assert_int_equal(od->actuals.count, 1);
    assert_true(od->actuals.items[0].from_actuals);
    assert_int_equal(od->nnotes, 1);
    dxp_series *mobile = dxp_symtab_get(&p->series_names, dxp_str_from("telework.mobile"));
    assert_non_null(mobile);
    assert_ptr_equal(dxp_series_parts(dxp_series_parent(mobile))[0], mobile);
    assert_int_equal(mobile->direction, DXP_DIR_DOWN);   /* inherited from the KPI */
    assert_int_equal(p->goals[0]->budget.count, 1);
    unload(l);
}

/* An actuals block's value or note is a KPI's own when it is its only one
 * (no copy); a KPI given more has an array of its own, in year order, and
 * the block's entries stay as they were. */
static void test_actuals_are_shared(void **state)
{
    (void)state;
    loaded *l = load_plan(STD
        "kpi a \"A\" { unit 件 target { R6: 10 } }\n"
        "kpi b \"B\" { unit 件 target { R6: 10 } }\n"
        "actuals R6 { a: 7  note a \"【未達成】\"  b: 12 }\n"
        "actuals R5 { b: 9  note b \"前年\"  note b \"再掲\" }\n");
    assert_int_equal(l->diags.count, 0);
    dxp_program *p = l->p;
    const dxp_decl *r6 = NULL, *r5 = NULL;
    for (const dxp_decl *d = p->files[p->nfiles - 1]->decls; d; d = d->next)
        if (d->kind == DXP_DECL_ACTUALS) *(d->year.fy == 2024 ? &r6 : &r5) = d;
    dxp_series *a = dxp_symtab_get(&p->series_names, dxp_str_from("a"));
    dxp_series *b = dxp_symtab_get(&p->series_names, dxp_str_from("b"));
    assert_ptr_equal(a->actuals.items, &r6->actuals->values[0]);
    assert_ptr_equal(a->notes, &r6->actuals->notes[0]);
    assert_int_equal(a->nnotes, 1);
    assert_true(dxp_str_eq(dxp_year_note_text(a->notes), "【未達成】"));
    /* b: R6 from the first block, R5 from the second, in year order */
    assert_int_equal(b->actuals.count, 2);
    assert_true(b->actuals.items != &r6->actuals->values[1] && b->actuals.items != &r5->actuals->values[0]);
    assert_int_equal(b->actuals.items[0].year.fy, 2023);
    assert_true(b->actuals.items[0].value->number == 9 && b->actuals.items[1].value->number == 12);
    assert_int_equal(r6->actuals->values[1].year.fy, 2024);   /* the block's own entries are untouched */
    assert_true(r6->actuals->values[1].value->number == 12);
    assert_int_equal(b->nnotes, 2);
    assert_ptr_not_equal(b->notes, &r5->actuals->notes[0]);
    assert_true(dxp_str_eq(dxp_year_note_text(&b->notes[1]), "再掲"));
    unload(l);
}

static void test_duplicates_and_unknown_names(void **state)
{
    (void)state;
    assert_codes(STD "goal g \"a\"\ngoal g \"b\"\n", "DXP302");
    assert_codes(STD "kpi k { unit 件 }\ndata k { unit 件 }\n", "DXP302");
    assert_codes(STD "measure m { goal nowhere }\n", "DXP303");
    assert_codes(STD "goal g\nkpi k { measure g unit 件 }\n", "DXP305");
    assert_codes(STD "plan p { rules nosuch }\n", "DXP303");
    assert_codes(STD "actuals R6 { nosuch: 1 }\n", "DXP303");
    assert_codes(STD "kpi t { part a { unit 件 } }\nactuals R6 { t: 1 }\n", "DXP305");
    assert_codes(STD "actuals R6 { budget nosuch: 1 千円 }\n", "DXP303");
}

static void test_properties_in_the_wrong_place(void **state)
{
    (void)state;
    assert_codes(STD "kpi k { unit 件 owner \"部\" }\n", "DXP307");
    assert_codes(STD "goal g { period R3..R6 }\n", "DXP307");
    assert_codes(STD "kpi k { unit 件 unit 人 }\n", "DXP306");
    assert_codes(STD "kpi k { unit 件 direction sideways }\n", "DXP308");
    assert_codes(STD "plan p { stage done }\n", "DXP308");
    assert_codes(STD "plan p { fiscal_year_start 13 }\n", "DXP308");
}

static void test_revisions(void **state)
{
    (void)state;
    loaded *l = load_plan(STD
        "measure m \"施策\" { owner \"旧部\" }\n"
        "kpi k \"指標\" { measure m unit 件 target { R6: 10 } }\n"
        "revise R5 \"見直し\" {\n"
        "  k: target { R6: 20 }  part extra \"追加\" { unit % target { R6: 80 } }\n"
        "  m: owner \"新部\"\n"
        "}\n"
        "actuals R6 { k.extra: 85% }\n");
    assert_int_equal(l->diags.count, 0);
    dxp_series *k = dxp_symtab_get(&l->p->series_names, dxp_str_from("k"));
    assert_non_null(dxp_series_revisions(k));
    assert_int_equal(k->nparts, 1);
    assert_non_null(dxp_series_introduced(dxp_series_parts(k)[0]));
    assert_int_equal(dxp_series_parts(k)[0]->actuals.count, 1);
    assert_non_null(l->p->measures[0]->revisions);
    unload(l);
    assert_codes(STD "measure m\nrevise R5 { m: target { R6: 1 } }\n", "DXP307");
    assert_codes(STD "revise R5 { nosuch: target { R6: 1 } }\n", "DXP303");
    assert_codes(STD "revise R5 { target { R6: 1 } }\n", "DXP204");
}

static void test_imports(void **state)
{
    (void)state;
    assert_codes("import \"nosuch.dxp\"\n", "DXP301");
    assert_codes("kpi k { unit 件 }\n", "DXP401");   /* no std: no units */
    /* std is read once however often it is imported */
    assert_codes(STD STD "kpi k { unit 件 }\n", "");
}

/* A plan of n KPIs (every tenth with two parts) and one actuals block of a
 * value and a note for each, with mistakes spread over it, and a KPI given
 * its value and a note again at the end: in the second half of the block. */
static char *large_actuals_plan(size_t n)
{
    size_t cap = n * 260 + 4096, len = 0;
    char *text = dxp_xmalloc(cap);
    len += (size_t)snprintf(text + len, cap - len, STD "plan p { period R3..R6 }\ngoal g\n"
                            "measure m { goal g }\n");
    for (size_t i = 0; i < n; i++) {
        if (i % 10 == 9)
            len += (size_t)snprintf(text + len, cap - len, "kpi k%zu { measure m part a { unit 件 } "
                                    "part b { unit 件 } }\n", i);
        else
            len += (size_t)snprintf(text + len, cap - len, "kpi k%zu { measure m unit 件 }\n", i);
    }
    len += (size_t)snprintf(text + len, cap - len, "actuals R6 {\n");
    for (size_t i = 0; i < n; i++) {
        if (i % 10 == 9)
            len += (size_t)snprintf(text + len, cap - len, "  k%zu.a: %zu\n  k%zu: 1\n", i, i, i);
        else
            len += (size_t)snprintf(text + len, cap - len, "  k%zu: %zu\n  note k%zu \"実績%zu\"\n", i, i, i, i);
        if (i % 997 == 0) len += (size_t)snprintf(text + len, cap - len, "  nosuch%zu: 1\n", i);
        if (i % 1499 == 0) len += (size_t)snprintf(text + len, cap - len, "  budget m: %zu 千円\n", i);
    }
    len += (size_t)snprintf(text + len, cap - len, "  k0: 99\n  note k0 \"再掲\"\n}\n");
    return text;
}

/* Loads text on one thread and on two (its halves at once, where it is
 * large enough), then frees it. */
static void load_on_one_and_two_threads(char *text, loaded **one, loaded **two)
{
    setenv("DXP_THREADS", "1", 1);
    *one = load_plan(text);
    setenv("DXP_THREADS", "2", 1);
    *two = load_plan(text);
    unsetenv("DXP_THREADS");
    free(text);
}

/* The same diagnostics, in the same order (and more than a few). */
static void assert_same_diagnostics(const loaded *one, const loaded *two)
{
    assert_true(one->diags.count > 10);
    assert_int_equal(one->diags.count, two->diags.count);
    for (size_t i = 0; i < one->diags.count; i++) {
        const dxp_diag *a = &one->diags.items[i], *b = &two->diags.items[i];
        assert_string_equal(a->code, b->code);
        assert_int_equal(a->span.start, b->span.start);
        assert_string_equal(a->message, b->message);
    }
}

/* Resolving a large actuals block in two halves (another thread looks up
 * the second) attaches the same values and notes, in the same order, and
 * reports the same diagnostics in the same order, as one thread. */
static void test_large_actuals_block_in_halves(void **state)
{
    (void)state;
    size_t n = DXP_THREADS_MIN_KPIS + 1001;
    loaded *one, *two;
    load_on_one_and_two_threads(large_actuals_plan(n), &one, &two);
    assert_same_diagnostics(one, two);
    dxp_program *p = one->p, *q = two->p;
    assert_int_equal(p->nseries, q->nseries);
    for (size_t i = 0; i < p->nseries; i++) {
        const dxp_series *s = p->series[i], *t = q->series[i];
        assert_int_equal(s->actuals.count, t->actuals.count);
        for (uint32_t k = 0; k < s->actuals.count; k++) {
            assert_int_equal(s->actuals.items[k].loc.start, t->actuals.items[k].loc.start);
            assert_true(s->actuals.items[k].value->number == t->actuals.items[k].value->number);
        }
        assert_int_equal(s->nnotes, t->nnotes);
        for (uint32_t k = 0; k < s->nnotes; k++) assert_int_equal(s->notes[k].loc.start, t->notes[k].loc.start);
    }
    /* k0: its value and note at the start, then again at the end */
    dxp_series *k0 = dxp_symtab_get(&q->series_names, dxp_str_from("k0"));
    assert_int_equal(k0->actuals.count, 2);
    assert_true(k0->actuals.items[0].value->number == 0 && k0->actuals.items[1].value->number == 99);
    assert_int_equal(k0->nnotes, 2);
    assert_true(dxp_str_eq(dxp_year_note_text(&k0->notes[1]), "再掲"));
    assert_int_equal(q->measures[0]->budget.count, (n - 1) / 1499 + 1);
    unload(one);
    unload(two);
}

/* A plan of over a megabyte (parsed in two halves), whose KPIs, parts and
 * data include names declared twice: in the first half, in the second, and
 * across the two. */
static char *plan_with_duplicates(size_t n)
{
    size_t cap = n * 160 + 4096, len = 0;
    char *text = dxp_xmalloc(cap);
    len += (size_t)snprintf(text + len, cap - len, STD "goal g\nmeasure m { goal g }\n"
                            "kpi k%zu \"先に\" { measure m unit 件 }\n", n - 1);
    for (size_t i = 0; i < n; i++) {
        if (i % 10 == 9)
            len += (size_t)snprintf(text + len, cap - len, "kpi k%zu \"指標%zu\" { measure m part a { unit 件 } "
                                    "part b { unit 件 } }\n", i, i);
        else
            len += (size_t)snprintf(text + len, cap - len, "kpi k%zu \"指標%zu\" { measure m unit 件 }\n", i, i);
        if (i % 1999 == 7) len += (size_t)snprintf(text + len, cap - len, "data k%zu { unit 件 }\n", i / 2);
        if (i % 2999 == 11) len += (size_t)snprintf(text + len, cap - len, "kpi k%zu { measure m part a { unit 件 } }\n", i);
    }
    return text;
}

/* A file of over a megabyte is parsed in two halves on two threads: the
 * series registered, their order and numbers, and the duplicates reported
 * (across the halves too) are those of one thread. */
static void test_large_plan_with_duplicates(void **state)
{
    (void)state;
    char *text = plan_with_duplicates(30000);
    assert_true(strlen(text) > DXP_THREADS_MIN_BYTES);
    loaded *one, *two;
    load_on_one_and_two_threads(text, &one, &two);
    assert_same_diagnostics(one, two);
    dxp_program *p = one->p, *q = two->p;
    assert_int_equal(p->nseries, q->nseries);
    for (size_t i = 0; i < p->nseries; i++) {
        const dxp_series *s = p->series[i], *t = q->series[i];
        assert_int_equal(s->kind, t->kind);
        assert_int_equal(s->decl->loc.start, t->decl->loc.start);
        assert_int_equal(t->index, i);
        assert_int_equal(s->nparts, t->nparts);
        assert_ptr_equal(dxp_symtab_get(&q->series_names, dxp_series_id(t)), t);
    }
    /* the first of a name declared twice is the one kept */
    dxp_series *last = dxp_symtab_get(&q->series_names, dxp_str_from("k29999"));
    assert_true(dxp_str_eq(dxp_decl_title(last->decl), "先に"));
    unload(one);
    unload(two);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_of_a_small_plan),
        cmocka_unit_test(test_actuals_are_shared),
        cmocka_unit_test(test_duplicates_and_unknown_names),
        cmocka_unit_test(test_properties_in_the_wrong_place),
        cmocka_unit_test(test_revisions),
        cmocka_unit_test(test_imports),
        cmocka_unit_test(test_large_actuals_block_in_halves),
        cmocka_unit_test(test_large_plan_with_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
