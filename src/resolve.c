/* resolve.c — names, references and properties.
 *
 * Registers every declaration of every loaded file in its namespace (goals,
 * measures, series = KPIs/parts/data, units, rule sets), folds the property
 * lists of the plan, goals and measures into the structures of program.h
 * (the parser folded each series' already, fold.h), resolves the
 * references between them, and attaches actuals blocks and revisions to the
 * KPIs they name. Values are checked by check.c. */
#include "dxp/program.h"
#include "dxp/threads.h"
#include "dxp/utf8.h"
#include "dxp/i18n.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- small shared helpers ------------------------------------------------ */

const char *dxp_direction_name(dxp_direction d)
{
    return d == DXP_DIR_DOWN ? "down" : d == DXP_DIR_KEEP ? "keep" : "up";
}

void dxp_table_add(dxp_arena *arena, dxp_table *t, dxp_year year, dxp_value *v, dxp_loc loc, int32_t file,
                   bool from_actuals)
{
    if (t->count == t->cap) dxp_table_reserve(arena, t, t->count ? t->count * 2 : 1);
    /* Kept in year order, so that rules which walk the years need no sorting;
     * entries of the same year stay in the order written. */
    size_t at = t->count;
    while (at > 0 && t->items[at - 1].year.fy > year.fy) at--;
    if (at < t->count)   /* seldom: plans write their years in order */
        memmove(&t->items[at + 1], &t->items[at], (t->count - at) * sizeof *t->items);
    t->count++;
    dxp_year_entry *e = &t->items[at];
    e->year = year;
    e->value = v;
    e->loc = loc;
    e->file = file;
    e->from_actuals = from_actuals;
}

const dxp_year_entry *dxp_prop_entry_for(const dxp_prop *table, int16_t fy)
{
    for (uint32_t i = table->nentries; i > 0; i--)
        if (table->entries[i - 1].year.fy == fy) return &table->entries[i - 1];
    return NULL;
}

const dxp_year_entry *dxp_table_find(const dxp_table *t, int16_t fy)
{
    /* Tables hold a handful of years: a scan beats a search. */
    for (size_t i = 0; i < t->count && t->items[i].year.fy <= fy; i++)
        if (t->items[i].year.fy == fy) return &t->items[i];
    return NULL;
}

#define BIT DXP_PROP_BIT

/* What a revision may change: a KPI's definition, or a measure's owners. */
static const unsigned SERIES_REVISION = BIT(DXP_PROP_TARGET) | BIT(DXP_PROP_BASELINE) |
    BIT(DXP_PROP_UNIT) | BIT(DXP_PROP_DIRECTION) | BIT(DXP_PROP_LABEL) | BIT(DXP_PROP_NOTE) |
    BIT(DXP_PROP_PART) | BIT(DXP_PROP_REFERENCE) | BIT(DXP_PROP_CUMULATIVE);
static const unsigned MEASURE_REVISION = BIT(DXP_PROP_OWNER) | BIT(DXP_PROP_LABEL) | BIT(DXP_PROP_NOTE);

/* Where a misplaced property belongs, for the help line. */
static const char *home_of(dxp_prop_kind k)
{
    switch (k) {
    case DXP_PROP_PERIOD: case DXP_PROP_STAGE: case DXP_PROP_RULES: case DXP_PROP_FISCAL_START:
        return _("the plan block");
    case DXP_PROP_GOAL: case DXP_PROP_OWNER: case DXP_PROP_SINCE: case DXP_PROP_FLAGS:
        return _("a measure");
    case DXP_PROP_BUDGET:
        return _("a goal or a measure");
    case DXP_PROP_MEASURE: case DXP_PROP_PART:
        return _("a kpi");
    default:
        return _("a kpi or a part");
    }
}

/* The keyword of the property at `at`, where its diagnostics point. */
static dxp_span keyword_span(int32_t file, dxp_prop_kind kind, dxp_loc at)
{
    return dxp_span_make(file, at.start, at.start + (uint32_t)strlen(dxp_prop_keyword(kind)));
}

static void report_misplaced(dxp_program *p, int32_t file, dxp_prop_kind kind, dxp_loc at, const char *what)
{
    dxp_diag *d = dxp_error(p->diags, "DXP307", keyword_span(file, kind, at), _("'%s' is not a property of %s"),
                            dxp_prop_keyword(kind), what);
    dxp_diag_help(d, _("'%s' belongs in %s"), dxp_prop_keyword(kind), home_of(kind));
}

static void report_repeated(dxp_program *p, int32_t file, dxp_prop_kind kind, dxp_loc at, dxp_loc first)
{
    dxp_diag *d = dxp_error(p->diags, "DXP306", keyword_span(file, kind, at), _("'%s' is given twice"),
                            dxp_prop_keyword(kind));
    dxp_diag_note(d, dxp_span_make(file, first.start, first.end), _("first given here"));
}

/* Checks each property is allowed in decl and given once; returns the props
 * to fold (misplaced and repeated ones are reported and skipped). */
static bool prop_ok(dxp_program *p, int32_t file, unsigned allowed, dxp_prop *pr,
                    const dxp_prop **seen, const char *what)
{
    dxp_misfit_kind why;
    if (dxp_prop_fits(allowed, pr, seen, &why)) return true;
    if (why == DXP_MISFIT_MISPLACED) report_misplaced(p, file, pr->kind, pr->loc, what);
    else report_repeated(p, file, pr->kind, pr->loc, seen[pr->kind]->loc);
    return false;
}

