/* eval.h — evaluating a checked program for a fiscal year.
 *
 * For every KPI (and each part) dxp_evaluate() finds the definition in force
 * that year (the plan overlaid by its revisions up to the year), the target,
 * the actual (reported, or computed by the KPI's formula), and applies the
 * plan's rule set — written in dxp, see stdlib/rules.dxp and docs/rules.md —
 * to decide whether the target is met, the achievement rate, the status and
 * the grade. Results roll up to measures, goals and the whole plan. A value
 * that cannot be computed is missing with its reason, never zero. */
#ifndef DXP_EVAL_H
#define DXP_EVAL_H

#include "dxp/program.h"

/* A value of the interpreter: a quantity with its unit, or missing with why. */
typedef enum DXP_PACKED dxp_val_kind {
    DXP_VAL_MISSING, DXP_VAL_NUMBER, DXP_VAL_BOOL, DXP_VAL_STRING, DXP_VAL_YEAR
} dxp_val_kind;

typedef struct dxp_val {
    double number;
    dxp_unit unit;
    union {                  /* one a kind (a value is 64 bytes, and every KPI result holds four) */
        dxp_str str;         /* DXP_VAL_STRING */
        const char *why;     /* DXP_VAL_MISSING: the reason, for reports */
        dxp_year year;       /* DXP_VAL_YEAR */
    };
    dxp_val_kind kind;
    bool bare;               /* written without a unit: takes the other operand's */
    bool truth;
    bool has_state;          /* missing because of a value state (調整中 …) */
    dxp_state state;
} dxp_val;

/* A value as a KPI's result keeps it: the value without its unit, which the
 * reports do not need (a target is in the KPI's unit, a rate a plain ratio, a
 * grade a string). Half the size of a dxp_val: a national plan keeps three
 * for every KPI and year evaluated. */
typedef struct dxp_shown {
    double number;
    union {
        dxp_str str;         /* DXP_VAL_STRING */
        const char *why;     /* DXP_VAL_MISSING */
        dxp_year year;       /* DXP_VAL_YEAR */
    };
    dxp_val_kind kind;
    bool truth;
    bool has_state;
    dxp_state state;
} dxp_shown;

static inline dxp_shown dxp_shown_of(const dxp_val *v)
{
    dxp_shown s = { .number = v->number, .kind = v->kind, .truth = v->truth,
                    .has_state = v->has_state, .state = v->state };
    if (v->kind == DXP_VAL_STRING) s.str = v->str;
    else if (v->kind == DXP_VAL_MISSING) s.why = v->why;
    else if (v->kind == DXP_VAL_YEAR) s.year = v->year;
    return s;
}

/* How a KPI stands in the year evaluated. */
typedef enum dxp_status {
    DXP_STATUS_MET,          /* 達成 */
    DXP_STATUS_UNMET,        /* 未達成 */
    DXP_STATUS_PARTIAL,      /* 一部達成: some measured parts met */
    DXP_STATUS_UNMEASURED,   /* 未計測: no actual */
    DXP_STATUS_PENDING,      /* 調整中: the target is not decided */
    DXP_STATUS_NO_TARGET,    /* 対象外: no target for the year */
    DXP_STATUS_ERROR,        /* the rules could not decide (reason in status_why) */
    DXP_STATUS_COUNT
} dxp_status;

const char *dxp_status_key(dxp_status s);   /* "met", "unmet", … (JSON, CSV) */

typedef struct dxp_kpi_result dxp_kpi_result;

struct dxp_kpi_result {
    /* Pointers first and the small fields last, so that little padding is
     * left: a plan of a million KPIs keeps a million of these for each year. */
    dxp_series *series;
    dxp_measure *measure;        /* the parent's, for a part */
    dxp_goal *goal;
    dxp_str title;               /* the label in force (revisions rename), else the title */
    dxp_str unit_text;           /* the unit as written, "" when none */
    /* baseline */
    dxp_value *baseline;         /* NULL when the plan gives none */
    dxp_point point;             /* when has_point */
    dxp_loc point_loc;           /* the time point as written */
    /* target and actual for the year */
    dxp_value *target_value;     /* as written; NULL when there is none */
    dxp_value *actual_value;     /* as written; NULL when computed or absent */
    int32_t baseline_file, target_file, actual_file;
    dxp_shown target;            /* its number in the KPI's unit, or missing */
    dxp_val actual;              /* with its unit: a formula's may differ from the KPI's */
    /* judgement */
    dxp_str status_label;        /* as the rule set names it: 達成 … */
    const char *status_why;      /* for DXP_STATUS_ERROR and missing values */
    dxp_shown rate;              /* dimensionless; missing when not computable */
    dxp_shown grade;             /* a string, when the rule set grades */
    dxp_str note;                /* the year's note (要因分析) */
    const char *revisions;       /* titles of the revisions applied, "; "-joined */
    dxp_kpi_result *parts;
    uint32_t nparts;
    dxp_status status;
    dxp_direction direction;
    bool reference, cumulative;
    bool has_point;
    bool baseline_revised;
    bool target_revised;
    bool actual_computed;        /* by the formula */
    bool met;
};

/* The 決算額 of a goal, a measure or the plan in a year, when the plan
 * gives one: few measures do, so a roll-up points to it. */
