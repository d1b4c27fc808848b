/* check.c — the type checker: units, years, value states and formulas.
 *
 * Runs over the resolved program and reports every problem it finds (it never
 * stops at the first). What is checked here makes a plan wrong; what only
 * makes it doubtful (pending targets, ambition, stale values) is lint's. */
#include "dxp/program.h"
#include "dxp/i18n.h"

#include "dxp/literal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum value_role { ROLE_BASELINE, ROLE_TARGET, ROLE_ACTUAL, ROLE_BUDGET } value_role;

static const char *const ROLE_NAMES[] = { N_("a baseline"), N_("a target"), N_("an actual"), N_("a budget") };

#define S(x) (1u << (x))
/* Which value states make sense where (LANGUAGE.md §5). */
static const unsigned STATES_ALLOWED[] = {
    [ROLE_BASELINE] = S(DXP_STATE_PENDING) | S(DXP_STATE_REVIEWING) | S(DXP_STATE_UNPUBLISHED) |
                      S(DXP_STATE_UNMEASURED) | S(DXP_STATE_NONE) | S(DXP_STATE_NEW) | S(DXP_STATE_FROM),
    [ROLE_TARGET]   = S(DXP_STATE_PENDING) | S(DXP_STATE_REVIEWING) | S(DXP_STATE_NONE),
    [ROLE_ACTUAL]   = S(DXP_STATE_PENDING) | S(DXP_STATE_REVIEWING) | S(DXP_STATE_UNPUBLISHED) |
                      S(DXP_STATE_UNMEASURED) | S(DXP_STATE_NONE),
    [ROLE_BUDGET]   = S(DXP_STATE_PENDING) | S(DXP_STATE_UNPUBLISHED) | S(DXP_STATE_NONE),
};

typedef struct checker {
    dxp_program *p;
    bool too_deep;         /* the expression in hand was reported as too deep */
    dxp_unit yen;          /* unit of 円, for budgets */
    bool has_yen;
} checker;

static dxp_span span(int32_t file, dxp_loc loc)
{
    return dxp_program_span(file, loc);
}

static const char *describe(checker *c, const dxp_unit *u, char *buf, size_t size)
{
    return dxp_unit_describe(&c->p->units, u, buf, size);
}

/* Source text at loc in file: how the user wrote a value or a unit. */
static dxp_str written(checker *c, int32_t file, dxp_loc loc)
{
    dxp_str s = { dxp_diags_source(c->p->diags, file)->text + loc.start, loc.end - loc.start };
    return s;
}

/* A KPI's unit as the plan writes it (千円/社); in base terms if none is written. */
static const char *unit_text(checker *c, dxp_series *s, const dxp_unit *unit, char *buf, size_t size)
{
    const dxp_series *w = s;
    while (w && !w->has_unit_ref) w = dxp_series_parent(w);
    if (w && unit == s->unit) {
        dxp_str t = written(c, w->file, w->unit_loc);
        snprintf(buf, size, "%.*s", (int)t.len, t.ptr);
        return buf;
    }
    return describe(c, unit, buf, size);
}

static void check_year(checker *c, int32_t file, dxp_loc loc, dxp_year y)
{
    if (y.fy < DXP_MIN_YEAR || y.fy > DXP_MAX_YEAR)
        dxp_error(c->p->diags, "DXP407", span(file, loc), _("fiscal year %d is outside the years "
                  "dxp accepts (%d to %d)"), y.fy, DXP_MIN_YEAR, DXP_MAX_YEAR);
}

static bool in_period(checker *c, dxp_year y)
{
    const dxp_plan_info *pl = &c->p->plan;
    return !pl->has_period || (y.fy >= pl->first.fy && y.fy <= pl->last.fy);
}

