/* Unit tests for eval.c: values with units, missing inputs, revisions, rule
 * sets (with extends), parts and roll-ups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dxp/eval.h"
#include "dxp/literal.h"
#include "dxp/report.h"
#include "dxp/threads.h"
#include "helpers.h"

typedef struct evaluated {
    loaded *l;
    dxp_evaluation *ev;
} evaluated;

static evaluated eval_plan(const char *text, const char *year)
{
    evaluated e;
    e.l = load_plan(text);
    char buf[512];
    assert_string_equal(codes_of(e.l, buf, sizeof buf), "");
    dxp_year y;
    assert_int_equal(dxp_literal_year(year, strlen(year), &y), DXP_LIT_OK);
    e.ev = dxp_evaluate(e.l->p, y, y);
    return e;
}

static void done(evaluated e)
{
    dxp_evaluation_free(e.ev);
    unload(e.l);
}

static const dxp_kpi_result *kpi(evaluated e, const char *id)
{
    dxp_series *s = dxp_symtab_get(&e.l->p->series_names, dxp_str_from(id));
    assert_non_null(s);
    const dxp_kpi_result *r = e.ev->years[0].by_series[s->index];
    assert_non_null(r);
    return r;
}

#define STD "import \"std\"\n"

static void test_rate_is_truncated(void **state)
{
    (void)state;
    evaluated e = eval_plan(STD "kpi k { unit 人 target { R6: 13.1万 } actual { R6: 658,815 } }\n", "R6");
    const dxp_kpi_result *r = kpi(e, "k");
    assert_int_equal(r->status, DXP_STATUS_MET);
    assert_true(fabs(r->rate.number - 5.02) < 1e-9);    /* 502%, not 502.9% rounded */
    assert_true(dxp_str_eq(r->status_label, "達成"));
    done(e);
}

static void test_units_convert(void **state)
{
    (void)state;
    /* the target in 億円, the actual in 千円: 1.5億円 = 150,000 千円 */
    evaluated e = eval_plan(STD "kpi k { unit 千円 target { R6: 1.5 億円 } actual { R6: 140,000 } }\n", "R6");
    const dxp_kpi_result *r = kpi(e, "k");
    assert_true(r->target.number == 150000);
    assert_int_equal(r->status, DXP_STATUS_UNMET);
    assert_true(fabs(r->rate.number - 0.93) < 1e-9);
    done(e);
}

static void test_down_and_keep(void **state)
{
    (void)state;
    evaluated e = eval_plan(STD
        "kpi zero { unit 件 direction down target { R6: 0 } actual { R6: 0 } }\n"
        "kpi more { unit 件 direction down target { R6: 2 } actual { R6: 3 } }\n"
        "kpi band { unit % direction keep target { R6: 95%..100% } actual { R6: 96 } }\n"
        "kpi out { unit % direction keep target { R6: 95%..100% } actual { R6: 90 } }\n", "R6");
    assert_int_equal(kpi(e, "zero")->status, DXP_STATUS_MET);
    assert_true(kpi(e, "zero")->rate.number == 1);            /* 0 of 0 incidents: 100% */
    assert_int_equal(kpi(e, "more")->status, DXP_STATUS_UNMET);
    assert_true(fabs(kpi(e, "more")->rate.number - 0.66) < 1e-9);
    assert_int_equal(kpi(e, "band")->status, DXP_STATUS_MET);
    assert_int_equal(kpi(e, "out")->status, DXP_STATUS_UNMET);
    done(e);
}

static void test_missing_input_is_never_zero(void **state)
{
    (void)state;
    evaluated e = eval_plan(STD
        "data sales { unit 千円 actual { R6: 1,000 } }\n"
        "data firms { unit 社 }\n"
        "kpi per { unit 千円/社 formula sales / firms target { R6: 10 } }\n"
        "kpi ok { unit 千円/社 formula sales / 10 社 target { R6: 10 } }\n", "R6");
    const dxp_kpi_result *r = kpi(e, "per");
    assert_int_equal(r->actual.kind, DXP_VAL_MISSING);
    assert_non_null(strstr(r->actual.why, "firms"));
    assert_int_equal(r->status, DXP_STATUS_UNMEASURED);
    assert_int_equal(r->rate.kind, DXP_VAL_MISSING);
    const dxp_kpi_result *ok = kpi(e, "ok");
    assert_true(ok->actual_computed);
    assert_true(ok->actual.number == 100);
    assert_int_equal(ok->status, DXP_STATUS_MET);
    done(e);
}