typedef struct dxp_budget {
    bool has_amount;             /* this year's */
    bool has_prev;               /* the year before's, for comparison */
    dxp_val amount;              /* in the unit written first */
    dxp_str unit;
    dxp_val prev;
} dxp_budget;

/* 64 bytes: a national plan has a roll-up for each of 10,000 measures. */
typedef struct dxp_rollup {
    uint32_t counts[DXP_STATUS_COUNT];
    uint32_t evaluated;          /* met + unmet + partial, references excluded */
    uint32_t met;
    dxp_str label;               /* the rule set's roll-up label (順調 …); no text when it has none */
    dxp_budget *budget;          /* NULL when the plan gives none for the year or the one before */
} dxp_rollup;

_Static_assert(sizeof(dxp_rollup) == 64, "a roll-up stays 64 bytes");

/* met / evaluated, missing when none could be judged. */
dxp_val dxp_rollup_share(const dxp_rollup *ru);
/* The year before's budget in the unit of this year's, for comparison (as
 * it was summed when the two do not convert). */
double dxp_budget_prev_number(const dxp_budget *b);

typedef struct dxp_year_eval {
    dxp_year year;
    dxp_kpi_result *kpis;        /* top-level KPIs in declaration order (those a filter let through) */
    size_t nkpis;
    dxp_kpi_result *part_pool;   /* the results of their parts (dxp_kpi_result.parts point here) */
    size_t nparts_used;
    dxp_kpi_result **by_series;  /* indexed by dxp_series.index; NULL for parts and data */
    dxp_rollup *measures;        /* parallel to program->measures */
    dxp_rollup *goals;           /* parallel to program->goals */
    dxp_rollup plan;
} dxp_year_eval;

typedef struct dxp_evaluation {
    dxp_program *program;
    dxp_decl *rules;             /* the rule set used */
    dxp_str rules_title;
    dxp_str rate_formula;
    dxp_str labels[DXP_STATUS_COUNT];   /* how the rule set names each status */
    dxp_year_eval *years;
    size_t nyears;
    dxp_arena arena;             /* strings built for the report */
} dxp_evaluation;

/* Most fiscal years one evaluation takes (dxp eval --year, --all-years): it
 * keeps a result for every KPI in every year, so its memory grows with both. */
#define DXP_MAX_EVAL_YEARS 50

/* Evaluates every year from `from` to `to` (a single year: from == to).
 * Problems of the rules themselves are reported to the program's diagnostics. */
dxp_evaluation *dxp_evaluate(dxp_program *p, dxp_year from, dxp_year to);
/* The same years' roll-ups only (measures, goals, plan), the KPIs being
 * evaluated in batches and their results let go: the years' kpis, part_pool
 * and by_series are NULL. The reports take the results a window at a time
 * (dxp_evaluate_kpis), so that a national plan's report needs the memory
 * of a window, not of a result for every KPI (344 bytes each). */
dxp_evaluation *dxp_evaluate_rollups(dxp_program *p, dxp_year from, dxp_year to);
/* Evaluates top-level KPIs kpis[0..n) for year y of `ev` into results[i],
 * their parts into `parts` (room for the kpis' nparts in all), the strings
 * they build in `arena`; returns the parts used. The same results as
 * dxp_evaluate's; safe to call from several threads at once, each with
 * buffers and an arena of its own. */
size_t dxp_evaluate_kpis(const dxp_evaluation *ev, dxp_year y, dxp_series *const *kpis, size_t n,
                         dxp_kpi_result *results, dxp_kpi_result *parts, dxp_arena *arena);
/* Which KPIs an evaluation looks at in a year. */
typedef bool (*dxp_kpi_filter)(const dxp_series *kpi, dxp_year year);
/* Whether the plan reports anything for the KPI in the year: an actual
 * written for it or for one of its parts, or a note (要因分析). lint's rules
 * on results look at nothing else, so lint evaluates only these. */
bool dxp_kpi_reported(const dxp_series *kpi, dxp_year year);

/* Evaluates the KPIs of each year in batches of a few thousand, in the
 * memory of one batch, and calls each() with every batch that has any: for
 * callers that judge one KPI at a time (lint) on plans of any size. A batch's
 * dxp_year_eval holds its KPIs' results (kpis, nkpis, their parts) and the
 * year; it has no roll-ups and no by_series. */
void dxp_evaluate_in_batches(dxp_program *p, dxp_year from, dxp_year to, dxp_kpi_filter only,
                             void (*each)(const dxp_evaluation *ev, const dxp_year_eval *ye, void *arg), void *arg);
void dxp_evaluation_free(dxp_evaluation *ev);

/* A written value (128, 2,400 千円) as a number in `unit` (its own unit when
 * unit is NULL); false for states and values whose unit does not convert. */
bool dxp_value_number(dxp_program *p, const dxp_value *v, int32_t file, const dxp_unit *unit,
                      double *out);

/* A measure as it stands in a year: its label and owners after revisions. */
void dxp_measure_in(const dxp_measure *m, dxp_year y, dxp_str *label, dxp_string_list **owners);

/* Formats a quantity in its unit for reports: exact, grouped (1,768), at most
 * the decimals needed. */
const char *dxp_format_number(double v, char *buf, size_t size);

#endif