static void report_outside_period(checker *c, int32_t file, dxp_loc loc, dxp_year y, const char *what)
{
    char a[32], b[32], yb[32];
    const dxp_plan_info *pl = &c->p->plan;
    dxp_diag *d = dxp_error(c->p->diags, "DXP404", span(file, loc),
                            _("%s: %s is outside the plan period %s..%s"), what,
                            dxp_year_format(y, yb, sizeof yb), dxp_year_format(pl->first, a, sizeof a),
                            dxp_year_format(pl->last, b, sizeof b));
    dxp_diag_note(d, span(pl->file, pl->period_prop->loc), _("the plan's period is set here"));
}

/* ---- expressions ----------------------------------------------------------- */

typedef enum type_kind { T_ERROR, T_QUANTITY, T_BOOL, T_STRING, T_YEAR, T_STATE } type_kind;

typedef struct type {
    type_kind kind;
    dxp_unit unit;
    bool bare;     /* a number written without a unit: it takes the other side's unit */
} type;

static const type ERROR_TYPE = { T_ERROR, { 1.0, 0, { { 0, 0 } } }, false };

static type quantity(dxp_unit u)
{
    type t = { T_QUANTITY, u, false };
    return t;
}

static type simple(type_kind k)
{
    type t = ERROR_TYPE;
    t.kind = k;
    return t;
}

static const char *kind_name(type_kind k)
{
    switch (k) {
    case T_QUANTITY: return _("a quantity");
    case T_BOOL:     return _("true or false");
    case T_STRING:   return _("a string");
    case T_YEAR:     return _("a fiscal year");
    case T_STATE:    return _("a value state");
    default:         return _("an error");
    }
}

static const char *const FUNCTIONS[] = { "min", "max", "abs", "round", "floor", "ceil", NULL };

static type type_expr(checker *c, dxp_series *self, int32_t file, dxp_expr *e, int depth);

static type series_type(checker *c, dxp_series *s)
{
    return s->unit ? quantity(*s->unit) : ERROR_TYPE;
}

static type type_name(checker *c, int32_t file, dxp_expr *e)
{
    if (dxp_str_eq(e->str, "year")) return simple(T_YEAR);
    dxp_series *s = dxp_symtab_get(&c->p->series_names, e->str);
    if (!s) {
        dxp_diag *d = dxp_error(c->p->diags, "DXP303", span(file, e->loc), _("unknown kpi or data '%.*s'"),
                                (int)e->str.len, e->str.ptr);
        dxp_str best = d ? dxp_symtab_closest(&c->p->series_names, e->str) : (dxp_str){ NULL, 0 };
        if (best.ptr) dxp_diag_help(d, _("did you mean '%.*s'?"), (int)best.len, best.ptr);
        return ERROR_TYPE;
    }
    dxp_program_use(c->p, s->file);
    if (s->nparts > 0) {
        dxp_error(c->p->diags, "DXP305", span(file, e->loc), _("'%.*s' has parts; name one of them"),
                  (int)e->str.len, e->str.ptr);
        return ERROR_TYPE;
    }
    return series_type(c, s);
}

static bool same_dimension(checker *c, int32_t file, dxp_expr *e, type a, type b, const char *verb)
{
    if (a.bare || b.bare || dxp_unit_same_dimension(&a.unit, &b.unit)) return true;
    char x[96], y[96];
    dxp_error(c->p->diags, "DXP403", span(file, e->loc), _("cannot %s %s and %s"), verb,
              describe(c, &a.unit, x, sizeof x), describe(c, &b.unit, y, sizeof y));
    return false;
}