static int compare_names(const void *a, const void *b)
{
    return dxp_str_compare(*(const dxp_str *)a, *(const dxp_str *)b);
}

static void report_unknown(dxp_program *p, dxp_span at, const char *kind, dxp_str name,
                           const dxp_symtab *table)
{
    dxp_diag *d = dxp_error(p->diags, "DXP303", at, _("unknown %s '%.*s'"), kind, (int)name.len, name.ptr);
    if (!d) return;   /* past the limit: not shown, so no suggestion to compute */
    dxp_str best = dxp_symtab_closest(table, name);
    if (best.ptr) {
        dxp_diag_help(d, _("did you mean '%.*s'?"), (int)best.len, best.ptr);
    } else if (table->count > 0 && table->count <= 6) {
        /* A short list is worth showing whole: the rule sets, a plan's goals.
         * Sorted, so that it does not depend on the order of the hash table. */
        dxp_str names[6];
        size_t count = 0;
        for (size_t i = 0; i < table->cap && count < 6; i++)
            if (table->slots[i].value) names[count++] = dxp_symtab_slot_key(table, &table->slots[i]);
        qsort(names, count, sizeof *names, compare_names);
        char list[512] = "";
        for (size_t i = 0; i < count; i++) {
            size_t n = strlen(list);
            snprintf(list + n, sizeof list - n, "%s'%.*s'", n ? ", " : "", (int)names[i].len, names[i].ptr);
        }
        dxp_diag_help(d, _("the %ss declared are %s"), kind, list);
    }
}

static void report_duplicate(dxp_program *p, int32_t file, dxp_loc at, const char *kind,
                             dxp_str name, int32_t first_file, dxp_loc first)
{
    dxp_diag *d = dxp_error(p->diags, "DXP302", dxp_program_span(file, at),
                            _("%s '%.*s' is declared twice"), kind, (int)name.len, name.ptr);
    dxp_diag_note(d, dxp_program_span(first_file, first), _("first declared here"));
}

/* ---- registration ---------------------------------------------------------- */

/* Registers series s (folded by the parser) under its name, a part's full
 * name being set first; false when the name is taken (reported). */
static bool register_series(dxp_program *p, dxp_series *s, int32_t file)
{
    s->file = file;
    dxp_str id = dxp_series_id(s);
    dxp_series *old = dxp_symtab_put(&p->series_names, id, s);
    if (old) {
        report_duplicate(p, file, s->decl->id_loc, s->kind == DXP_SERIES_DATA ? "data" : "kpi", id,
                         old->file, old->decl->id_loc);
        return false;
    }
    s->index = p->nseries;
    DXP_PUSH(p->series, p->nseries, s);
    return true;
}

/* Registers part `part` of kpi under its full name, kpi.part. */
static bool register_part(dxp_program *p, dxp_series *kpi, dxp_series *part, int32_t file)
{
    dxp_str name = dxp_decl_id(part->decl), kpi_id = dxp_series_id(kpi), full;
    full.len = kpi_id.len + 1 + name.len;
    char *buf = dxp_arena_alloc(&p->arena, full.len + 1);
    memcpy(buf, kpi_id.ptr, kpi_id.len);
    buf[kpi_id.len] = '.';
    memcpy(buf + kpi_id.len + 1, name.ptr, name.len);
    full.ptr = buf;
    dxp_series_rare_of(&p->arena, part)->part_id = full;
    dxp_series_rare_of(&p->arena, part)->parent = kpi;   /* the fold set it, but not for a part a revision adds */
    return register_series(p, part, file);
}

/* The parts the parser found in kpi's block; those whose name is taken are
 * left out. */
static void register_parts(dxp_program *p, dxp_series *kpi, int32_t file)
{
    uint32_t kept = 0;
    for (uint32_t i = 0; i < kpi->nparts; i++)
        if (register_part(p, kpi, dxp_series_parts(kpi)[i], file)) dxp_series_parts(kpi)[kept++] = dxp_series_parts(kpi)[i];
    kpi->nparts = kept;
}

