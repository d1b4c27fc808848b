/* Unit tests for folding a kpi, part or data block into its series as it is
 * parsed (src/fold.c), and for the reuse of property nodes that it allows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>

#include "dxp/fold.h"
#include "helpers.h"


/* Whether the text at loc is `want`. */
static bool text_is(const parsed *p, dxp_loc loc, const char *want)
{
    return loc.end - loc.start == strlen(want) && memcmp(p->text + loc.start, want, strlen(want)) == 0;
}

/* A block's mistakes are kept for resolving to report: parsing reports
 * nothing (dxp fmt formats such a file), and folds what is right. */
static void test_misfits_are_kept_not_reported(void **state)
{
    (void)state;
    parsed *p = parse_text("kpi k {\n"
                      "  unit 件\n"
                      "  goal g\n"
                      "  unit 人\n"
                      "  direction sideways\n"
                      "  baseline 3\n"
                      "}\n"
                      "data d { budget { R5: 1 } unit 件 }\n");
    assert_int_equal(p->diags.count, 0);
    const dxp_series *s = p->file->decls->series;
    assert_true(s->has_unit_ref);
    assert_true(text_is(p, s->unit_loc, "件"));   /* the first unit is the one folded */
    assert_true(s->direction_given);
    assert_int_equal(s->direction, DXP_DIR_UP);
    assert_true(s->baseline->value->number == 3);
    const dxp_misfit *m = dxp_series_misfits(s);
    assert_int_equal(m->kind, DXP_MISFIT_MISPLACED);
    assert_int_equal(m->prop, DXP_PROP_GOAL);
    assert_true(text_is(p, m->loc, "goal g"));
    m = m->next;
    assert_int_equal(m->kind, DXP_MISFIT_REPEATED);
    assert_int_equal(m->prop, DXP_PROP_UNIT);
    assert_true(text_is(p, m->loc, "unit 人"));
    assert_true(text_is(p, m->other, "unit 件"));
    m = m->next;
    assert_int_equal(m->kind, DXP_MISFIT_BAD_DIRECTION);
    assert_true(text_is(p, m->other, "sideways"));
    assert_null(m->next);

    const dxp_series *d = p->file->decls->next->series;
    assert_int_equal(d->kind, DXP_SERIES_DATA);
    assert_int_equal(dxp_series_misfits(d)->kind, DXP_MISFIT_MISPLACED);
    assert_int_equal(dxp_series_misfits(d)->prop, DXP_PROP_BUDGET);
    assert_true(d->has_unit_ref);
    free_parsed(p);
}

/* A KPI's parts are series of their own, among its parts in order, each
 * with its own block; a measure in a part does not belong there. */
static void test_parts(void **state)
{
    (void)state;
    parsed *p = parse_text("kpi card 「マイナンバーカード」 {\n"
                      "  measure 施策9\n"
                      "  direction down\n"
                      "  part a 「人数」 { unit 人  baseline 3,320 at R2年度  target { R3: 3,348 } }\n"
                      "  part b 「割合」 { unit %  direction keep  measure x  target { R3: 24% } }\n"
                      "}\n");
    assert_int_equal(p->diags.count, 0);
    const dxp_decl *d = p->file->decls;
    assert_int_equal(d->series->nparts, 2);
    assert_int_equal(p->file->nseries, 3);
    const dxp_series *kpi = d->series;
    assert_int_equal(kpi->nparts, 2);
    const dxp_series *a = dxp_series_parts(kpi)[0], *b = dxp_series_parts(kpi)[1];
    assert_int_equal(a->kind, DXP_SERIES_PART);
    assert_ptr_equal(dxp_series_parent(a), kpi);
    assert_ptr_equal(dxp_series_parent(b), kpi);
    assert_true(dxp_str_eq(dxp_decl_id(a->decl), "a"));
    assert_true(dxp_str_eq(dxp_decl_title(a->decl), "人数"));
    assert_false(a->direction_given);   /* resolving gives it the KPI's */
    assert_true(a->baseline->value->number == 3320);
    assert_true(b->direction_given);
    assert_int_equal(b->direction, DXP_DIR_KEEP);
    assert_false(dxp_series_names_measure(b));
    assert_int_equal(dxp_series_misfits(b)->kind, DXP_MISFIT_MISPLACED);
    assert_int_equal(dxp_series_misfits(b)->prop, DXP_PROP_MEASURE);
    assert_true(dxp_str_eq(dxp_series_measure_name(kpi), "施策9"));
    /* parts are kept apart (with a formula, a label, revisions, mistakes) */
    assert_non_null(kpi->rare);
    assert_null(dxp_series_formula(kpi));
    assert_null(dxp_series_parent(kpi));
    free_parsed(p);
    p = parse_text("kpi plain 「指標」 { measure 施策9  unit 件  target { R6: 1 } }\n");
    assert_null(p->file->decls->series->rare);   /* none of it: nothing apart */
    assert_null(dxp_series_parts(p->file->decls->series));
    free_parsed(p);
}