static type type_binary(checker *c, dxp_series *self, int32_t file, dxp_expr *e, int depth)
{
    type a = type_expr(c, self, file, e->a, depth + 1);
    type b = type_expr(c, self, file, e->b, depth + 1);
    if (a.kind == T_ERROR || b.kind == T_ERROR) return ERROR_TYPE;
    dxp_diags *dg = c->p->diags;
    switch (e->op) {
    case DXP_OP_AND: case DXP_OP_OR:
        if (a.kind != T_BOOL || b.kind != T_BOOL) {
            dxp_error(dg, "DXP403", span(file, e->loc), _("'%s' needs true or false on both sides"),
                      dxp_op_text(e->op));
            return ERROR_TYPE;
        }
        return simple(T_BOOL);
    case DXP_OP_ADD: case DXP_OP_SUB:
        if (a.kind == T_YEAR && b.kind == T_QUANTITY && dxp_unit_is_dimensionless(&b.unit))
            return simple(T_YEAR);                  /* year - 1 */
        if (a.kind == T_YEAR && b.kind == T_YEAR && e->op == DXP_OP_SUB) {
            type t = quantity(DXP_UNIT_ONE);        /* years between two years */
            t.bare = true;
            return t;
        }
        if (a.kind != T_QUANTITY || b.kind != T_QUANTITY) break;
        if (!same_dimension(c, file, e, a, b, e->op == DXP_OP_ADD ? _("add") : _("subtract"))) return ERROR_TYPE;
        return a.bare ? b : a;
    case DXP_OP_MUL: case DXP_OP_DIV: {
        if (a.kind != T_QUANTITY || b.kind != T_QUANTITY) break;
        dxp_unit r;
        bool ok = e->op == DXP_OP_MUL ? dxp_unit_mul(&a.unit, &b.unit, &r) : dxp_unit_div(&a.unit, &b.unit, &r);
        if (!ok) {
            dxp_error(dg, "DXP403", span(file, e->loc), _("the result has more than %d different base units"),
                      DXP_UNIT_MAX_DIMS);
            return ERROR_TYPE;
        }
        type t = quantity(r);
        t.bare = a.bare && b.bare;
        return t;
    }
    default:                                        /* comparisons */
        if (a.kind != b.kind) break;
        if (a.kind == T_QUANTITY && !same_dimension(c, file, e, a, b, _("compare"))) return ERROR_TYPE;
        if ((a.kind == T_BOOL || a.kind == T_STRING || a.kind == T_STATE) &&
            e->op != DXP_OP_EQ && e->op != DXP_OP_NE)
            break;
        return simple(T_BOOL);
    }
    dxp_error(dg, "DXP403", span(file, e->loc), _("'%s' cannot combine %s and %s"), dxp_op_text(e->op),
              kind_name(a.kind), kind_name(b.kind));
    return ERROR_TYPE;
}

static type type_call(checker *c, dxp_series *self, int32_t file, dxp_expr *e, int depth)
{
    bool known = false;
    for (const char *const *f = FUNCTIONS; *f; f++)
        if (dxp_str_eq(e->str, *f)) known = true;
    if (!known) {
        dxp_diag *d = dxp_error(c->p->diags, "DXP409", span(file, e->loc), _("unknown function '%.*s'"),
                                (int)e->str.len, e->str.ptr);
        dxp_diag_help(d, _("formulas can call min, max, abs, round, floor and ceil"));
        return ERROR_TYPE;
    }
    size_t nargs = 0;
    type result = ERROR_TYPE;
    bool bad = false;
    for (dxp_expr *a = e->a; a; a = a->next, nargs++) {
        type t = type_expr(c, self, file, a, depth + 1);
        if (t.kind != T_QUANTITY) { bad = bad || t.kind != T_ERROR; if (t.kind == T_ERROR) return t; continue; }
        if (nargs == 0 || result.bare) result = t;
        else if (!same_dimension(c, file, a, result, t, _("compare"))) return ERROR_TYPE;
    }
    bool many = dxp_str_eq(e->str, "min") || dxp_str_eq(e->str, "max");
    if (bad || nargs == 0 || (!many && nargs != 1)) {
        dxp_error(c->p->diags, "DXP409", span(file, e->loc), many
                  ? _("'%.*s' takes one or more quantities") : _("'%.*s' takes one quantity"),
                  (int)e->str.len, e->str.ptr);
        return ERROR_TYPE;
    }
    return result;
}

