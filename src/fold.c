/* fold.c — a kpi, part or data block folded into its series (see fold.h). */
#include "dxp/fold.h"

#include <stdlib.h>
#include <string.h>

const char *dxp_prop_keyword(dxp_prop_kind k)
{
    static const char *const names[] = {
        [DXP_PROP_PERIOD] = "period", [DXP_PROP_STAGE] = "stage", [DXP_PROP_RULES] = "rules",
        [DXP_PROP_FISCAL_START] = "fiscal_year_start", [DXP_PROP_LABEL] = "label",
        [DXP_PROP_NOTE] = "note", [DXP_PROP_GOAL] = "goal", [DXP_PROP_MEASURE] = "measure",
        [DXP_PROP_OWNER] = "owner", [DXP_PROP_SINCE] = "since", [DXP_PROP_FLAGS] = "flags",
        [DXP_PROP_BUDGET] = "budget", [DXP_PROP_UNIT] = "unit", [DXP_PROP_DIRECTION] = "direction",
        [DXP_PROP_BASELINE] = "baseline", [DXP_PROP_TARGET] = "target", [DXP_PROP_ACTUAL] = "actual",
        [DXP_PROP_FORMULA] = "formula", [DXP_PROP_REFERENCE] = "reference",
        [DXP_PROP_CUMULATIVE] = "cumulative", [DXP_PROP_UNBOUNDED] = "unbounded",
        [DXP_PROP_PART] = "part",
    };
    return names[k];
}

#define BIT DXP_PROP_BIT

unsigned dxp_props_allowed(dxp_decl_kind kind)
{
    const unsigned series = BIT(DXP_PROP_UNIT) | BIT(DXP_PROP_DIRECTION) | BIT(DXP_PROP_BASELINE) |
                            BIT(DXP_PROP_TARGET) | BIT(DXP_PROP_ACTUAL) | BIT(DXP_PROP_FORMULA) |
                            BIT(DXP_PROP_REFERENCE) | BIT(DXP_PROP_CUMULATIVE) |
                            BIT(DXP_PROP_UNBOUNDED) | BIT(DXP_PROP_LABEL) | BIT(DXP_PROP_NOTE);
    switch (kind) {
    case DXP_DECL_PLAN:
        return BIT(DXP_PROP_PERIOD) | BIT(DXP_PROP_STAGE) | BIT(DXP_PROP_RULES) |
               BIT(DXP_PROP_FISCAL_START) | BIT(DXP_PROP_LABEL) | BIT(DXP_PROP_NOTE);
    case DXP_DECL_GOAL:
        return BIT(DXP_PROP_LABEL) | BIT(DXP_PROP_NOTE) | BIT(DXP_PROP_BUDGET);
    case DXP_DECL_MEASURE:
        return BIT(DXP_PROP_GOAL) | BIT(DXP_PROP_OWNER) | BIT(DXP_PROP_SINCE) | BIT(DXP_PROP_FLAGS) |
               BIT(DXP_PROP_BUDGET) | BIT(DXP_PROP_LABEL) | BIT(DXP_PROP_NOTE);
    case DXP_DECL_KPI:
        return series | BIT(DXP_PROP_MEASURE) | BIT(DXP_PROP_PART);
    case DXP_DECL_PART:
        return series;
    case DXP_DECL_DATA:
        return BIT(DXP_PROP_UNIT) | BIT(DXP_PROP_ACTUAL) | BIT(DXP_PROP_CUMULATIVE) |
               BIT(DXP_PROP_LABEL) | BIT(DXP_PROP_NOTE);
    default:
        return 0;
    }
}

/* ---- tables ------------------------------------------------------------------ */

/* In the arena, not malloc: a table or two per KPI. What a table outgrows
 * stays in the arena (tables are built once and grow little). */
void dxp_table_reserve(dxp_arena *arena, dxp_table *t, size_t cap)
{
    if (cap <= t->cap) return;
    dxp_year_entry *items = dxp_arena_alloc(arena, cap * sizeof *items);
    if (t->count) memcpy(items, t->items, t->count * sizeof *items);
    t->items = items;
    t->cap = cap;
}

/* Sorts entries by year, keeping those of the same year in their order
 * (a merge sort: entries of the same year are told apart by DXP306). */
static void sort_by_year(dxp_year_entry *items, size_t n)
{
    dxp_year_entry *spare = dxp_xmalloc(n * sizeof *spare);
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi) spare[k++] = items[b].year.fy < items[a].year.fy ? items[b++] : items[a++];
            while (a < mid) spare[k++] = items[a++];
            while (b < hi) spare[k++] = items[b++];
        }
        memcpy(items, spare, n * sizeof *items);
    }
    free(spare);
}