static void test_states(void **state)
{
    (void)state;
    evaluated e = eval_plan(STD
        "kpi tbd { unit 件 target { R6: 調整中 } actual { R6: 3 } }\n"
        "kpi dash { unit 件 target { R6: - } actual { R6: 3 } }\n"
        "kpi absent { unit 件 target { R5: 1 } }\n"
        "kpi unknown { unit 件 target { R6: 1 } actual { R6: 把握困難 } }\n", "R6");
    assert_int_equal(kpi(e, "tbd")->status, DXP_STATUS_PENDING);
    assert_int_equal(kpi(e, "dash")->status, DXP_STATUS_NO_TARGET);
    assert_int_equal(kpi(e, "absent")->status, DXP_STATUS_NO_TARGET);
    assert_int_equal(kpi(e, "unknown")->status, DXP_STATUS_UNMEASURED);
    done(e);
}

static void test_revisions_apply_from_their_year(void **state)
{
    (void)state;
    const char *plan = STD
        "kpi k \"公開数\" { unit 件 baseline 128 at R2.12 target { R5: 145  R6: 150 } actual { R5: 200  R6: 347 } }\n"
        "revise R6 \"見直し\" { k: target { R6: 500 } baseline 335 at R3.3 label \"改訂後\" }\n";
    evaluated e = eval_plan(plan, "R6");
    const dxp_kpi_result *r = kpi(e, "k");
    assert_true(r->target_revised);
    assert_true(r->baseline_revised);
    assert_true(r->target.number == 500);
    assert_int_equal(r->status, DXP_STATUS_UNMET);
    assert_true(dxp_str_eq(r->title, "改訂後"));
    assert_string_equal(r->revisions, "見直し");
    done(e);
    e = eval_plan(plan, "R5");                          /* before the revision */
    r = kpi(e, "k");
    assert_false(r->target_revised);
    assert_true(dxp_str_eq(r->title, "公開数"));
    assert_int_equal(r->status, DXP_STATUS_MET);
    done(e);
}

static void test_comparison_target(void **state)
{
    (void)state;
    evaluated e = eval_plan(STD "kpi k { unit % target { R6: > actual[R5] } actual { R5: 79.2  R6: 79.2 } }\n", "R6");
    const dxp_kpi_result *r = kpi(e, "k");
    assert_true(r->target.number == 79.2);
    assert_int_equal(r->status, DXP_STATUS_UNMET);      /* 前年度越え: equal is not more */
    done(e);
}

static void test_parts(void **state)
{
    (void)state;
    evaluated e = eval_plan(STD
        "kpi t { part a { unit 人 target { R6: 300 } } part b { unit % target { R6: 30 } } "
        "part c { unit 件 target { R6: 5 } } }\n"
        "actuals R6 { t.a: 301  t.b: 把握困難  t.c: 4 }\n", "R6");
    const dxp_kpi_result *r = kpi(e, "t");
    assert_int_equal(r->nparts, 3);
    assert_int_equal(r->parts[0].status, DXP_STATUS_MET);
    assert_int_equal(r->parts[1].status, DXP_STATUS_UNMEASURED);
    assert_int_equal(r->parts[2].status, DXP_STATUS_UNMET);
    assert_int_equal(r->status, DXP_STATUS_PARTIAL);
    done(e);
}

/* dxp_evaluate_in_batches reuses one batch's memory: every year it hands over
 * must hold what a separate evaluation of that year gives, parts and
 * revisions included. */
typedef struct each_seen {
    dxp_evaluation *whole;    /* R3..R6 evaluated at once, for comparison */
    int years;
} each_seen;