static type type_expr(checker *c, dxp_series *self, int32_t file, dxp_expr *e, int depth)
{
    if (depth == 0) c->too_deep = false;
    if (depth > DXP_MAX_EXPR_DEPTH) {
        if (!c->too_deep)
            dxp_error(c->p->diags, "DXP203", span(file, e->loc), _("expression is nested deeper than %d "
                      "levels"), DXP_MAX_EXPR_DEPTH);
        c->too_deep = true;
        return ERROR_TYPE;
    }
    switch (e->kind) {
    case DXP_EXPR_NUMBER: {
        dxp_unit u = DXP_UNIT_ONE;
        if (e->unit && !dxp_program_unit_of(c->p, file, e->unit, &u, true)) return ERROR_TYPE;
        type t = quantity(u);
        t.bare = !e->unit;
        return t;
    }
    case DXP_EXPR_STRING: return simple(T_STRING);
    case DXP_EXPR_NAME:   return type_name(c, file, e);
    case DXP_EXPR_SELF:   return self ? series_type(c, self) : ERROR_TYPE;
    case DXP_EXPR_YEAR:   check_year(c, file, e->loc, e->year); return simple(T_YEAR);
    case DXP_EXPR_STATE:  return simple(T_STATE);
    case DXP_EXPR_BOOL:   return simple(T_BOOL);
    case DXP_EXPR_UNARY: {
        type a = type_expr(c, self, file, e->a, depth + 1);
        if (a.kind == T_ERROR) return a;
        type_kind want = e->op == DXP_OP_NOT ? T_BOOL : T_QUANTITY;
        if (a.kind != want) {
            dxp_error(c->p->diags, "DXP403", span(file, e->loc), _("'%s' needs %s, not %s"),
                      dxp_op_text(e->op), kind_name(want), kind_name(a.kind));
            return ERROR_TYPE;
        }
        return a;
    }
    case DXP_EXPR_BINARY: return type_binary(c, self, file, e, depth);
    case DXP_EXPR_INDEX: {
        if (e->a->kind != DXP_EXPR_NAME && e->a->kind != DXP_EXPR_SELF) {
            dxp_error(c->p->diags, "DXP409", span(file, e->a->loc),
                      _("only a kpi, a data series or actual/target/baseline can be indexed by year"));
            return ERROR_TYPE;
        }
        type a = type_expr(c, self, file, e->a, depth + 1);
        type b = type_expr(c, self, file, e->b, depth + 1);
        if (b.kind != T_YEAR && b.kind != T_ERROR) {
            dxp_error(c->p->diags, "DXP409", span(file, e->b->loc), _("a series is indexed by a fiscal "
                      "year (x[R5], x[year - 1]), not by %s"), kind_name(b.kind));
            return ERROR_TYPE;
        }
        return a;
    }
    case DXP_EXPR_CALL: return type_call(c, self, file, e, depth);
    case DXP_EXPR_IF: {
        type cond = type_expr(c, self, file, e->a, depth + 1);
        type a = type_expr(c, self, file, e->b, depth + 1);
        type b = type_expr(c, self, file, e->c, depth + 1);
        if (cond.kind != T_BOOL && cond.kind != T_ERROR)
            dxp_error(c->p->diags, "DXP403", span(file, e->a->loc), _("the condition of 'if' must be "
                      "true or false, not %s"), kind_name(cond.kind));
        if (a.kind == T_ERROR || b.kind == T_ERROR) return ERROR_TYPE;
        if (a.kind != b.kind) {
            dxp_error(c->p->diags, "DXP403", span(file, e->loc), _("'then' gives %s but 'else' gives %s"),
                      kind_name(a.kind), kind_name(b.kind));
            return ERROR_TYPE;
        }
        if (a.kind == T_QUANTITY && !same_dimension(c, file, e, a, b, _("choose between"))) return ERROR_TYPE;
        return a.bare ? b : a;
    }
    }
    return ERROR_TYPE;
}

/* ---- values ----------------------------------------------------------------- */