/* Targets written in year order are the table as parsed; others are sorted,
 * those of one year kept in the order written. */
static void test_tables(void **state)
{
    (void)state;
    parsed *p = parse_text("kpi k { target { R6: 4  R3: 1  R5..R6: 3 } actual { R3: 1  R4: 2 } }\n");
    assert_int_equal(p->diags.count, 0);
    const dxp_series *s = p->file->decls->series;
    const dxp_table *t = &s->targets;
    assert_int_equal(t->count, 4);
    const int16_t years[] = { 2021, 2023, 2024, 2024 };
    const double numbers[] = { 1, 3, 4, 3 };
    for (int i = 0; i < 4; i++) {
        assert_int_equal(t->items[i].year.fy, years[i]);
        assert_true(t->items[i].value->number == numbers[i]);
    }
    assert_int_equal(s->actuals.count, 2);
    assert_int_equal(s->actuals.cap, 2);
    free_parsed(p);
}

/* Property nodes are used again after each declaration: what a goal, a
 * measure or a plan keeps is a copy, intact after thousands of KPIs, and a
 * block longer than a node block of the pool keeps all of its properties. */
static void test_kept_properties_survive_reuse(void **state)
{
    (void)state;
    size_t cap = 1 << 20, len = 0;
    char *text = dxp_xmalloc(cap);
    len += (size_t)snprintf(text + len, cap - len, "plan p {\n");
    for (int i = 0; i < 150; i++) len += (size_t)snprintf(text + len, cap - len, "  note \"n%d\"\n", i);
    len += (size_t)snprintf(text + len, cap - len, "}\ngoal g 「目標」 { label \"くらし\"  note \"目標の注\" }\n");
    for (int i = 0; i < 2000; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "kpi k%d { measure m  unit 件  baseline %d  target { R6: %d }  label \"L%d\" }\n",
                                i, i, i + 1, i);
    len += (size_t)snprintf(text + len, cap - len, "measure m { goal g  owner \"情報政策課\"  since H27 }\n");
    parsed *p = parse_text(text);
    assert_int_equal(p->diags.count, 0);
    const dxp_decl *plan = p->file->decls;
    int notes = 0;
    for (const dxp_prop *pr = plan->props; pr; pr = pr->next, notes++) {
        char want[16];
        snprintf(want, sizeof want, "n%d", notes);
        assert_int_equal(pr->kind, DXP_PROP_NOTE);
        assert_true(dxp_str_eq(pr->str, want));
    }
    assert_int_equal(notes, 150);
    const dxp_decl *goal = plan->next;
    assert_true(dxp_str_eq(goal->props->str, "くらし"));
    assert_true(dxp_str_eq(goal->props->next->str, "目標の注"));
    assert_null(goal->props->next->next);
    const dxp_decl *d = goal->next;
    for (int i = 0; i < 2000; i++, d = d->next) {
        char want[16];
        snprintf(want, sizeof want, "L%d", i);
        assert_true(dxp_str_eq(dxp_series_label(d->series), want));
        assert_true(d->series->baseline->value->number == i);
        assert_true(d->series->targets.items[0].value->number == i + 1);
    }
    assert_int_equal(d->kind, DXP_DECL_MEASURE);
    assert_int_equal(d->props->kind, DXP_PROP_GOAL);
    assert_true(dxp_str_eq(d->props->next->strings->str, "情報政策課"));
    assert_int_equal(d->props->next->next->year.fy, 2015);
    free_parsed(p);
    free(text);
}