static void same_val(const dxp_shown *a, const dxp_shown *b)
{
    assert_int_equal(a->kind, b->kind);
    if (a->kind == DXP_VAL_NUMBER) assert_true(a->number == b->number);
    if (a->kind == DXP_VAL_MISSING) assert_string_equal(a->why ? a->why : "", b->why ? b->why : "");
}

static void same_result(const dxp_kpi_result *a, const dxp_kpi_result *b)
{
    assert_ptr_equal(a->series, b->series);
    assert_int_equal(a->status, b->status);
    assert_int_equal(a->met, b->met);
    assert_string_equal(a->status_why ? a->status_why : "", b->status_why ? b->status_why : "");
    assert_true(dxp_str_same(a->status_label, b->status_label));
    same_val(&a->target, &b->target);
    dxp_shown actual_a = dxp_shown_of(&a->actual), actual_b = dxp_shown_of(&b->actual);
    same_val(&actual_a, &actual_b);
    same_val(&a->rate, &b->rate);
    assert_true(dxp_str_same(a->title, b->title));
    assert_int_equal(a->nparts, b->nparts);
    for (size_t i = 0; i < a->nparts; i++) same_result(&a->parts[i], &b->parts[i]);
}

static void check_year(const dxp_evaluation *ev, const dxp_year_eval *ye, void *arg)
{
    (void)ev;
    each_seen *seen = arg;
    const dxp_year_eval *whole = &seen->whole->years[seen->years++];
    assert_int_equal(ye->year.fy, whole->year.fy);
    assert_int_equal(ye->nkpis, whole->nkpis);
    for (size_t i = 0; i < ye->nkpis; i++) same_result(&ye->kpis[i], &whole->kpis[i]);
}

static void test_evaluate_in_batches_year_alone(void **state)
{
    (void)state;
    loaded *l = load_plan(STD
        "plan p \"計画\" { period R3..R6 }\n"
        "kpi k \"公開数\" { unit 件 baseline 128 at R2.12 target { R3..R6: 150 } actual { R4: 100  R5: 200 } }\n"
        "kpi t \"体制\" { part a { unit 人 target { R3..R6: 300 } } part b { unit 件 target { R5: 5 } } }\n"
        "revise R5 \"見直し\" { k: target { R6: 500 } label \"改訂後\"  t: part c { unit 件 target { R6: 1 } } }\n"
        "actuals R6 { k: 600  t.a: 301  t.b: 4  t.c: 1 }\n");
    char buf[512];
    assert_string_equal(codes_of(l, buf, sizeof buf), "");
    each_seen seen = { dxp_evaluate(l->p, l->p->plan.first, l->p->plan.last), 0 };
    dxp_evaluate_in_batches(l->p, l->p->plan.first, l->p->plan.last, NULL, check_year, &seen);
    assert_int_equal(seen.years, 4);
    assert_int_equal(seen.whole->years[3].kpis[1].nparts, 3);   /* R6: the part added in R5 counts */
    dxp_evaluation_free(seen.whole);
    unload(l);
}

static void test_rule_sets_and_rollups(void **state)
{
    (void)state;
    evaluated e = eval_plan(STD
        "plan p { period R3..R6 rules mine }\n"
        "rules mine \"独自\" extends graded { label_met: \"◎\" rollup: if share_met >= 50% then \"良\" else \"否\" }\n"
        "goal g\nmeasure m { goal g }\n"
        "kpi a { measure m unit 件 target { R6: 10 } actual { R6: 9 } }\n"
        "kpi b { measure m unit 件 target { R6: 10 } actual { R6: 12 } }\n"
        "kpi c { measure m unit 件 reference target { R6: 10 } actual { R6: 1 } }\n", "R6");
    const dxp_kpi_result *a = kpi(e, "a"), *b = kpi(e, "b");
    assert_true(dxp_str_eq(a->grade.str, "B"));          /* 90%: from graded, through extends */
    assert_true(dxp_str_eq(b->grade.str, "A"));
    assert_true(dxp_str_eq(b->status_label, "◎"));       /* overridden label */
    const dxp_rollup *g = &e.ev->years[0].goals[0];
    assert_int_equal(g->evaluated, 2);                    /* the reference KPI is left out */
    assert_int_equal(g->met, 1);
    assert_true(dxp_rollup_share(g).number == 0.5);
    assert_true(dxp_str_eq(g->label, "良"));
    done(e);
}