/* `unit` is the unit values must convert to (the KPI's, or its revised one); NULL when unknown. */
static void check_quantity_unit(checker *c, dxp_series *s, const dxp_unit *unit, int32_t file,
                                dxp_value *v, value_role role)
{
    dxp_unit_ref sign;
    const dxp_unit_ref *written_unit = dxp_value_unit(v, &sign);
    if (role == ROLE_BUDGET) {
        if (!written_unit) {
            dxp_diag *d = dxp_error(c->p->diags, "DXP402", span(file, dxp_value_loc(v)), _("a budget needs a unit"));
            dxp_diag_help(d, _("write the amount with its unit, e.g. 2,022,951 千円"));
            return;
        }
        dxp_unit u;
        if (!dxp_program_unit_of(c->p, file, written_unit, &u, true)) return;
        if (c->has_yen && !dxp_unit_same_dimension(&u, &c->yen)) {
            char x[96];
            dxp_error(c->p->diags, "DXP402", span(file, written_unit->loc),
                      _("a budget is an amount of money, not %s"), describe(c, &u, x, sizeof x));
        }
        return;
    }
    if (!written_unit || !unit) {
        if (written_unit) { dxp_unit u; dxp_program_unit_of(c->p, file, written_unit, &u, true); }
        return;
    }
    dxp_unit u;
    if (!dxp_program_unit_of(c->p, file, written_unit, &u, true)) return;
    if (!dxp_unit_same_dimension(&u, unit)) {
        char x[96], y[96], z[96];
        dxp_str w = written(c, file, written_unit->loc);
        dxp_diag *d = dxp_error(c->p->diags, "DXP402", span(file, written_unit->loc),
                                _("%.*s cannot be converted to %s, the unit of '%.*s'"), (int)w.len, w.ptr,
                                unit_text(c, s, unit, x, sizeof x), DXP_SERIES_NAME(s));
        dxp_diag_note(d, DXP_NO_SPAN, _("%.*s is %s; %s is %s"), (int)w.len, w.ptr,
                      describe(c, &u, y, sizeof y), x, describe(c, unit, z, sizeof z));
    }
}

static void check_value(checker *c, dxp_series *s, const dxp_unit *unit, int32_t file, dxp_value *v,
                        value_role role)
{
    dxp_diags *dg = c->p->diags;
    const char *what = _(ROLE_NAMES[role]);
    switch (v->kind) {
    case DXP_VALUE_STATE:
        if (!(STATES_ALLOWED[role] & S(v->state))) {
            dxp_str w = written(c, file, dxp_value_loc(v));
            dxp_diag *d = dxp_error(dg, "DXP406", span(file, dxp_value_loc(v)), _("'%.*s' (%s) cannot be %s"),
                                    (int)w.len, w.ptr, dxp_state_keyword(v->state), what);
            if (v->state == DXP_STATE_NEW || v->state == DXP_STATE_FROM)
                dxp_diag_help(d, _("新規 and R6から実施 describe a baseline"));
            else if (role == ROLE_TARGET)
                dxp_diag_help(d, _("a target is a value, 調整中 (pending), 精査中 or - (none)"));
        }
        if (v->state == DXP_STATE_FROM) check_year(c, file, dxp_value_loc(v), dxp_value_state_year(v));
        if (v->parenthesized && role != ROLE_BASELINE)
            dxp_error(dg, "DXP406", span(file, dxp_value_loc(v)), _("a value in parentheses is a reference "
                      "baseline; it cannot be %s"), what);
        return;
    case DXP_VALUE_RANGE:
        if (role != ROLE_TARGET) {
            dxp_error(dg, "DXP406", span(file, dxp_value_loc(v)), _("a range cannot be %s"), what);
            return;
        }
        check_quantity_unit(c, s, unit, file, v, role);
        check_quantity_unit(c, s, unit, file, dxp_value_high(v), role);
        if (dxp_value_high(v)->number < v->number)
            dxp_error(dg, "DXP406", span(file, dxp_value_loc(v)), _("the range runs backwards"));
        return;
    case DXP_VALUE_COMPARE: {
        if (role != ROLE_TARGET) {
            dxp_error(dg, "DXP406", span(file, dxp_value_loc(v)), _("a comparison cannot be %s"), what);
            return;
        }
        dxp_expr *compared = dxp_value_compared(v);
        type t = type_expr(c, s, file, compared, 0);
        if (t.kind == T_QUANTITY && !t.bare && unit && !dxp_unit_same_dimension(&t.unit, unit)) {
            char x[96], y[96];
            dxp_error(dg, "DXP403", span(file, compared->loc), _("the target gives %s but the unit of "
                      "'%.*s' is %s"), describe(c, &t.unit, x, sizeof x), DXP_SERIES_NAME(s),
                      unit_text(c, s, unit, y, sizeof y));
        } else if (t.kind != T_QUANTITY && t.kind != T_ERROR) {
            dxp_error(dg, "DXP403", span(file, compared->loc), _("a target compares with a quantity, "
                      "not %s"), kind_name(t.kind));
        }
        return;
    }
    case DXP_VALUE_QUANTITY:
        check_quantity_unit(c, s, unit, file, v, role);
        if (v->parenthesized && role != ROLE_BASELINE)
            dxp_error(dg, "DXP406", span(file, dxp_value_loc(v)), _("a value in parentheses is a reference "
                      "baseline; it cannot be %s"), what);
        if (v->has_from) {
            if (role != ROLE_ACTUAL && role != ROLE_TARGET)
                dxp_error(dg, "DXP406", span(file, dxp_value_extra_of(v)->from_loc), _("'from' marks a target or actual "
                          "taken from another year; it cannot qualify %s"), what);
            check_year(c, file, dxp_value_extra_of(v)->from_loc, dxp_value_extra_of(v)->from);
        }
        return;
    }
}