static void register_decl(dxp_program *p, int32_t file, dxp_decl *d)
{
    switch (d->kind) {
    case DXP_DECL_UNIT: {
        DXP_PUSH(p->unit_decls, p->nunit_decls, ((dxp_block_ref){ d, file }));
        dxp_unit_def *u = dxp_arena_alloc(&p->arena, sizeof *u);
        u->name = dxp_decl_id(d);
        u->decl = d;
        u->file = file;
        dxp_unit_def *old = dxp_symtab_put(&p->units.names, dxp_decl_id(d), u);
        if (old) {
            if (old->decl) report_duplicate(p, file, d->id_loc, "unit", dxp_decl_id(d), old->file, old->decl->id_loc);
            else dxp_error(p->diags, "DXP302", dxp_program_span(file, d->id_loc),
                           _("unit '%%' is built in and cannot be declared"));
        }
        break;
    }
    case DXP_DECL_GOAL: {
        dxp_goal *g = dxp_arena_alloc(&p->arena, sizeof *g);
        g->decl = d;
        g->file = file;
        dxp_goal *old = dxp_symtab_put(&p->goal_names, dxp_decl_id(d), g);
        if (old) report_duplicate(p, file, d->id_loc, "goal", dxp_decl_id(d), old->file, old->decl->id_loc);
        else { g->index = p->ngoals; DXP_PUSH(p->goals, p->ngoals, g); }
        break;
    }
    case DXP_DECL_MEASURE: {
        dxp_measure *m = dxp_arena_alloc(&p->arena, sizeof *m);
        m->decl = d;
        m->file = file;
        dxp_measure *old = dxp_symtab_put(&p->measure_names, dxp_decl_id(d), m);
        if (old) report_duplicate(p, file, d->id_loc, "measure", dxp_decl_id(d), old->file, old->decl->id_loc);
        else { m->index = p->nmeasures; DXP_PUSH(p->measures, p->nmeasures, m); }
        break;
    }
    case DXP_DECL_KPI:
        if (register_series(p, d->series, file)) register_parts(p, d->series, file);
        break;
    case DXP_DECL_DATA:
        register_series(p, d->series, file);
        break;
    case DXP_DECL_RULES: {
        DXP_PUSH(p->rule_decls, p->nrule_decls, ((dxp_block_ref){ d, file }));
        dxp_decl *old = dxp_symtab_put(&p->rules_names, dxp_decl_id(d), d);
        if (old) {
            /* Which file the first one is in is not kept for rules; point at it anyway. */
            dxp_diag *g = dxp_error(p->diags, "DXP302", dxp_program_span(file, d->id_loc),
                                    _("rule set '%.*s' is declared twice"), DXP_DECL_NAME(d));
            dxp_diag_help(g, _("give your own rule set a new name, e.g. `rules %.*s_local`"),
                          DXP_DECL_NAME(d));
        }
        break;
    }
    case DXP_DECL_PLAN:
        if (p->plan.decl) {
            report_duplicate(p, file, d->id_loc, "plan", dxp_decl_id(d), p->plan.file, p->plan.decl->id_loc);
        } else {
            p->plan.decl = d;
            p->plan.file = file;
        }
        break;
    case DXP_DECL_ACTUALS:
        DXP_PUSH(p->actuals, p->nactuals, ((dxp_block_ref){ d, file }));
        break;
    case DXP_DECL_REVISE:
        DXP_PUSH(p->revisions, p->nrevisions, ((dxp_block_ref){ d, file }));
        break;
    case DXP_DECL_IMPORT:
    case DXP_DECL_PART:
        break;
    }
}

/* Registers a file's declarations in order. Each KPI's name and its slot in
 * the table of names are cache misses in a national plan: they are fetched
 * for the declarations a few places ahead (the name 16 ahead, the slot 8
 * ahead, once the name is there to hash) while this one is registered. */
static void register_file(dxp_program *p, const dxp_file *f)
{
    enum { NAME_AHEAD = 16, SLOT_AHEAD = 8 };
    const dxp_decl *name_ahead = f->decls, *slot_ahead = f->decls;
    for (int k = 0; k < NAME_AHEAD && name_ahead; k++) name_ahead = name_ahead->next;
    for (int k = 0; k < SLOT_AHEAD && slot_ahead; k++) slot_ahead = slot_ahead->next;
    for (dxp_decl *d = f->decls; d; d = d->next) {
        if (name_ahead) {
            __builtin_prefetch(dxp_decl_id(name_ahead).ptr);
            name_ahead = name_ahead->next;
        }
        if (slot_ahead) {
            if (slot_ahead->kind == DXP_DECL_KPI || slot_ahead->kind == DXP_DECL_DATA) {
                dxp_symtab_prefetch(&p->series_names, dxp_symtab_hash(dxp_decl_id(slot_ahead)));
                __builtin_prefetch(slot_ahead->series);
            }
            slot_ahead = slot_ahead->next;
        }
        register_decl(p, f->file, d);
    }
}

/* ---- units ------------------------------------------------------------------ */

static void resolve_unit_def(dxp_program *p, dxp_unit_def *u);

/* dxp_program_unit_of; for a unit of one term (件, %) that is declared, its
 * declaration in *alone, if asked for. */
static bool unit_of_ref(dxp_program *p, int32_t file, const dxp_unit_ref *ref, dxp_unit *out,
                        bool report, const dxp_unit_def **alone)
{
    dxp_unit r = DXP_UNIT_ONE;
    bool ok = true;
    dxp_unit_term one;
    for (const dxp_unit_term *t = dxp_unit_ref_terms(ref, &one); t; t = t->next) {
        dxp_str name = dxp_unit_term_name(t);
        dxp_unit_def *def = dxp_symtab_get(&p->units.names, name);
        if (!def) {
            if (report) {
                dxp_diag *d = dxp_error(p->diags, "DXP401", dxp_program_span(file, t->loc),
                                        _("unknown unit '%.*s'"), (int)name.len, name.ptr);
                dxp_str best = d ? dxp_symtab_closest(&p->units.names, name) : (dxp_str){ NULL, 0 };
                if (best.ptr) dxp_diag_help(d, _("did you mean '%.*s'?"), (int)best.len, best.ptr);
                else dxp_diag_help(d, _("declare it with `unit %.*s`, or `import \"std\"` for the "
                                      "common units"), (int)name.len, name.ptr);
            }
            ok = false;
            continue;
        }
        resolve_unit_def(p, def);
        dxp_program_use(p, def->file);
        if (alone && !ref->terms) *alone = def;
        bool fits = t->exponent > 0 ? dxp_unit_mul(&r, &def->unit, &r)
                                    : dxp_unit_div(&r, &def->unit, &r);
        if (!fits) {
            if (report)
                dxp_error(p->diags, "DXP401", dxp_program_span(file, ref->loc),
                          _("unit has more than %d different base units"), DXP_UNIT_MAX_DIMS);
            ok = false;
        }
    }
    *out = r;
    return ok;
}