/* The evaluator finds what a name means once per name written and keeps it
 * in a few slots: 150 formulas, each naming its own data series, take every
 * slot many times over from the names of the prorated rules (expected,
 * final_target, baseline_year …), and each KPI must still get its own. */
static void test_names_found_again_after_other_formulas(void **state)
{
    (void)state;
    enum { N = 150 };
    size_t size = 200 * N + 256, len = 0;
    char *text = malloc(size);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, size - len, STD "plan p { period R3..R6 rules prorated }\n");
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, size - len,
            "data d%d { unit 件 actual { R6: %d } }\n"
            "kpi k%d { unit 件 baseline 0 at R2年度 target { R6: %d } formula d%d + %d }\n",
            i, i, i, i + 1, i, i % 3);
    assert_true(len < size);
    evaluated e = eval_plan(text, "R6");
    free(text);
    char id[16];
    for (int i = 0; i < N; i++) {
        snprintf(id, sizeof id, "k%d", i);
        const dxp_kpi_result *r = kpi(e, id);
        /* expected = 0 + (i+1 - 0) × (R6 - R2) / (R6 - R2) = i+1; the actual is i + i%3 */
        assert_int_equal(r->actual.kind, DXP_VAL_NUMBER);
        assert_true(r->actual.number == i + i % 3);
        assert_int_equal(r->status, i % 3 >= 1 ? DXP_STATUS_MET : DXP_STATUS_UNMET);
        double rate = floor((double)(i + i % 3) / (i + 1) * 100 + 1e-9) / 100;
        assert_true(fabs(r->rate.number - rate) < 1e-9);
        /* the rule set's own status, from the rate */
        const char *label = rate >= 1 ? "順調" : rate >= 0.8 ? "概ね順調" : rate >= 0.5 ? "やや遅れている" : "遅れている";
        assert_true(dxp_str_eq(r->status_label, label));
    }
    done(e);
}

static void test_budgets_roll_up(void **state)
{
    (void)state;
    evaluated e = eval_plan(STD
        "goal a { budget { R6: 1,828,557 千円 } }\ngoal b\n"
        "actuals R6 { budget b: 2.89 億円 }\nactuals R5 { budget a: 2,022,951 千円 }\n", "R6");
    const dxp_year_eval *y = &e.ev->years[0];
    assert_true(y->goals[0].budget->amount.number == 1828557);
    assert_true(y->goals[0].budget->has_prev);
    assert_true(y->goals[1].budget->amount.number == 2.89);
    assert_true(fabs(y->plan.budget->amount.number - (1828557 + 289000)) < 1e-6);   /* in 千円 */
    done(e);
}

/* From DXP_THREADS_MIN_KPIS KPIs on, a year's KPIs are evaluated in two halves
 * on two threads: the results must be those of one thread, KPI for KPI,
 * including parts (taken from one pool by both halves), reasons built in the
 * halves' own arenas, formulas that read KPIs of the other half, and the
 * roll-ups counted from both halves. */