/* Reports the second and later entries of one year. */
static void check_table(checker *c, dxp_series *s, const dxp_unit *unit, const dxp_table *t,
                        value_role role, const char *what)
{
    size_t first = 0;   /* the first entry of the year at hand: a table is in year order */
    for (size_t i = 0; i < t->count; i++) {
        const dxp_year_entry *e = &t->items[i];
        check_year(c, e->file, e->loc, e->year);
        if (i == 0 || t->items[i - 1].year.fy != e->year.fy) {
            first = i;
        } else {
            char yb[32];
            dxp_diag *d = dxp_error(c->p->diags, "DXP306", span(e->file, e->loc),
                                    _("%s for %s is given twice"), what, dxp_year_format(e->year, yb, sizeof yb));
            dxp_diag_note(d, span(t->items[first].file, t->items[first].loc), _("first given here"));
        }
        check_value(c, s, unit, e->file, e->value, role);
    }
}

static void check_baseline(checker *c, dxp_series *s, const dxp_unit *unit, const dxp_baseline *b, int32_t file)
{
    check_value(c, s, unit, file, b->value, ROLE_BASELINE);
    if (dxp_baseline_has_point(b)) check_year(c, file, b->point_loc, b->point.form);
}

/* ---- series ---------------------------------------------------------------- */

/* A revision's values are in its own unit when it changes the unit. */
static void check_revision(checker *c, dxp_series *s, dxp_revision *r)
{
    dxp_unit revised;
    const dxp_unit *unit = s->unit;
    for (dxp_prop *pr = r->item->props; pr; pr = pr->next)
        if (pr->kind == DXP_PROP_UNIT)
            unit = dxp_program_unit_of(c->p, r->file, &pr->unit, &revised, true) ? &revised : NULL;
    for (dxp_prop *pr = r->item->props; pr; pr = pr->next) {
        if (pr->kind == DXP_PROP_TARGET) {
            dxp_table t = { 0 };
            dxp_table_add_entries(&c->p->arena, &t, pr);
            check_table(c, s, unit, &t, ROLE_TARGET, _("a revised target"));
        } else if (pr->kind == DXP_PROP_BASELINE) {
            dxp_baseline b = dxp_prop_baseline(pr);
            check_baseline(c, s, unit, &b, r->file);
        } else if (pr->kind == DXP_PROP_DIRECTION) {
            dxp_direction named;
            if (!dxp_direction_named(pr->name, &named))
                dxp_error(c->p->diags, "DXP308", span(r->file, pr->arg_loc),
                          _("direction must be up, down or keep, not '%.*s'"), (int)pr->name.len, pr->name.ptr);
        }
    }
}