bool dxp_program_unit_of(dxp_program *p, int32_t file, const dxp_unit_ref *ref, dxp_unit *out,
                         bool report)
{
    return unit_of_ref(p, file, ref, out, report, NULL);
}

static void resolve_unit_def(dxp_program *p, dxp_unit_def *u)
{
    if (u->resolved) return;
    if (u->resolving) {
        dxp_error(p->diags, "DXP410", dxp_program_span(u->file, u->decl->id_loc),
                  _("unit '%.*s' is defined in terms of itself"), (int)u->name.len, u->name.ptr);
        u->unit = DXP_UNIT_ONE;
        u->resolved = true;
        return;
    }
    dxp_decl *d = u->decl;
    if (!d->has_conversion && p->units.nbases >= UINT16_MAX) {
        dxp_diag *diag = dxp_error(p->diags, "DXP410", dxp_program_span(u->file, d->id_loc),
                                   _("more than %d base units are declared"), UINT16_MAX);
        dxp_diag_help(diag, _("declare this unit in terms of another (unit 千件 = 1000 件)"));
        u->unit = DXP_UNIT_ONE;
        u->resolved = true;
        return;
    }
    if (!d->has_conversion) {
        u->unit = DXP_UNIT_ONE;
        u->unit.ndims = 1;
        u->unit.dims[0].base = dxp_units_new_base(&p->units, u->name);
        u->unit.dims[0].exponent = 1;
        u->resolved = true;
        return;
    }
    u->resolving = true;
    dxp_unit of;
    const dxp_conversion *conv = d->conversion;
    dxp_program_unit_of(p, u->file, conv->unit, &of, true);
    u->resolving = false;
    if (u->resolved) return;   /* a cycle was reported on the way */
    if (conv->factor.value <= 0)
        dxp_error(p->diags, "DXP410", dxp_program_span(u->file, conv->factor.loc),
                  _("a unit conversion factor must be positive"));
    u->unit = of;
    u->unit.factor = of.factor * (conv->factor.value > 0 ? conv->factor.value : 1);
    u->resolved = true;
}

static void resolve_units(dxp_program *p)
{
    for (size_t i = 0; i < p->nunit_decls; i++) {
        dxp_decl *d = p->unit_decls[i].decl;
        dxp_unit_def *u = dxp_symtab_get(&p->units.names, dxp_decl_id(d));
        if (u && u->decl == d) resolve_unit_def(p, u);
    }
}

/* ---- folding properties ------------------------------------------------------- */

/* Ranges of years in tables that stand for no year (R6..R3), which the
 * parser set aside. */
static void report_bad_ranges(dxp_program *p)
{
    for (size_t f = 0; f < p->nfiles; f++)
        for (const dxp_bad_range *b = p->files[f]->bad_ranges; b; b = b->next)
            dxp_error(p->diags, "DXP407", dxp_program_span(p->files[f]->file, b->loc),
                      b->kind == DXP_RANGE_BACKWARDS ? _("the range runs backwards")
                      : b->kind == DXP_RANGE_TOO_LONG ? _("the range is longer than the years dxp accepts")
                      : _("a table holds at most 1,000 years: this entry and those after it are left out"));
}

static void report_bad_direction(dxp_program *p, int32_t file, dxp_loc name_at)
{
    const char *name = dxp_diags_source(p->diags, file)->text + name_at.start;
    dxp_diag *d = dxp_error(p->diags, "DXP308", dxp_program_span(file, name_at),
                            _("direction must be up, down or keep, not '%.*s'"),
                            (int)(name_at.end - name_at.start), name);
    dxp_diag_help(d, _("up: more is better (default); down: less is better (incidents); "
                     "keep: stay within a range"));
}

/* What the parser left out of a series' block (fold.h). */
static void report_misfits(dxp_program *p, const dxp_series *s)
{
    const char *what = s->kind == DXP_SERIES_KPI ? _("a kpi") : s->kind == DXP_SERIES_PART ? _("a part") : _("data");
    for (const dxp_misfit *m = dxp_series_misfits(s); m; m = m->next) {
        switch (m->kind) {
        case DXP_MISFIT_MISPLACED:     report_misplaced(p, s->file, m->prop, m->loc, what); break;
        case DXP_MISFIT_REPEATED:      report_repeated(p, s->file, m->prop, m->loc, m->other); break;
        case DXP_MISFIT_BAD_DIRECTION: report_bad_direction(p, s->file, m->other); break;
        }
    }
}

/* The unit of a series, as resolving keeps it: that of the unit's declaration
 * when it is one unit (件, %: nearly every KPI), else a copy in the arena;
 * NULL when a unit in it is unknown (reported). */
static const dxp_unit *shared_unit(dxp_program *p, int32_t file, const dxp_unit_ref *ref)
{
    dxp_unit unit;
    const dxp_unit_def *alone = NULL;
    if (!unit_of_ref(p, file, ref, &unit, true, &alone)) return NULL;
    if (alone) return &alone->unit;   /* resolved, and the same as unit */
    dxp_unit *copy = dxp_arena_alloc(&p->arena, sizeof *copy);
    *copy = unit;
    return copy;
}