void dxp_table_add_entries(dxp_arena *arena, dxp_table *t, const dxp_prop *table)
{
    dxp_year_entry *entries = table->entries;
    uint32_t n = table->nentries;
    bool in_order = true;
    for (uint32_t i = 1; i < n && in_order; i++) in_order = entries[i - 1].year.fy <= entries[i].year.fy;
    if (t->count == 0 && in_order) {
        /* The property's entries are the table (as full as it is long: adding
         * to it later copies it first, so the property's stay as written). */
        t->items = entries;
        t->count = t->cap = n;
        return;
    }
    /* Appended, then sorted once (stably: what the table had comes first in
     * its year). Inserting each in its place moved the ones after it, and a
     * table of many ranges out of order took minutes. */
    dxp_table_reserve(arena, t, t->count + n);   /* room for exactly what is written */
    memcpy(t->items + t->count, entries, n * sizeof *entries);
    t->count += n;
    sort_by_year(t->items, t->count);
}

/* ---- folding ------------------------------------------------------------------- */

static void add_misfit(dxp_arena *arena, dxp_series *s, dxp_misfit **last, const dxp_prop *pr,
                       dxp_misfit_kind kind, dxp_loc other)
{
    dxp_misfit *m = dxp_arena_alloc(arena, sizeof *m);
    m->loc = pr->loc;
    m->other = other;
    m->prop = pr->kind;
    m->kind = kind;
    if (*last) (*last)->next = m;
    else dxp_series_rare_of(arena, s)->misfits = m;
    *last = m;
}

bool dxp_prop_fits(unsigned allowed, const dxp_prop *pr, const dxp_prop **seen, dxp_misfit_kind *why)
{
    if (!(allowed & BIT(pr->kind))) {
        *why = DXP_MISFIT_MISPLACED;
        return false;
    }
    if (pr->kind == DXP_PROP_PART) return true;
    if (seen[pr->kind]) {
        *why = DXP_MISFIT_REPEATED;
        return false;
    }
    seen[pr->kind] = pr;
    return true;
}

bool dxp_direction_named(dxp_str name, dxp_direction *out)
{
    *out = dxp_str_eq(name, "down") ? DXP_DIR_DOWN : dxp_str_eq(name, "keep") ? DXP_DIR_KEEP : DXP_DIR_UP;
    return *out != DXP_DIR_UP || dxp_str_eq(name, "up");
}

static dxp_series_kind series_kind(dxp_decl_kind kind)
{
    return kind == DXP_DECL_KPI ? DXP_SERIES_KPI : kind == DXP_DECL_PART ? DXP_SERIES_PART : DXP_SERIES_DATA;
}

dxp_series *dxp_fold_series(dxp_arena *arena, dxp_decl *decl, const dxp_prop *props)
{
    dxp_series *s = dxp_arena_alloc(arena, sizeof *s);
    s->kind = series_kind(decl->kind);
    s->decl = decl;
    const unsigned allowed = dxp_props_allowed(decl->kind);
    const dxp_prop *seen[DXP_PROP_PART + 1] = { 0 };
    dxp_misfit *last = NULL;
    for (const dxp_prop *pr = props; pr; pr = pr->next) {
        dxp_misfit_kind why;
        if (!dxp_prop_fits(allowed, pr, seen, &why)) {
            add_misfit(arena, s, &last, pr, why, why == DXP_MISFIT_REPEATED ? seen[pr->kind]->loc : pr->loc);
            continue;
        }
        switch (pr->kind) {
        case DXP_PROP_MEASURE:
            s->measure_loc = pr->arg_loc;   /* the name is written there (dxp_series_measure_name) */
            break;
        case DXP_PROP_UNIT:
            s->unit_terms = pr->unit.terms;   /* its text is the source's (dxp_series_unit_ref) */
            s->unit_loc = pr->unit.loc;
            s->has_unit_ref = true;
            break;
        case DXP_PROP_DIRECTION:
            s->direction_given = true;
            if (!dxp_direction_named(pr->name, &s->direction))
                add_misfit(arena, s, &last, pr, DXP_MISFIT_BAD_DIRECTION, pr->arg_loc);
            break;
        case DXP_PROP_BASELINE:
            s->baseline = dxp_arena_alloc(arena, sizeof *s->baseline);
            *s->baseline = dxp_prop_baseline(pr);
            break;
        case DXP_PROP_TARGET:     dxp_table_add_entries(arena, &s->targets, pr); break;
        case DXP_PROP_ACTUAL:     dxp_table_add_entries(arena, &s->actuals, pr); break;
        case DXP_PROP_FORMULA:    dxp_series_rare_of(arena, s)->formula = pr->expr; break;
        case DXP_PROP_REFERENCE:  s->reference = true; break;
        case DXP_PROP_CUMULATIVE: s->cumulative = true; break;
        case DXP_PROP_UNBOUNDED:  s->unbounded = true; break;
        case DXP_PROP_LABEL:      dxp_series_rare_of(arena, s)->label = pr->str; break;
        case DXP_PROP_PART: {
            dxp_series *part = pr->part->series;
            dxp_series_rare_of(arena, part)->parent = s;
            dxp_series_rare *rare = dxp_series_rare_of(arena, s);
            DXP_ARENA_PUSH(arena, rare->parts, s->nparts, part);
            break;
        }
        default: break;   /* note: for the reader only */
        }
    }
    return s;
}