static void check_series(checker *c, dxp_series *s)
{
    dxp_diags *dg = c->p->diags;
    /* A block with a syntax error in it may have lost its unit: no cascade. */
    if (!s->has_unit_ref && !s->unit && s->nparts == 0 && !s->decl->incomplete) {
        dxp_diag *d = dxp_error(dg, "DXP408", span(s->file, s->decl->id_loc), _("%s '%.*s' has no unit"),
                                s->kind == DXP_SERIES_DATA ? "data" : "kpi", DXP_SERIES_NAME(s));
        dxp_diag_help(d, _("add a unit, e.g. `unit 件`; the standard library declares the common ones"));
    }
    const dxp_unit *unit = s->unit;
    if (s->baseline) check_baseline(c, s, unit, s->baseline, s->file);
    check_table(c, s, unit, &s->targets, ROLE_TARGET, _("a target"));
    check_table(c, s, unit, &s->actuals, ROLE_ACTUAL, _("an actual"));
    dxp_expr *formula = dxp_series_formula(s);
    if (formula) {
        type t = type_expr(c, s, s->file, formula, 0);
        if (t.kind == T_QUANTITY && !t.bare && s->unit && !dxp_unit_same_dimension(&t.unit, s->unit)) {
            char x[96], y[96];
            dxp_error(dg, "DXP403", span(s->file, formula->loc), _("the formula gives %s but the unit "
                      "of '%.*s' is %s"), describe(c, &t.unit, x, sizeof x), DXP_SERIES_NAME(s),
                      unit_text(c, s, s->unit, y, sizeof y));
        } else if (t.kind != T_QUANTITY && t.kind != T_ERROR) {
            dxp_error(dg, "DXP403", span(s->file, formula->loc), _("a formula computes a quantity, "
                      "not %s"), kind_name(t.kind));
        }
    }
    for (dxp_revision *r = dxp_series_revisions(s); r; r = r->next) check_revision(c, s, r);
}

/* ---- formula cycles -------------------------------------------------------------- */

static bool visit_formula(checker *c, dxp_series *s, int chain);

/* Walks the names a formula uses; `chain` is how many formulas deep we are,
 * `depth` how deep in this formula's expression. */
static bool visit_refs(checker *c, dxp_series *s, dxp_expr *e, int depth, int chain)
{
    if (!e || depth > DXP_MAX_EXPR_DEPTH) return true;
    if (e->kind == DXP_EXPR_NAME) {
        dxp_series *t = dxp_symtab_get(&c->p->series_names, e->str);
        if (t && dxp_series_formula(t)) {
            if (t == s) {
                dxp_error(c->p->diags, "DXP405", span(s->file, e->loc),
                          _("the formula of '%.*s' uses '%.*s' itself"), DXP_SERIES_NAME(s),
                          DXP_SERIES_NAME(s));
                return false;
            }
            if (t->mark == 1) {
                dxp_diag *d = dxp_error(c->p->diags, "DXP405", span(s->file, e->loc),
                                        _("the formula of '%.*s' depends on itself through '%.*s'"),
                                        DXP_SERIES_NAME(s), DXP_SERIES_NAME(t));
                dxp_diag_note(d, span(t->file, dxp_series_formula(t)->loc), _("the formula of '%.*s'"),
                              DXP_SERIES_NAME(t));
                return false;
            }
            if (t->mark == 0 && !visit_formula(c, t, chain + 1)) return false;
        }
        return true;
    }
    if (e->kind == DXP_EXPR_CALL) {
        for (dxp_expr *a = e->a; a; a = a->next)
            if (!visit_refs(c, s, a, depth + 1, chain)) return false;
        return true;
    }
    return visit_refs(c, s, e->a, depth + 1, chain) && visit_refs(c, s, e->b, depth + 1, chain) &&
           visit_refs(c, s, e->c, depth + 1, chain);
}