/* A revision keeps its properties, its part folded like any other. */
static void test_revision_keeps_its_properties(void **state)
{
    (void)state;
    parsed *p = parse_text("revise R5 「中間見直し」 {\n"
                      "  k: target { R6: 10 }  baseline 2 at R4\n"
                      "     part c 「新しい内訳」 { unit 件 }\n"
                      "}\n"
                      "kpi k { unit 件 }\n");
    assert_int_equal(p->diags.count, 0);
    const dxp_item *it = p->file->decls->items;
    const dxp_prop *pr = it->props;
    assert_int_equal(pr->kind, DXP_PROP_TARGET);
    assert_int_equal(pr->nentries, 1);
    pr = pr->next;
    assert_int_equal(pr->kind, DXP_PROP_BASELINE);
    dxp_baseline b = dxp_prop_baseline(pr);
    assert_true(b.value->number == 2);
    assert_true(dxp_baseline_has_point(&b));
    assert_int_equal(b.point.year, 2023);   /* the end of fiscal R4: March 2023 */
    assert_true(text_is(p, b.point_loc, "R4"));
    pr = pr->next;
    assert_int_equal(pr->kind, DXP_PROP_PART);
    assert_true(pr->part->series->has_unit_ref);
    assert_null(pr->next);
    free_parsed(p);
}

static void test_property_tables(void **state)
{
    (void)state;
    assert_string_equal(dxp_prop_keyword(DXP_PROP_FISCAL_START), "fiscal_year_start");
    assert_string_equal(dxp_prop_keyword(DXP_PROP_PART), "part");
    assert_true(dxp_props_allowed(DXP_DECL_KPI) & DXP_PROP_BIT(DXP_PROP_PART));
    assert_false(dxp_props_allowed(DXP_DECL_PART) & DXP_PROP_BIT(DXP_PROP_PART));
    assert_false(dxp_props_allowed(DXP_DECL_DATA) & DXP_PROP_BIT(DXP_PROP_TARGET));
    assert_true(dxp_props_allowed(DXP_DECL_MEASURE) & DXP_PROP_BIT(DXP_PROP_BUDGET));
    assert_int_equal(dxp_props_allowed(DXP_DECL_ACTUALS), 0);
    /* a unit given twice, parts as many as written, a goal out of place */
    const dxp_prop unit = { .kind = DXP_PROP_UNIT }, part = { .kind = DXP_PROP_PART }, goal = { .kind = DXP_PROP_GOAL };
    const dxp_prop *seen[DXP_PROP_PART + 1] = { 0 };
    dxp_misfit_kind why;
    unsigned kpi = dxp_props_allowed(DXP_DECL_KPI);
    assert_true(dxp_prop_fits(kpi, &unit, seen, &why));
    assert_ptr_equal(seen[DXP_PROP_UNIT], &unit);
    assert_false(dxp_prop_fits(kpi, &unit, seen, &why));
    assert_int_equal(why, DXP_MISFIT_REPEATED);
    assert_true(dxp_prop_fits(kpi, &part, seen, &why));
    assert_true(dxp_prop_fits(kpi, &part, seen, &why));
    assert_false(dxp_prop_fits(kpi, &goal, seen, &why));
    assert_int_equal(why, DXP_MISFIT_MISPLACED);
    assert_null(seen[DXP_PROP_GOAL]);

    dxp_direction d;
    assert_true(dxp_direction_named(dxp_str_from("down"), &d));
    assert_int_equal(d, DXP_DIR_DOWN);
    assert_true(dxp_direction_named(dxp_str_from("keep"), &d));
    assert_int_equal(d, DXP_DIR_KEEP);
    assert_true(dxp_direction_named(dxp_str_from("up"), &d));
    assert_int_equal(d, DXP_DIR_UP);
    d = DXP_DIR_KEEP;
    assert_false(dxp_direction_named(dxp_str_from("減少"), &d));
    assert_int_equal(d, DXP_DIR_UP);   /* the default */
    assert_false(dxp_direction_named(dxp_str_from("upward"), &d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_misfits_are_kept_not_reported),
        cmocka_unit_test(test_parts),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_kept_properties_survive_reuse),
        cmocka_unit_test(test_revision_keeps_its_properties),
        cmocka_unit_test(test_property_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