static char *many_kpis_plan(int n)
{
    size_t size = (size_t)n * 400 + 1024, len = 0;
    char *text = malloc(size);
    len += (size_t)snprintf(text + len, size - len, STD "plan p { period R3..R6 }\n"
                            "goal g0 \"A\" { }\ngoal g1 \"B\" { }\n"
                            "measure m0 \"M0\" { goal g0 }\nmeasure m1 \"M1\" { goal g1 }\n");
    for (int i = 0; i < n; i++) {
        const char *m = i % 3 ? "m1" : "m0";
        switch (i % 5) {
        case 0:   /* met, unmet or unmeasured by year */
            len += (size_t)snprintf(text + len, size - len,
                "kpi k%d { measure %s unit 件 baseline %d target { R3..R6: %d } actual { R4: %d R5: %d } }\n",
                i, m, i % 50, i % 50 + 10, i % 70, i % 30);
            break;
        case 1:   /* pending target, down */
            len += (size_t)snprintf(text + len, size - len,
                "kpi k%d { measure %s unit %% direction down target { R3: 調整中 R6: %d%% } actual { R6: %d%% } }\n",
                i, m, i % 40, i % 60);
            break;
        case 2:   /* parts */
            len += (size_t)snprintf(text + len, size - len,
                "kpi k%d { measure %s part a \"A\" { unit 人 target { R5: %d } actual { R5: %d } }"
                " part b \"B\" { unit 人 target { R5: 3 } } }\n", i, m, i % 20, i % 25);
            break;
        case 3:   /* a formula over a KPI far away, in the other half */
            len += (size_t)snprintf(text + len, size - len,
                "kpi k%d { measure %s unit 件 target { R4..R6: 5 } formula k%d + 1 }\n", i, m, (i + n / 2) % n / 5 * 5);
            break;
        default:  /* no measure, no target in R3 */
            len += (size_t)snprintf(text + len, size - len,
                "kpi k%d { unit 件 target { R5: %d } actual { R5: %d R6: 未計測 } }\n", i, i % 9, i % 11);
            break;
        }
    }
    return text;
}

static void same_rollup(const dxp_rollup *a, const dxp_rollup *b)
{
    for (int s = 0; s < DXP_STATUS_COUNT; s++) assert_int_equal(a->counts[s], b->counts[s]);
    assert_int_equal(a->evaluated, b->evaluated);
    assert_int_equal(a->met, b->met);
}

/* The plan of many_kpis_plan, loaded, and checked clean. */
static loaded *load_many_kpis(void)
{
    char *text = many_kpis_plan(DXP_THREADS_MIN_KPIS + 1001);
    loaded *l = load_plan(text);   /* takes a copy */
    free(text);
    char buf[512];
    assert_string_equal(codes_of(l, buf, sizeof buf), "");
    return l;
}

/* An evaluation that keeps only its roll-ups has the roll-ups of one that
 * keeps every result (its KPIs evaluated in batches, on two threads), and
 * the KPIs evaluated later, any few at a time, have the same results. */
static void test_rollups_then_windows(void **state)
{
    (void)state;
    loaded *l = load_many_kpis();
    dxp_program *p = l->p;
    dxp_evaluation *whole = dxp_evaluate(p, p->plan.first, p->plan.last);
    dxp_evaluation *rollups = dxp_evaluate_rollups(p, p->plan.first, p->plan.last);
    assert_int_equal(rollups->nyears, whole->nyears);
    for (size_t y = 0; y < whole->nyears; y++) {
        const dxp_year_eval *a = &whole->years[y], *b = &rollups->years[y];
        assert_int_equal(a->year.fy, b->year.fy);
        assert_null(b->kpis);
        assert_null(b->by_series);
        for (size_t m = 0; m < p->nmeasures; m++) same_rollup(&a->measures[m], &b->measures[m]);
        for (size_t g = 0; g < p->ngoals; g++) same_rollup(&a->goals[g], &b->goals[g]);
        same_rollup(&a->plan, &b->plan);
        assert_true(dxp_str_same(a->plan.label, b->plan.label));
        /* the KPIs in windows of 37, backwards: each result as in the whole */
        dxp_series **kpis = dxp_xmalloc(a->nkpis * sizeof *kpis);
        size_t nparts = 0;
        for (size_t i = 0; i < a->nkpis; i++) kpis[i] = a->kpis[i].series, nparts += kpis[i]->nparts;
        dxp_kpi_result *results = dxp_xmalloc(37 * sizeof *results), *parts = dxp_xmalloc((nparts + 1) * sizeof *parts);
        for (size_t end = a->nkpis; end > 0;) {
            size_t from = end > 37 ? end - 37 : 0;
            dxp_arena strings;
            dxp_arena_init(&strings);
            dxp_evaluate_kpis(rollups, b->year, kpis + from, end - from, results, parts, &strings);
            for (size_t i = from; i < end; i++) same_result(&results[i - from], &a->kpis[i]);
            dxp_arena_free(&strings);
            end = from;
        }
        free(kpis);
        free(results);
        free(parts);
    }
    dxp_evaluation_free(whole);
    dxp_evaluation_free(rollups);
    unload(l);
}