static bool visit_formula(checker *c, dxp_series *s, int chain)
{
    if (chain > DXP_MAX_FORMULA_DEPTH) {
        dxp_error(c->p->diags, "DXP405", span(s->file, dxp_series_formula(s)->loc),
                  _("formulas depend on each other more than %d deep"), DXP_MAX_FORMULA_DEPTH);
        return false;
    }
    s->mark = 1;
    bool ok = visit_refs(c, s, dxp_series_formula(s), 0, chain);
    s->mark = 2;
    return ok;
}

/* ---- the rest ------------------------------------------------------------------- */

static void check_budget(checker *c, dxp_table *t)
{
    check_table(c, NULL, NULL, t, ROLE_BUDGET, _("a budget"));
}

static void check_rules(checker *c, dxp_decl *d, int32_t file)
{
    for (dxp_item *it = d->rules->items; it; it = it->next) {
        dxp_str key = dxp_item_key(it);
        for (dxp_item *prev = d->rules->items; prev != it; prev = prev->next)
            if (dxp_str_same(dxp_item_key(prev), key)) {
                dxp_diag *g = dxp_error(c->p->diags, "DXP306", span(file, it->key_loc),
                                        _("'%.*s' is defined twice in rule set '%.*s'"), (int)key.len, key.ptr,
                                        DXP_DECL_NAME(d));
                dxp_diag_note(g, span(file, prev->key_loc), _("first defined here"));
                break;
            }
    }
}

/* A series checked by a checker of its own (a half of a large program may
 * run on another thread, with a view of the program of its own). */
static void check_one(dxp_program *p, dxp_series *s, void *arg)
{
    checker c = *(const checker *)arg;
    c.p = p;
    check_series(&c, s);
}

void dxp_check(dxp_program *p)
{
    checker c = { p, false, DXP_UNIT_ONE, false };
    dxp_unit_def *yen = dxp_symtab_get(&p->units.names, dxp_str_from("円"));
    if (yen && yen->resolved) { c.yen = yen->unit; c.has_yen = true; }

    const dxp_plan_info *pl = &p->plan;
    if (pl->has_period) {
        check_year(&c, pl->file, pl->period_prop->arg_loc, pl->first);
        check_year(&c, pl->file, pl->period_prop->arg_loc, pl->last);
    }
    for (size_t i = 0; i < p->ngoals; i++) check_budget(&c, &p->goals[i]->budget);
    for (size_t i = 0; i < p->nmeasures; i++) {
        dxp_measure *m = p->measures[i];
        check_budget(&c, &m->budget);
        if (m->has_since) {
            for (dxp_prop *pr = m->decl->props; pr; pr = pr->next)
                if (pr->kind == DXP_PROP_SINCE) check_year(&c, m->file, pr->arg_loc, m->since);
        }
    }
    dxp_program_each_series(p, check_one, &c);
    for (size_t i = 0; i < p->nseries; i++)
        if (dxp_series_formula(p->series[i]) && p->series[i]->mark == 0) visit_formula(&c, p->series[i], 0);
    for (size_t i = 0; i < p->nactuals; i++) {
        dxp_decl *d = p->actuals[i].decl;
        check_year(&c, p->actuals[i].file, d->year_loc, d->year);
        if (pl->has_period && !in_period(&c, d->year))
            report_outside_period(&c, p->actuals[i].file, d->year_loc, d->year, _("actuals"));
    }
    for (size_t i = 0; i < p->nrevisions; i++) {
        dxp_decl *d = p->revisions[i].decl;
        check_year(&c, p->revisions[i].file, d->year_loc, d->year);
        if (pl->has_period && !in_period(&c, d->year))
            report_outside_period(&c, p->revisions[i].file, d->year_loc, d->year, _("a revision"));
    }
    for (size_t i = 0; i < p->nrule_decls; i++) check_rules(&c, p->rule_decls[i].decl, p->rule_decls[i].file);
}