/* Links what the parser folded into s to the other declarations. */
static void finish_series(dxp_program *p, dxp_series *s)
{
    report_misfits(p, s);
    dxp_unit_ref written;
    if (s->has_unit_ref) s->unit = shared_unit(p, s->file, dxp_series_unit_ref(s, &written));
    /* The measure is looked up here, where the series are finished in two
     * halves at once (a cache miss each in a national plan), and linked in
     * order by link_kpi_measure; until then it is only found, not linked. */
    if (s->kind == DXP_SERIES_KPI && dxp_series_names_measure(s))
        s->measure = dxp_symtab_get(&p->measure_names, dxp_series_measure_name(s));
    const dxp_series *parent = dxp_series_parent(s);
    if (parent) {
        /* A part inherits what it does not say itself. */
        if (!s->direction_given) s->direction = parent->direction;
        if (!s->has_unit_ref) s->unit = parent->unit;
        if (!s->reference) s->reference = parent->reference;
    }
}

static void fold_goal(dxp_program *p, dxp_goal *g)
{
    const dxp_prop *seen[DXP_PROP_PART + 1] = { 0 };
    for (dxp_prop *pr = g->decl->props; pr; pr = pr->next) {
        if (!prop_ok(p, g->file, dxp_props_allowed(DXP_DECL_GOAL), pr, seen, _("a goal"))) continue;
        if (pr->kind == DXP_PROP_LABEL) g->label = pr->str;
        else if (pr->kind == DXP_PROP_BUDGET) dxp_table_add_entries(&p->arena, &g->budget, pr);
    }
}

static void fold_measure(dxp_program *p, dxp_measure *m)
{
    const dxp_prop *seen[DXP_PROP_PART + 1] = { 0 };
    for (dxp_prop *pr = m->decl->props; pr; pr = pr->next) {
        if (!prop_ok(p, m->file, dxp_props_allowed(DXP_DECL_MEASURE), pr, seen, _("a measure"))) continue;
        switch (pr->kind) {
        case DXP_PROP_GOAL:   m->goal_prop = pr; break;
        case DXP_PROP_OWNER:  m->owners = pr->strings; break;
        case DXP_PROP_SINCE:  m->has_since = true; m->since = pr->year; break;
        case DXP_PROP_FLAGS:  m->flags = pr->strings; break;
        case DXP_PROP_BUDGET: dxp_table_add_entries(&p->arena, &m->budget, pr); break;
        default: break;
        }
    }
    if (m->goal_prop) {
        dxp_goal *g = dxp_symtab_get(&p->goal_names, m->goal_prop->name);
        if (!g) {
            report_unknown(p, dxp_program_span(m->file, m->goal_prop->arg_loc), "goal",
                           m->goal_prop->name, &p->goal_names);
        } else {
            dxp_program_use(p, g->file);
            m->goal = g;
            DXP_PUSH(g->measures, g->nmeasures, m);
        }
    }
}

static void link_kpi_measure(dxp_program *p, dxp_series *s)
{
    if (!dxp_series_names_measure(s)) return;
    dxp_measure *m = s->measure;   /* found by finish_series */
    if (!m) {
        dxp_span at = dxp_program_span(s->file, s->measure_loc);
        dxp_str name = dxp_series_measure_name(s);
        if (dxp_symtab_get(&p->goal_names, name)) {
            dxp_diag *d = dxp_error(p->diags, "DXP305", at, _("'%.*s' is a goal, not a measure"),
                                    (int)name.len, name.ptr);
            dxp_diag_help(d, _("a KPI belongs to a measure, and the measure to its goal"));
        } else {
            report_unknown(p, at, "measure", name, &p->measure_names);
        }
        return;
    }
    dxp_program_use(p, m->file);
    s->measure = m;
    m->nkpis++;   /* counted here, listed by list_measure_kpis */
}

/* Each measure's KPIs, in declaration order, in an array of the size
 * link_kpi_measure counted: a national plan's 10,000 measures of a few
 * KPIs each, whose arrays grown by doubling took a megabyte and a half. */
static void list_measure_kpis(dxp_program *p)
{
    for (size_t i = 0; i < p->nmeasures; i++) {
        dxp_measure *m = p->measures[i];
        m->kpis = dxp_arena_alloc(&p->arena, m->nkpis * sizeof *m->kpis);
        m->nkpis = 0;
    }
    for (size_t i = 0; i < p->nseries; i++) {
        dxp_series *s = p->series[i];
        if (s->kind == DXP_SERIES_KPI && s->measure) s->measure->kpis[s->measure->nkpis++] = s;
    }
}

/* The rule set `rules` extends, or NULL (none, or an unknown one). */
static dxp_decl *rules_base(const dxp_program *p, const dxp_decl *rules)
{
    const dxp_rules_base *base = rules->rules->base;
    return base ? dxp_symtab_get(&p->rules_names, base->name) : NULL;
}

/* A rule set and its place in p->rule_decls, sorted by address: the
 * extends check and the marking of a chain as used find a rule set's place
 * by binary search. Resolving sorts them once for both. */
typedef struct rules_place { const dxp_decl *decl; size_t index; } rules_place;

static int compare_places(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const rules_place *)a)->decl, y = (uintptr_t)((const rules_place *)b)->decl;
    return x < y ? -1 : x > y;
}

/* The rule sets of p, sorted by address (free it). */
static rules_place *rules_places(const dxp_program *p)
{
    rules_place *places = dxp_xmalloc((p->nrule_decls ? p->nrule_decls : 1) * sizeof *places);
    for (size_t i = 0; i < p->nrule_decls; i++) places[i] = (rules_place){ p->rule_decls[i].decl, i };
    qsort(places, p->nrule_decls, sizeof *places, compare_places);
    return places;
}