static void test_halves_same_as_one_thread(void **state)
{
    (void)state;
    loaded *l = load_many_kpis();
    dxp_program *p = l->p;
    setenv("DXP_THREADS", "1", 1);
    dxp_evaluation *one = dxp_evaluate(p, p->plan.first, p->plan.last);
    setenv("DXP_THREADS", "2", 1);
    dxp_evaluation *two = dxp_evaluate(p, p->plan.first, p->plan.last);
    unsetenv("DXP_THREADS");
    assert_int_equal(one->nyears, 4);
    assert_int_equal(two->nyears, 4);
    size_t statuses[DXP_STATUS_COUNT] = { 0 };
    for (size_t y = 0; y < 4; y++) {
        const dxp_year_eval *a = &one->years[y], *b = &two->years[y];
        assert_int_equal(a->nkpis, b->nkpis);
        assert_int_equal(a->nkpis, DXP_THREADS_MIN_KPIS + 1001);
        for (size_t i = 0; i < a->nkpis; i++) {
            same_result(&a->kpis[i], &b->kpis[i]);
            statuses[a->kpis[i].status]++;
            size_t index = a->kpis[i].series->index;
            assert_ptr_equal(b->by_series[index], &b->kpis[i]);
        }
        for (size_t m = 0; m < p->nmeasures; m++) same_rollup(&a->measures[m], &b->measures[m]);
        for (size_t g = 0; g < p->ngoals; g++) same_rollup(&a->goals[g], &b->goals[g]);
        same_rollup(&a->plan, &b->plan);
    }
    /* the plan really has every kind of result */
    assert_true(statuses[DXP_STATUS_MET] > 0 && statuses[DXP_STATUS_UNMET] > 0);
    assert_true(statuses[DXP_STATUS_PARTIAL] + statuses[DXP_STATUS_UNMEASURED] > 0);
    assert_true(statuses[DXP_STATUS_PENDING] > 0 && statuses[DXP_STATUS_NO_TARGET] > 0);
    dxp_evaluation_free(one);
    dxp_evaluation_free(two);
    unload(l);
}

/* With dxp_kpi_reported as the filter (lint), each year's results are those
 * of the KPIs with an actual or a note written for the year, in declaration
 * order, each the same as in an evaluation of every KPI; in a plan large
 * enough for two threads, the second half's results follow the first's. */
typedef struct filtered_seen {
    dxp_evaluation *whole;
    int years;                /* years that had a batch */
    size_t year;              /* the whole evaluation's year of the last batch */
    size_t at;                /* the next KPI of that year to compare */
    size_t kept, batches;
} filtered_seen;

/* A batch of a year: the next KPIs of the whole year that the filter lets
 * through, each the same result. */
static void check_filtered_batch(const dxp_evaluation *ev, const dxp_year_eval *ye, void *arg)
{
    (void)ev;
    filtered_seen *seen = arg;
    if (seen->years == 0 || ye->year.fy != seen->whole->years[seen->year].year.fy) {
        /* a new year, later than the last (a year that reports nothing has no batch) */
        size_t y = seen->years ? seen->year + 1 : 0;
        while (y < seen->whole->nyears && seen->whole->years[y].year.fy != ye->year.fy) y++;
        assert_true(y < seen->whole->nyears);
        seen->year = y;
        seen->years++;
        seen->at = 0;
    }
    const dxp_year_eval *whole = &seen->whole->years[seen->year];
    assert_int_equal(ye->year.fy, whole->year.fy);
    assert_true(ye->nkpis > 0);
    for (size_t i = 0; i < ye->nkpis; i++) {
        while (seen->at < whole->nkpis && !dxp_kpi_reported(whole->kpis[seen->at].series, ye->year)) seen->at++;
        assert_true(seen->at < whole->nkpis);
        same_result(&ye->kpis[i], &whole->kpis[seen->at++]);
    }
    seen->kept += ye->nkpis;
    seen->batches++;
}