static size_t place_of(const rules_place *places, size_t n, const dxp_decl *d)
{
    rules_place key = { d, 0 };
    const rules_place *found = bsearch(&key, places, n, sizeof *places, compare_places);
    return found->index;   /* every rule set with a name in rules_names is in rule_decls */
}

/* Reports a cycle of extends, given as the rule sets' places in order: at
 * the first of them in the program, naming the chain (cyc1 → cyc2 → cyc1). */
static void report_rules_cycle(dxp_program *p, const size_t *cycle, size_t n)
{
    size_t first = 0;
    for (size_t k = 1; k < n; k++)
        if (cycle[k] < cycle[first]) first = k;
    char chain[512];
    size_t len = 0;
    for (size_t k = 0; k <= n && len < sizeof chain; k++) {
        const dxp_decl *d = p->rule_decls[cycle[(first + k) % n]].decl;
        len += (size_t)snprintf(chain + len, sizeof chain - len, "%s%.*s", k ? " → " : "", DXP_DECL_NAME(d));
    }
    if (len >= sizeof chain) {   /* cut short: at a character's start, with "…" */
        size_t cut = sizeof chain - sizeof "…";
        while (cut > 0 && dxp_utf8_is_continuation(chain[cut])) cut--;
        strcpy(chain + cut, "…");
    }
    const dxp_block_ref *at = &p->rule_decls[cycle[first]];
    dxp_diag *g = dxp_error(p->diags, "DXP405", dxp_program_span(at->file, at->decl->rules->base->loc),
                            _("rule set '%.*s' extends itself: %s"), DXP_DECL_NAME(at->decl), chain);
    dxp_diag_help(g, _("a rule set may extend one that extends another, but the chain must end"));
}

/* Every `extends` names a rule set, and no chain of them comes back to where
 * it started: a key is looked up along the chain, which must end. Each rule
 * set extends at most one, so one walk from each, stopping at rule sets
 * already walked, finds every cycle once, in time linear in their number. */
static void check_rule_bases(dxp_program *p, const rules_place *places)
{
    size_t n = p->nrule_decls;
    if (n == 0) return;
    enum { NEW, ON_PATH, DONE };
    unsigned char *state = dxp_xcalloc(n, 1);
    size_t *path = dxp_xmalloc(n * sizeof *path);
    for (size_t i = 0; i < n; i++) {
        size_t len = 0, at = i;
        while (state[at] == NEW) {
            state[at] = ON_PATH;
            path[len++] = at;
            const dxp_block_ref *r = &p->rule_decls[at];
            const dxp_rules_base *extends = r->decl->rules->base;
            if (!extends) break;
            const dxp_decl *base = rules_base(p, r->decl);
            if (!base) {
                report_unknown(p, dxp_program_span(r->file, extends->loc), "rule set", extends->name,
                               &p->rules_names);
                break;
            }
            at = place_of(places, n, base);
            if (state[at] == ON_PATH) {   /* back on this walk: the path from `at` on is a cycle */
                size_t from = 0;
                while (path[from] != at) from++;
                report_rules_cycle(p, path + from, len - from);
            }
        }
        for (size_t k = 0; k < len; k++) state[path[k]] = DONE;
    }
    free(path);
    free(state);
}

/* A rule set is used with the ones it extends, and so are their files. */
static void mark_rules_used(dxp_program *p, const rules_place *places, dxp_decl *rules)
{
    /* No chain comes back on itself (check_rule_bases): this bound is for a program with errors. */
    for (size_t hops = 0; rules && hops < p->nrule_decls; hops++) {
        dxp_program_use(p, p->rule_decls[place_of(places, p->nrule_decls, rules)].file);
        rules = rules_base(p, rules);
    }
}

static void fold_plan(dxp_program *p, const rules_place *places)
{
    dxp_plan_info *pl = &p->plan;
    pl->fiscal_start = 4;
    if (!pl->decl) return;
    const dxp_prop *seen[DXP_PROP_PART + 1] = { 0 };
    for (dxp_prop *pr = pl->decl->props; pr; pr = pr->next) {
        if (!prop_ok(p, pl->file, dxp_props_allowed(DXP_DECL_PLAN), pr, seen, _("the plan"))) continue;
        dxp_span at = dxp_program_span(pl->file, pr->arg_loc);
        switch (pr->kind) {
        case DXP_PROP_PERIOD:
            pl->has_period = true;
            pl->period_prop = pr;
            pl->first = pr->year;
            pl->last = pr->year_to;
            if (pl->last.fy < pl->first.fy)
                dxp_error(p->diags, "DXP407", at, _("the plan period ends before it starts"));
            break;
        case DXP_PROP_STAGE:
            if (dxp_str_eq(pr->name, "final")) pl->final = true;
            else if (!dxp_str_eq(pr->name, "draft")) {
                dxp_diag *d = dxp_error(p->diags, "DXP308", at, _("stage must be draft or final, not '%.*s'"),
                                        (int)pr->name.len, pr->name.ptr);
                dxp_diag_help(d, _("draft allows pending (調整中) targets; final forbids them"));
            }
            break;
        case DXP_PROP_RULES:
            pl->rules_prop = pr;
            pl->rules = dxp_symtab_get(&p->rules_names, pr->name);
            if (!pl->rules) report_unknown(p, at, "rule set", pr->name, &p->rules_names);
            else mark_rules_used(p, places, pl->rules);
            break;
        case DXP_PROP_FISCAL_START:
            if (pr->number.value < 1 || pr->number.value > 12 ||
                pr->number.value != (int)pr->number.value)
                dxp_error(p->diags, "DXP308", at, _("fiscal_year_start is a month from 1 to 12"));
            else pl->fiscal_start = (int)pr->number.value;
            break;
        default:
            break;
        }
    }
    if (!pl->rules_prop) pl->rules = dxp_symtab_get(&p->rules_names, dxp_str_from("standard"));
    if (!pl->rules_prop && pl->rules) mark_rules_used(p, places, pl->rules);
}

/* ---- actuals and revisions --------------------------------------------------------- */

/* s, the series named `key` (NULL: reported as unknown), marked as used. */
static dxp_series *known_series(dxp_program *p, int32_t file, dxp_series *s, dxp_str key, dxp_loc at)
{
    if (!s) report_unknown(p, dxp_program_span(file, at), "kpi", key, &p->series_names);
    else dxp_program_use(p, s->file);
    return s;
}

static void attach_revisions(dxp_program *p, dxp_decl *block, int32_t file)
{
    for (dxp_item *it = block->items; it; it = it->next) {
        dxp_str key = dxp_item_key(it);
        dxp_series *s = dxp_symtab_get(&p->series_names, key);
        dxp_measure *m = s ? NULL : dxp_symtab_get(&p->measure_names, key);
        if (!s && !m) {
            report_unknown(p, dxp_program_span(file, it->key_loc), "kpi or measure", key,
                           &p->series_names);
            continue;
        }
        dxp_program_use(p, s ? s->file : m->file);
        dxp_revision *r = dxp_arena_alloc(&p->arena, sizeof *r);
        r->revise = block;
        r->item = it;
        r->file = file;
        const dxp_prop *seen[DXP_PROP_PART + 1] = { 0 };
        for (dxp_prop *pr = it->props; pr; pr = pr->next) {
            if (!prop_ok(p, file, s ? SERIES_REVISION : MEASURE_REVISION, pr, seen,
                         s ? _("a kpi's revision") : _("a measure's revision")))
                continue;
            if (pr->kind == DXP_PROP_PART) {
                /* A part added mid-plan: a series of its own from now on. */
                dxp_series *part = pr->part->series;
                if (register_part(p, s, part, file)) {
                    DXP_ARENA_PUSH(&p->arena, dxp_series_rare_of(&p->arena, s)->parts, s->nparts, part);
                    dxp_series_rare_of(&p->arena, part)->introduced = r;
                    finish_series(p, part);
                }
            }
        }
        dxp_revision **tail = s ? &dxp_series_rare_of(&p->arena, s)->revisions : &m->revisions;
        while (*tail) tail = &(*tail)->next;
        *tail = r;
    }
}

/* The keys of an actuals block's values or of its notes, written in `text`. */
typedef struct key_list {
    const char *text;
    dxp_year_entry *values;   /* one of these two */
    dxp_year_note *notes;
} key_list;

static dxp_str key_at(const key_list *keys, size_t i)
{
    return keys->values ? dxp_actual_key(keys->text, &keys->values[i]) : dxp_year_note_key(keys->text, &keys->notes[i]);
}

enum { LOOKUP_BATCH = 1024 };

/* found[i] = the series that key from + i names (or NULL), for count keys,
 * a batch at a time: in a national plan every lookup is a cache miss, and a
 * batch has many in flight. */
static void look_up_keys(const dxp_symtab *names, const key_list *keys, size_t from, size_t count, void **found)
{
    dxp_str batch[LOOKUP_BATCH];
    for (size_t done = 0; done < count;) {
        size_t n = count - done < LOOKUP_BATCH ? count - done : LOOKUP_BATCH;
        for (size_t k = 0; k < n; k++) batch[k] = key_at(keys, from + done + k);
        dxp_symtab_get_many(names, batch, n, found + done);
        done += n;
    }
}

/* The helper thread's job in a large actuals block: the second half's keys. */
typedef struct key_lookup {
    const dxp_symtab *names;
    const key_list *keys;
    size_t from, count;
    void **found;
} key_lookup;

static void run_lookup(void *arg)
{
    key_lookup *job = arg;
    look_up_keys(job->names, job->keys, job->from, job->count, job->found);
}

/* The i-th value of an actuals block, for s (NULL: unknown); a KPI's first
 * is the block's entry. */
static void attach_value(dxp_program *p, dxp_series *s, const key_list *keys, size_t i, int32_t file)
{
    dxp_year_entry *e = &keys->values[i];
    if (!known_series(p, file, s, key_at(keys, i), e->loc)) return;
    if (s->nparts > 0) {
        dxp_diag *d = dxp_error(p->diags, "DXP305", dxp_program_span(file, e->loc),
                                _("'%.*s' has parts: report each part's actual"),
                                DXP_SERIES_NAME(s));
        dxp_str first = dxp_series_id(dxp_series_parts(s)[0]);
        dxp_diag_help(d, _("for example `%.*s: …`"), (int)first.len, first.ptr);
        return;
    }
    if (s->actuals.count == 0 && s->actuals.cap == 0) {
        /* shared, not copied: a table that outgrows it gets an array of its own */
        s->actuals = (dxp_table){ e, 1, 1 };
        return;
    }
    dxp_table_add(&p->arena, &s->actuals, e->year, e->value, e->loc, e->file, true);
}