/* lint's way: only the KPIs a year reports something for, in batches of a
 * few thousand (20,000 KPIs make three or more a year), on one thread and on
 * two. */
static void test_only_reported_kpis_in_batches(void **state)
{
    (void)state;
    char *text = many_kpis_plan(20000);
    loaded *l = load_plan(text);
    free(text);
    dxp_program *p = l->p;
    for (int threads = 1; threads <= 2; threads++) {
        setenv("DXP_THREADS", threads == 1 ? "1" : "2", 1);
        filtered_seen seen = { dxp_evaluate(p, p->plan.first, p->plan.last), 0, 0, 0, 0, 0 };
        dxp_evaluate_in_batches(p, p->plan.first, p->plan.last, dxp_kpi_reported, check_filtered_batch, &seen);
        assert_true(seen.years >= 2);
        assert_true(seen.batches > (size_t)seen.years);   /* a year came in more than one batch */
        /* some KPIs in some years, not all of them in all years */
        assert_true(seen.kept > 0 && seen.kept < 4 * (size_t)20000);
        dxp_evaluation_free(seen.whole);
    }
    unsetenv("DXP_THREADS");
    unload(l);
}

static void test_format_number(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(dxp_format_number(1768, buf, sizeof buf), "1,768");
    assert_string_equal(dxp_format_number(87.59, buf, sizeof buf), "87.59");
    assert_string_equal(dxp_format_number(-2022951.5, buf, sizeof buf), "-2,022,951.5");
    assert_string_equal(dxp_format_number(0, buf, sizeof buf), "0");
    assert_string_equal(dxp_format_number(507000, buf, sizeof buf), "507,000");
    /* whole numbers take a path of their own, up to 15 digits */
    assert_string_equal(dxp_format_number(-0.0, buf, sizeof buf), "0");
    assert_string_equal(dxp_format_number(-1234567, buf, sizeof buf), "-1,234,567");
    assert_string_equal(dxp_format_number(999999999999999.0, buf, sizeof buf), "999,999,999,999,999");
    assert_string_equal(dxp_format_number(1e15, buf, sizeof buf), "1,000,000,000,000,000");
    assert_string_equal(dxp_format_number(0.5, buf, sizeof buf), "0.5");
    /* a buffer too small keeps what fits, terminated, like snprintf */
    char small[4];
    assert_string_equal(dxp_format_number(87.59, small, sizeof small), "87.");
    assert_string_equal(dxp_format_number(-0.25, small, sizeof small), "-0.");
    /* a rate as a percentage, and the dash of no rate */
    dxp_shown rate = { .kind = DXP_VAL_NUMBER, .number = 1.018 };
    assert_string_equal(dxp_report_rate_text(&rate, buf, sizeof buf), "101.8%");
    rate.number = 12.5;
    assert_string_equal(dxp_report_rate_text(&rate, buf, sizeof buf), "1,250%");
    assert_string_equal(dxp_report_rate_text(&rate, small, sizeof small), "1,2");
    rate.kind = DXP_VAL_MISSING;
    assert_string_equal(dxp_report_rate_text(&rate, buf, sizeof buf), "—");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_is_truncated),
        cmocka_unit_test(test_units_convert),
        cmocka_unit_test(test_down_and_keep),
        cmocka_unit_test(test_missing_input_is_never_zero),
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_revisions_apply_from_their_year),
        cmocka_unit_test(test_comparison_target),
        cmocka_unit_test(test_parts),
        cmocka_unit_test(test_evaluate_in_batches_year_alone),
        cmocka_unit_test(test_rule_sets_and_rollups),
        cmocka_unit_test(test_names_found_again_after_other_formulas),
        cmocka_unit_test(test_budgets_roll_up),
        cmocka_unit_test(test_format_number),
        cmocka_unit_test(test_halves_same_as_one_thread),
        cmocka_unit_test(test_rollups_then_windows),
        cmocka_unit_test(test_only_reported_kpis_in_batches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