/* The i-th note of an actuals block, for s; a KPI's first is the block's. */
static void attach_note(dxp_program *p, dxp_series *s, const key_list *keys, size_t i, int32_t file)
{
    dxp_year_note *n = &keys->notes[i];
    if (!known_series(p, file, s, key_at(keys, i), (dxp_loc){ n->key_start, n->key_start + n->key_len })) return;
    if (s->nnotes == 0) {
        s->notes = n;   /* DXP_ARENA_PUSH copies it when a second comes */
        s->nnotes = 1;
    } else {
        DXP_ARENA_PUSH(&p->arena, s->notes, s->nnotes, *n);
    }
}

typedef void attach_fn(dxp_program *p, dxp_series *s, const key_list *keys, size_t i, int32_t file);

/* Attaches keys from .. from + n, found[k] being the series key from + k names. */
static void attach_found(dxp_program *p, const key_list *keys, size_t from, size_t n, void *const *found,
                         int32_t file, attach_fn *attach)
{
    for (size_t k = 0; k < n; k++) {
        if (k + 4 < n && found[k + 4]) __builtin_prefetch(found[k + 4]);
        attach(p, found[k], keys, from + k, file);
    }
}

/* Attaches the values (or the notes) of an actuals block to the KPIs their
 * keys name. A national plan's block has a value and a note for each of
 * hundreds of thousands of KPIs: another thread looks up the second half's
 * keys while this one looks up and attaches the first, then this one
 * attaches the second, so that tables, notes and diagnostics come out in
 * order, as from one thread. */
static void attach_all(dxp_program *p, const key_list *keys, size_t count, int32_t file, attach_fn *attach)
{
    size_t half = count >= DXP_THREADS_MIN_KPIS && dxp_threads_available() ? count / 2 : 0;
    key_lookup later = { &p->series_names, keys, half, count - half, NULL };
    dxp_thread helper = { 0 };
    if (half) {
        later.found = dxp_xmalloc(later.count * sizeof *later.found);
        dxp_thread_start(&helper, run_lookup, &later);
    }
    void *found[LOOKUP_BATCH];
    size_t first_end = half ? half : count;
    for (size_t done = 0; done < first_end;) {
        size_t n = first_end - done < LOOKUP_BATCH ? first_end - done : LOOKUP_BATCH;
        look_up_keys(&p->series_names, keys, done, n, found);
        attach_found(p, keys, done, n, found, file, attach);
        done += n;
    }
    if (half) {
        dxp_thread_join(&helper);
        attach_found(p, keys, half, later.count, later.found, file, attach);
        free(later.found);
    }
}

/* `budget goal: 1,828,557 千円` in an actuals block: the year's 決算額. */
static void attach_budget(dxp_program *p, const char *text, const dxp_year_entry *e, int32_t file)
{
    dxp_str key = dxp_actual_key(text, e);
    dxp_goal *g = dxp_symtab_get(&p->goal_names, key);
    dxp_measure *m = g ? NULL : dxp_symtab_get(&p->measure_names, key);
    if (!g && !m) {
        report_unknown(p, dxp_program_span(file, e->loc), "goal or measure", key, &p->goal_names);
        return;
    }
    dxp_program_use(p, g ? g->file : m->file);
    dxp_table_add(&p->arena, g ? &g->budget : &m->budget, e->year, e->value, e->loc, file, true);
}

static void attach_actuals(dxp_program *p, dxp_decl *block, int32_t file)
{
    dxp_actuals_block *b = block->actuals;
    const char *text = dxp_diags_source(p->diags, file)->text;
    attach_all(p, &(key_list){ text, b->values, NULL }, b->nvalues, file, attach_value);
    attach_all(p, &(key_list){ text, NULL, b->notes }, b->nnotes, file, attach_note);
    for (uint32_t i = 0; i < b->nbudgets; i++) attach_budget(p, text, &b->budgets[i], file);
}

static void finish_one(dxp_program *p, dxp_series *s, void *arg)
{
    (void)arg;
    finish_series(p, s);
}

void dxp_resolve(dxp_program *p)
{
    size_t nseries = 0;
    for (size_t f = 0; f < p->nfiles; f++) nseries += p->files[f]->nseries;
    dxp_symtab_reserve(&p->series_names, nseries);
    for (size_t f = 0; f < p->nfiles; f++) register_file(p, p->files[f]);
    resolve_units(p);
    report_bad_ranges(p);
    rules_place *places = rules_places(p);
    check_rule_bases(p, places);
    fold_plan(p, places);
    free(places);
    for (size_t i = 0; i < p->ngoals; i++) fold_goal(p, p->goals[i]);
    for (size_t i = 0; i < p->nmeasures; i++) fold_measure(p, p->measures[i]);
    /* Parents come before their parts in the list, so parts can inherit. */
    dxp_program_each_series(p, finish_one, NULL);
    /* In declaration order, a cache miss or two per KPI: fetched 8 ahead. */
    for (size_t i = 0; i < p->nseries; i++) {
        if (i + 8 < p->nseries) {
            __builtin_prefetch(p->series[i + 8]);
            __builtin_prefetch(&p->series[i + 8]->measure_loc);
        }
        if (p->series[i]->kind == DXP_SERIES_KPI) link_kpi_measure(p, p->series[i]);
    }
    list_measure_kpis(p);
    /* Revisions first: they may add parts that actuals report on. */
    for (size_t i = 0; i < p->nrevisions; i++)
        attach_revisions(p, p->revisions[i].decl, p->revisions[i].file);
    for (size_t i = 0; i < p->nactuals; i++) attach_actuals(p, p->actuals[i].decl, p->actuals[i].file);
}
