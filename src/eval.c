/* eval.c — evaluating a plan for a fiscal year (see eval.h).
 *
 * Three parts: an interpreter for expressions (formulas, target expressions
 * and rule definitions) over values that carry units or the reason they are
 * missing; the definition of a KPI in force in a year (plan + revisions); and
 * the judgement of each KPI by the rule set, rolled up to measures and goals. */
#include "dxp/eval.h"

#include "dxp/threads.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- values ------------------------------------------------------------------ */

/* Values are passed and returned by value everywhere, and a KPI's result holds four. */
_Static_assert(sizeof(dxp_val) <= 64, "a value fits in a cache line");

static dxp_val missing(const char *why)
{
    dxp_val v;
    memset(&v, 0, sizeof v);
    v.kind = DXP_VAL_MISSING;
    v.why = why;
    return v;
}

static dxp_val missing_state(dxp_state st, const char *why)
{
    dxp_val v = missing(why);
    v.has_state = true;
    v.state = st;
    return v;
}

static dxp_val number(double n, dxp_unit unit)
{
    dxp_val v;
    memset(&v, 0, sizeof v);
    v.kind = DXP_VAL_NUMBER;
    v.number = n;
    v.unit = unit;
    return v;
}

static dxp_val boolean(bool b)
{
    dxp_val v;
    memset(&v, 0, sizeof v);
    v.kind = DXP_VAL_BOOL;
    v.truth = b;
    return v;
}

static dxp_val string(dxp_str s)
{
    dxp_val v;
    memset(&v, 0, sizeof v);
    v.kind = DXP_VAL_STRING;
    v.str = s;
    return v;
}

static dxp_val year_val(dxp_year y)
{
    dxp_val v;
    memset(&v, 0, sizeof v);
    v.kind = DXP_VAL_YEAR;
    v.year = y;
    return v;
}

const char *dxp_status_key(dxp_status s)
{
    static const char *const keys[DXP_STATUS_COUNT] = {
        "met", "unmet", "partial", "unmeasured", "pending", "no_target", "error"
    };
    return s < DXP_STATUS_COUNT ? keys[s] : "error";
}

const char *dxp_format_number(double v, char *buf, size_t size)
{
    char plain[64];
    if (!isfinite(v)) { snprintf(buf, size, "—"); return buf; }
    if (v == floor(v) && fabs(v) < 1e15) {
        /* Whole numbers, most of what plans hold, without printf. */
        char *end = plain + sizeof plain - 1, *start = dxp_format_integer((long long)v, end);
        *end = '\0';
        memmove(plain, start, (size_t)(end - start) + 1);
    } else {
        /* The fewest decimals that give the value back exactly. */
        for (int prec = 0; prec < 12; prec++) {
            snprintf(plain, sizeof plain, "%.*f", prec, v);
            if (strtod(plain, NULL) == v) break;
        }
    }
    if (strcmp(plain, "-0") == 0) strcpy(plain, "0");
    /* Group the integer part in threes: 1,768. */
    const char *p = plain;
    size_t n = 0;
    if (*p == '-') { if (n + 1 < size) buf[n++] = '-'; p++; }
    size_t int_len = strcspn(p, ".");
    for (size_t i = 0; i < int_len && n + 2 < size; i++) {
        if (i > 0 && (int_len - i) % 3 == 0) buf[n++] = ',';
        buf[n++] = p[i];
    }
    /* the fraction, as far as it fits (copied, not printed: reports format
     * several numbers a KPI) */
    size_t fraction = strlen(p + int_len);
    if (n + fraction >= size) fraction = n < size ? size - n - 1 : 0;
    memcpy(buf + n, p + int_len, fraction);
    if (n + fraction < size) buf[n + fraction] = '\0';
    return buf;
}

/* ---- evaluation context -------------------------------------------------------- */

/* The rules every KPI asks for, looked up once per evaluation. */
typedef struct rule_items {
    dxp_item *met, *rate, *grade, *status, *rollup;
} rule_items;

/* Where the KPIs are split in two halves, evaluated at once on two threads
 * (evaluate_year), and how many KPIs and parts come before the split. */
typedef struct kpi_split {
    size_t from, to;             /* the series evaluated: all, or a batch of them */
    size_t kpis, parts;          /* KPIs among them, and parts they may have */
    size_t series;               /* the second half starts at this series */
    size_t kpis_before, parts_before;
    bool threaded;
} kpi_split;

/* The names an expression may use besides rules and series. */
typedef enum builtin_name {
    NOT_BUILTIN, NAME_YEAR, NAME_DIRECTION, NAME_FIRST_YEAR, NAME_LAST_YEAR, NAME_TARGET_LOW,
    NAME_TARGET_HIGH, NAME_BASELINE_YEAR, NAME_FINAL_TARGET, NAME_SHARE_MET, NAME_COUNT_MET,
    NAME_COUNT_EVALUATED, NAME_COUNT
} builtin_name;

/* What a name or a number with a unit in an expression stands for, apart
 * from the KPI in hand: it does not change during an evaluation, so it is
 * found once per expression node and thread (meaning_of). The standard
 * rules use a dozen names and units a KPI; comparing each name with every
 * built-in and rule by its text, and looking its unit up, was half of
 * evaluating a KPI. */
typedef struct expr_meaning {
    const dxp_expr *expr;        /* the node this slot holds; NULL: empty */
    builtin_name builtin;        /* name */
    dxp_item *rule;              /* name: its definition in the rule set, or NULL */
    dxp_series *series;          /* name: the series it names, or NULL */
    bool unit_known;             /* number: its unit was found */
    dxp_unit unit;               /* number: that unit */
} expr_meaning;

/* Slots for the nodes met most recently: more than the names and units of
 * any rule set, so that only formulas (each with names of its own) take
 * slots from each other. */
enum { MEANINGS = 64 };

typedef struct ctx {
    dxp_evaluation *ev;
    dxp_program *p;
    dxp_diags *diags;
    rule_items rule;
    kpi_split split;
    dxp_year_eval *year;         /* the year being evaluated: its parts are taken from its pool */
    size_t parts_used;           /* the next free result in year->part_pool */
    dxp_arena *arena;            /* strings built while evaluating: each thread has its own */
    dxp_kpi_filter only;         /* the KPIs to evaluate; NULL: all */
    expr_meaning meanings[MEANINGS];   /* each thread fills its own copy */
} ctx;

/* What names mean while one expression is evaluated. */
typedef struct env {
    dxp_series *self;            /* the KPI in hand (formulas, targets, rules) */
    dxp_year year;
    dxp_kpi_result *result;      /* rules: actual, target, baseline of the KPI */
    dxp_val target;              /* the result's target, with its unit */
    dxp_val target_low, target_high;
    const dxp_rollup *rollup;    /* roll-up rules: share_met … */
    /* rule definitions evaluated for this KPI and year, with a guard against cycles */
    struct memo { dxp_item *item; dxp_val value; bool busy; } memo[32];
    int nmemo;
} env;

/* An environment with nothing in it. The memo is not cleared: only its first
 * nmemo entries are read, and clearing 4 KB per KPI and year was a tenth of
 * an evaluation. */
static void env_init(env *e, dxp_series *self, dxp_year year)
{
    e->self = self;
    e->year = year;
    e->result = NULL;
    e->target = e->target_low = e->target_high = (dxp_val){ 0 };
    e->rollup = NULL;
    e->nmemo = 0;
}

static dxp_val eval_expr(ctx *c, env *e, dxp_expr *x, int depth);
static dxp_val series_actual(ctx *c, dxp_series *s, dxp_year y, int depth);

static const char *fmt(ctx *c, const char *format, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(ctx *c, const char *format, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, format);
    vsnprintf(buf, sizeof buf, format, ap);
    va_end(ap);
    return dxp_arena_strndup(c->arena, buf, strlen(buf));
}

/* Pieces joined into one string in the evaluation's arena: the reasons that
 * every missing value carries are built this way, not with printf, which
 * cost a third of evaluating a large plan. */
static const char *join(ctx *c, const dxp_str *parts, size_t nparts)
{
    size_t len = 0;
    for (size_t i = 0; i < nparts; i++) len += parts[i].len;
    char *text = dxp_arena_alloc(c->arena, len + 1), *at = text;
    for (size_t i = 0; i < nparts; i++) {
        if (parts[i].len) memcpy(at, parts[i].ptr, parts[i].len);
        at += parts[i].len;
    }
    *at = '\0';
    return text;
}

static const char *year_text(dxp_year y, char *buf, size_t size)
{
    return dxp_year_format(y, buf, size);
}

/* A written value (128, 2,400 千円, 調整中) as a number in `unit`. */
static dxp_val written_value(ctx *c, const dxp_value *v, int32_t file, const dxp_unit *unit)
{
    if (v->kind == DXP_VALUE_STATE)
        return missing_state(v->state, dxp_state_japanese(v->state));
    dxp_unit u = unit ? *unit : DXP_UNIT_ONE;
    double n = v->number;
    dxp_unit_ref sign;
    const dxp_unit_ref *written_unit = dxp_value_unit(v, &sign);
    if (written_unit) {
        dxp_unit wu;
        if (!dxp_program_unit_of(c->p, file, written_unit, &wu, false)) return missing("不明な単位");
        if (unit && dxp_unit_same_dimension(&wu, unit)) n *= dxp_unit_ratio(&wu, unit);
        else if (unit) return missing("単位が換算できない");
        else u = wu;
    }
    dxp_val r = number(n, u);
    r.bare = !written_unit && !unit;
    return r;
}

bool dxp_value_number(dxp_program *p, const dxp_value *v, int32_t file, const dxp_unit *unit,
                      double *out)
{
    if (v->kind != DXP_VALUE_QUANTITY && v->kind != DXP_VALUE_RANGE) return false;
    double n = v->number;
    dxp_unit_ref sign;
    const dxp_unit_ref *written_unit = dxp_value_unit(v, &sign);
    if (written_unit && unit) {
        dxp_unit wu;
        if (!dxp_program_unit_of(p, file, written_unit, &wu, false) || !dxp_unit_same_dimension(&wu, unit))
            return false;
        n *= dxp_unit_ratio(&wu, unit);
    }
    *out = n;
    return true;
}

/* Converts b into a's unit for + - and comparisons; false if they do not convert. */
static bool align(dxp_val *a, dxp_val *b)
{
    if (a->bare && !b->bare) { a->unit = b->unit; a->bare = false; return true; }
    if (b->bare) { b->unit = a->unit; b->bare = a->bare; return true; }
    if (!dxp_unit_same_dimension(&a->unit, &b->unit)) return false;
    b->number *= dxp_unit_ratio(&b->unit, &a->unit);
    b->unit = a->unit;
    return true;
}

static dxp_val binary(ctx *c, env *e, dxp_expr *x, int depth)
{
    dxp_val a = eval_expr(c, e, x->a, depth + 1);
    if (x->op == DXP_OP_AND && a.kind == DXP_VAL_BOOL && !a.truth) return a;
    if (x->op == DXP_OP_OR && a.kind == DXP_VAL_BOOL && a.truth) return a;
    dxp_val b = eval_expr(c, e, x->b, depth + 1);
    if (a.kind == DXP_VAL_MISSING) return a;
    if (b.kind == DXP_VAL_MISSING) return b;
    switch (x->op) {
    case DXP_OP_AND: case DXP_OP_OR:
        if (a.kind != DXP_VAL_BOOL || b.kind != DXP_VAL_BOOL) return missing("'and'/'or' need true or false");
        return boolean(x->op == DXP_OP_AND ? a.truth && b.truth : a.truth || b.truth);
    case DXP_OP_ADD: case DXP_OP_SUB:
        if (a.kind == DXP_VAL_YEAR && b.kind == DXP_VAL_YEAR && x->op == DXP_OP_SUB) {
            dxp_val d = number((double)(a.year.fy - b.year.fy), DXP_UNIT_ONE);   /* years between */
            d.bare = true;
            return d;
        }
        if (a.kind == DXP_VAL_YEAR && b.kind == DXP_VAL_NUMBER) {
            dxp_year y = a.year;
            y.fy = (int16_t)(y.fy + (x->op == DXP_OP_ADD ? 1 : -1) * (int)b.number);
            return year_val(y);
        }
        if (a.kind != DXP_VAL_NUMBER || b.kind != DXP_VAL_NUMBER) return missing("arithmetic on a non-number");
        if (!align(&a, &b)) return missing("単位が換算できない");
        a.number = x->op == DXP_OP_ADD ? a.number + b.number : a.number - b.number;
        return a;
    case DXP_OP_MUL: case DXP_OP_DIV: {
        if (a.kind != DXP_VAL_NUMBER || b.kind != DXP_VAL_NUMBER) return missing("arithmetic on a non-number");
        dxp_unit u;
        bool fits = x->op == DXP_OP_MUL ? dxp_unit_mul(&a.unit, &b.unit, &u) : dxp_unit_div(&a.unit, &b.unit, &u);
        if (!fits) return missing("unit too complex");
        if (x->op == DXP_OP_DIV && b.number == 0) return missing("0 による除算");
        dxp_val r = number(x->op == DXP_OP_MUL ? a.number * b.number : a.number / b.number, u);
        r.bare = a.bare && b.bare;
        /* A plain ratio carries its scale in the number (ratio / 1% is 69.4, not
         * 0.694 hundredths), so that floor, round and ceil see the real value. */
        if (dxp_unit_is_dimensionless(&r.unit)) {
            r.number *= r.unit.factor;
            r.unit.factor = 1;
        }
        return r;
    }
    default: {                                   /* comparisons */
        int cmp;
        if (a.kind == DXP_VAL_NUMBER && b.kind == DXP_VAL_NUMBER) {
            if (!align(&a, &b)) return missing("単位が換算できない");
            /* Values equal to 1e-9 relative count as equal: units convert by factors. */
            double tol = 1e-9 * fmax(fabs(a.number), fabs(b.number));
            cmp = fabs(a.number - b.number) <= tol ? 0 : a.number < b.number ? -1 : 1;
        } else if (a.kind == DXP_VAL_STRING && b.kind == DXP_VAL_STRING) {
            cmp = dxp_str_same(a.str, b.str) ? 0 : 1;
        } else if (a.kind == DXP_VAL_YEAR && b.kind == DXP_VAL_YEAR) {
            cmp = a.year.fy == b.year.fy ? 0 : a.year.fy < b.year.fy ? -1 : 1;
        } else if (a.kind == DXP_VAL_BOOL && b.kind == DXP_VAL_BOOL) {
            cmp = a.truth == b.truth ? 0 : 1;
        } else {
            return missing("comparison of different kinds of value");
        }
        switch (x->op) {
        case DXP_OP_LT: return boolean(cmp < 0);
        case DXP_OP_LE: return boolean(cmp <= 0);
        case DXP_OP_GT: return boolean(cmp > 0);
        case DXP_OP_GE: return boolean(cmp >= 0);
        case DXP_OP_EQ: return boolean(cmp == 0);
        default:        return boolean(cmp != 0);
        }
    }
    }
}

static dxp_val call(ctx *c, env *e, dxp_expr *x, int depth)
{
    dxp_val result = missing("no arguments");
    bool first = true;
    for (dxp_expr *a = x->a; a; a = a->next) {
        dxp_val v = eval_expr(c, e, a, depth + 1);
        if (v.kind == DXP_VAL_MISSING) return v;
        if (v.kind != DXP_VAL_NUMBER) return missing("functions take quantities");
        if (first) { result = v; first = false; continue; }
        dxp_val r = result;
        if (!align(&r, &v)) return missing("単位が換算できない");
        bool take = dxp_str_eq(x->str, "min") ? v.number < r.number : v.number > r.number;
        result = take ? v : r;
    }
    if (result.kind != DXP_VAL_NUMBER) return result;
    if (dxp_str_eq(x->str, "abs")) result.number = fabs(result.number);
    else if (dxp_str_eq(x->str, "round")) result.number = round(result.number);
    else if (dxp_str_eq(x->str, "floor")) result.number = floor(result.number + 1e-9);
    else if (dxp_str_eq(x->str, "ceil")) result.number = ceil(result.number - 1e-9);
    else if (!dxp_str_eq(x->str, "min") && !dxp_str_eq(x->str, "max"))
        return missing(fmt(c, "unknown function '%.*s'", (int)x->str.len, x->str.ptr));
    return result;
}

/* ---- rule sets ---------------------------------------------------------------- */

/* The definition of `key` in the rule set, or in the sets it extends. */
static dxp_item *find_rule(ctx *c, dxp_str key)
{
    dxp_decl *set = c->ev->rules;
    for (size_t hops = 0; set && hops < c->p->nrule_decls; hops++) {   /* chains end (DXP405) */
        const dxp_rules_block *rules = set->rules;
        for (dxp_item *it = rules->items; it; it = it->next)
            if (dxp_str_same(dxp_item_key(it), key)) return it;
        set = rules->base ? dxp_symtab_get(&c->p->rules_names, rules->base->name) : NULL;
    }
    return NULL;
}

static dxp_item *find_rule_named(ctx *c, const char *key)
{
    return find_rule(c, dxp_str_from(key));
}

static dxp_val rule_value(ctx *c, env *e, dxp_item *it, int depth)
{
    for (int i = 0; i < e->nmemo; i++) {
        if (e->memo[i].item != it) continue;
        dxp_str key = dxp_item_key(it);
        if (e->memo[i].busy) return missing(fmt(c, "rule '%.*s' depends on itself", (int)key.len, key.ptr));
        return e->memo[i].value;
    }
    if (e->nmemo == (int)(sizeof e->memo / sizeof e->memo[0])) return eval_expr(c, e, it->expr, depth + 1);
    int slot = e->nmemo++;
    e->memo[slot].item = it;
    e->memo[slot].busy = true;
    dxp_val v = eval_expr(c, e, it->expr, depth + 1);
    e->memo[slot].busy = false;
    e->memo[slot].value = v;
    return v;
}

/* A rule set's label for a status (達成 …), or the standard one. */
static dxp_str status_label(ctx *c, dxp_status st)
{
    static const char *const keys[DXP_STATUS_COUNT] = {
        "label_met", "label_unmet", "label_partial", "label_unmeasured", "label_pending",
        "label_no_target", "label_error"
    };
    static const char *const defaults[DXP_STATUS_COUNT] = {
        "達成", "未達成", "一部達成", "未計測", "調整中", "対象外", "判定不能"
    };
    dxp_item *it = find_rule_named(c, keys[st]);
    if (it && it->expr->kind == DXP_EXPR_STRING) return it->expr->str;
    return dxp_str_from(defaults[st]);
}

/* ---- the interpreter ------------------------------------------------------------ */

static dxp_val self_value(ctx *c, env *e, dxp_self which, dxp_year y, int depth)
{
    if (!e->self) return missing("no KPI here");
    if (which == DXP_SELF_ACTUAL) {
        if (e->result && y.fy == e->year.fy) return e->result->actual;
        return series_actual(c, e->self, y, depth + 1);
    }
    if (!e->result) return missing("no KPI here");
    if (which == DXP_SELF_TARGET) {
        if (y.fy == e->year.fy) return e->target;
        const dxp_year_entry *t = dxp_table_find(&e->self->targets, y.fy);
        if (!t) return missing("その年度の目標値なし");
        return written_value(c, t->value, t->file, e->self->unit);
    }
    if (!e->result->baseline) return missing("基準値なし");
    return written_value(c, e->result->baseline, e->result->baseline_file,
                         e->self->unit);
}

static builtin_name builtin_of(dxp_str name)
{
    static const char *const names[NAME_COUNT] = {
        [NAME_YEAR] = "year", [NAME_DIRECTION] = "direction", [NAME_FIRST_YEAR] = "first_year",
        [NAME_LAST_YEAR] = "last_year", [NAME_TARGET_LOW] = "target_low", [NAME_TARGET_HIGH] = "target_high",
        [NAME_BASELINE_YEAR] = "baseline_year", [NAME_FINAL_TARGET] = "final_target",
        [NAME_SHARE_MET] = "share_met", [NAME_COUNT_MET] = "count_met",
        [NAME_COUNT_EVALUATED] = "count_evaluated"
    };
    for (int b = NOT_BUILTIN + 1; b < NAME_COUNT; b++)
        if (dxp_str_eq(name, names[b])) return (builtin_name)b;
    return NOT_BUILTIN;
}

/* The meaning of name or number node x (see expr_meaning), found now unless
 * its slot holds it. A unit's file is only for diagnostics, which are not
 * asked for here. */
static const expr_meaning *meaning_of(ctx *c, const dxp_expr *x)
{
    expr_meaning *m = &c->meanings[((uintptr_t)x / sizeof *x) % MEANINGS];
    if (m->expr == x) return m;
    *m = (expr_meaning){ .expr = x };
    if (x->kind == DXP_EXPR_NAME) {
        m->builtin = builtin_of(x->str);
        m->rule = find_rule(c, x->str);
        m->series = dxp_symtab_get(&c->p->series_names, x->str);
    } else if (x->unit) {
        m->unit_known = dxp_program_unit_of(c->p, -1, x->unit, &m->unit, false);
    }
    return m;
}

/* The target of the last year of the plan period (or the latest one written). */
static dxp_val final_target(ctx *c, env *e)
{
    const dxp_year_entry *best = NULL;
    for (size_t i = 0; i < e->self->targets.count; i++) {
        const dxp_year_entry *t = &e->self->targets.items[i];
        if (t->value->kind == DXP_VALUE_QUANTITY && (!best || t->year.fy > best->year.fy)) best = t;
    }
    if (e->target.kind == DXP_VAL_NUMBER && (!best || e->year.fy >= best->year.fy))
        return e->target;
    if (!best) return missing("最終目標値なし");
    return written_value(c, best->value, best->file, e->self->unit);
}

static dxp_val baseline_year(const env *e)
{
    if (!e->result->has_point) return missing("基準値の時点なし");
    const dxp_point *pt = &e->result->point;
    dxp_year y = pt->form;
    y.fy = pt->is_fiscal ? pt->form.fy : (int16_t)(pt->month >= 4 ? pt->year : pt->year - 1);
    return year_val(y);
}

static dxp_val count_value(size_t n)
{
    dxp_val v = number((double)n, DXP_UNIT_ONE);
    v.bare = true;
    return v;
}

/* A built-in name where it has a meaning; false where it has none (a rule
 * or a series of that name may then be meant). */
static bool builtin_value(ctx *c, env *e, builtin_name b, dxp_val *out)
{
    const dxp_plan_info *plan = &c->p->plan;
    switch (b) {
    case NAME_YEAR: *out = year_val(e->year); return true;
    case NAME_DIRECTION:
        if (!e->self) return false;
        *out = string(dxp_str_from(dxp_direction_name(e->result ? e->result->direction : e->self->direction)));
        return true;
    case NAME_FIRST_YEAR: if (!plan->has_period) return false; *out = year_val(plan->first); return true;
    case NAME_LAST_YEAR:  if (!plan->has_period) return false; *out = year_val(plan->last); return true;
    case NAME_TARGET_LOW:  if (!e->result) return false; *out = e->target_low; return true;
    case NAME_TARGET_HIGH: if (!e->result) return false; *out = e->target_high; return true;
    case NAME_BASELINE_YEAR: if (!e->result) return false; *out = baseline_year(e); return true;
    case NAME_FINAL_TARGET: if (!e->result || !e->self) return false; *out = final_target(c, e); return true;
    case NAME_SHARE_MET: if (!e->rollup) return false; *out = dxp_rollup_share(e->rollup); return true;
    case NAME_COUNT_MET: if (!e->rollup) return false; *out = count_value(e->rollup->met); return true;
    case NAME_COUNT_EVALUATED:
        if (!e->rollup) return false;
        *out = count_value(e->rollup->evaluated);
        return true;
    case NOT_BUILTIN: case NAME_COUNT: break;
    }
    return false;
}

static dxp_val name_value(ctx *c, env *e, dxp_expr *x, int depth)
{
    const expr_meaning *m = meaning_of(c, x);
    dxp_val v;
    if (m->builtin != NOT_BUILTIN && builtin_value(c, e, m->builtin, &v)) return v;
    if ((e->result || e->rollup) && m->rule) return rule_value(c, e, m->rule, depth);   /* another definition */
    if (m->series) return series_actual(c, m->series, e->year, depth + 1);
    return missing(fmt(c, "unknown name '%.*s'", (int)x->str.len, x->str.ptr));
}

static dxp_val eval_expr(ctx *c, env *e, dxp_expr *x, int depth)
{
    if (depth > DXP_MAX_EXPR_DEPTH) return missing("expression too deep");
    switch (x->kind) {
    case DXP_EXPR_NUMBER: {
        dxp_unit u = DXP_UNIT_ONE;
        if (x->unit) {
            const expr_meaning *m = meaning_of(c, x);
            if (!m->unit_known) return missing("不明な単位");
            u = m->unit;
        }
        dxp_val v = number(x->number.value, u);
        v.bare = !x->unit;
        return v;
    }
    case DXP_EXPR_STRING: return string(x->str);
    case DXP_EXPR_YEAR:   return year_val(x->year);
    case DXP_EXPR_BOOL:   return boolean(x->truth);
    case DXP_EXPR_STATE:  return missing_state(x->state, dxp_state_japanese(x->state));
    case DXP_EXPR_NAME:   return name_value(c, e, x, depth);
    case DXP_EXPR_SELF:   return self_value(c, e, x->self, e->year, depth);
    case DXP_EXPR_UNARY: {
        dxp_val a = eval_expr(c, e, x->a, depth + 1);
        if (a.kind == DXP_VAL_MISSING) return a;
        if (x->op == DXP_OP_NOT) return a.kind == DXP_VAL_BOOL ? boolean(!a.truth) : missing("'not' needs true or false");
        if (a.kind != DXP_VAL_NUMBER) return missing("'-' needs a number");
        a.number = -a.number;
        return a;
    }
    case DXP_EXPR_BINARY: return binary(c, e, x, depth);
    case DXP_EXPR_INDEX: {
        dxp_val y = eval_expr(c, e, x->b, depth + 1);
        if (y.kind == DXP_VAL_MISSING) return y;
        if (y.kind != DXP_VAL_YEAR) return missing("a series is indexed by a fiscal year");
        if (x->a->kind == DXP_EXPR_SELF) return self_value(c, e, x->a->self, y.year, depth);
        if (x->a->kind != DXP_EXPR_NAME) return missing("only a series can be indexed");
        dxp_series *s = meaning_of(c, x->a)->series;
        if (!s) return missing(fmt(c, "unknown series '%.*s'", (int)x->a->str.len, x->a->str.ptr));
        return series_actual(c, s, y.year, depth + 1);
    }
    case DXP_EXPR_CALL: return call(c, e, x, depth);
    case DXP_EXPR_IF: {
        dxp_val cond = eval_expr(c, e, x->a, depth + 1);
        if (cond.kind == DXP_VAL_MISSING) return cond;
        if (cond.kind != DXP_VAL_BOOL) return missing("'if' needs true or false");
        return eval_expr(c, e, cond.truth ? x->b : x->c, depth + 1);
    }
    }
    return missing("unknown expression");
}

/* The actual of a series in a year: reported, or computed by its formula. */
static dxp_val series_actual(ctx *c, dxp_series *s, dxp_year y, int depth)
{
    char yb[32];
    if (depth > DXP_MAX_FORMULA_DEPTH) return missing("formulas too deep");
    const dxp_year_entry *a = dxp_table_find(&s->actuals, y.fy);
    const dxp_unit *unit = s->unit;
    if (a) {
        dxp_val v = written_value(c, a->value, a->file, unit);
        if (v.kind == DXP_VAL_MISSING && v.has_state) {
            const dxp_str why[] = { dxp_series_id(s), dxp_str_from(" "), dxp_str_from(year_text(y, yb, sizeof yb)),
                                    dxp_str_from(": "), dxp_str_from(dxp_state_japanese(v.state)) };
            v.why = join(c, why, sizeof why / sizeof *why);
        }
        return v;
    }
    if (dxp_series_formula(s)) {
        env e;
        env_init(&e, s, y);
        dxp_val v = eval_expr(c, &e, dxp_series_formula(s), 0);
        if (v.kind == DXP_VAL_NUMBER && unit && !v.bare) {
            if (!dxp_unit_same_dimension(&v.unit, unit)) return missing("formula unit does not convert");
            v.number *= dxp_unit_ratio(&v.unit, unit);
            v.unit = *unit;
        }
        if (v.kind == DXP_VAL_NUMBER && v.bare && unit) { v.unit = *unit; v.bare = false; }
        return v;
    }
    const dxp_str why[] = { dxp_series_id(s), dxp_str_from(" の "), dxp_str_from(year_text(y, yb, sizeof yb)),
                            dxp_str_from(" の実績値なし") };
    return missing(join(c, why, sizeof why / sizeof *why));
}

/* ---- the definition in force in a year ------------------------------------------- */

typedef struct definition {
    dxp_str title;
    const dxp_unit_ref *unit_ref;
    dxp_unit_ref written_unit;       /* what unit_ref points at when the series' block gives it */
    int32_t unit_file;
    dxp_unit unit;
    bool has_unit;
    dxp_direction direction;
    const dxp_baseline *baseline;
    dxp_baseline revised_baseline;   /* what baseline points at when a revision gives it */
    int32_t baseline_file;
    bool baseline_revised;
    dxp_value *target;
    int32_t target_file;
    bool target_revised;
    bool reference, cumulative;
    char revisions[256];
} definition;

static void add_revision_title(definition *d, const dxp_revision *r)
{
    char title[128];
    dxp_str revise_title = dxp_decl_title(r->revise);
    if (r->revise->has_title)
        snprintf(title, sizeof title, "%.*s", (int)revise_title.len, revise_title.ptr);
    else
        year_text(r->revise->year, title, sizeof title);
    if (strstr(d->revisions, title)) return;
    size_t n = strlen(d->revisions);
    snprintf(d->revisions + n, sizeof d->revisions - n, "%s%s", n ? "; " : "", title);
}

static void definition_in(ctx *c, dxp_series *s, dxp_year y, definition *d)
{
    memset(d, 0, sizeof *d);
    d->title = dxp_series_label(s).ptr ? dxp_series_label(s) : dxp_decl_title(s->decl);
    const dxp_series *w = s;
    while (w && !w->has_unit_ref) w = dxp_series_parent(w);
    if (w) { d->unit_ref = dxp_series_unit_ref(w, &d->written_unit); d->unit_file = w->file; }
    if (s->unit) d->unit = *s->unit;
    d->has_unit = s->unit != NULL;
    d->direction = s->direction;
    d->baseline = s->baseline;
    d->baseline_file = s->file;
    const dxp_year_entry *t = dxp_table_find(&s->targets, y.fy);
    if (t) { d->target = t->value; d->target_file = t->file; }
    d->reference = s->reference;
    d->cumulative = s->cumulative;
    for (dxp_revision *r = dxp_series_revisions(s); r; r = r->next) {
        if (r->revise->year.fy > y.fy) continue;
        bool applied = false;
        for (dxp_prop *pr = r->item->props; pr; pr = pr->next) {
            switch (pr->kind) {
            case DXP_PROP_LABEL: d->title = pr->str; applied = true; break;
            case DXP_PROP_UNIT:
                d->unit_ref = &pr->unit;
                d->unit_file = r->file;
                d->has_unit = dxp_program_unit_of(c->p, r->file, &pr->unit, &d->unit, false);
                applied = true;
                break;
            case DXP_PROP_DIRECTION: dxp_direction_named(pr->name, &d->direction); applied = true; break;
            case DXP_PROP_BASELINE:
                d->revised_baseline = dxp_prop_baseline(pr);
                d->baseline = &d->revised_baseline;
                d->baseline_file = r->file;
                d->baseline_revised = true;
                applied = true;
                break;
            case DXP_PROP_TARGET: {
                const dxp_year_entry *e = dxp_prop_entry_for(pr, y.fy);
                if (e) {
                    d->target = e->value;
                    d->target_file = r->file;
                    d->target_revised = true;
                    applied = true;
                }
                break;
            }
            case DXP_PROP_REFERENCE: d->reference = true; applied = true; break;
            case DXP_PROP_CUMULATIVE: d->cumulative = true; applied = true; break;
            case DXP_PROP_PART: applied = true; break;
            default: break;
            }
        }
        if (applied) add_revision_title(d, r);
    }
}

void dxp_measure_in(const dxp_measure *m, dxp_year y, dxp_str *label, dxp_string_list **owners)
{
    *label = dxp_decl_title(m->decl);
    *owners = m->owners;
    for (dxp_prop *pr = m->decl->props; pr; pr = pr->next)
        if (pr->kind == DXP_PROP_LABEL) *label = pr->str;
    for (const dxp_revision *r = m->revisions; r; r = r->next) {
        if (r->revise->year.fy > y.fy) continue;
        for (dxp_prop *pr = r->item->props; pr; pr = pr->next) {
            if (pr->kind == DXP_PROP_LABEL) *label = pr->str;
            else if (pr->kind == DXP_PROP_OWNER) *owners = pr->strings;
        }
    }
}

/* ---- judging one KPI ------------------------------------------------------------- */

static dxp_str src_text(ctx *c, int32_t file, dxp_loc loc)
{
    dxp_source *src = dxp_diags_source(c->diags, file);
    dxp_str s = { src->text + loc.start, loc.end - loc.start };
    return s;
}

static void judge(ctx *c, dxp_kpi_result *r, env *e)
{
    char yb[32];
    dxp_value *t = r->target_value;
    if (!t || (t->kind == DXP_VALUE_STATE && t->state == DXP_STATE_NONE)) {
        r->status = DXP_STATUS_NO_TARGET;
        r->status_why = fmt(c, "%s の目標値なし", year_text(e->year, yb, sizeof yb));
        return;
    }
    if (t->kind == DXP_VALUE_STATE) {
        r->status = DXP_STATUS_PENDING;
        r->status_why = fmt(c, "目標値が%s", dxp_state_japanese(t->state));
        return;
    }
    if (e->target.kind == DXP_VAL_MISSING) {
        r->status = DXP_STATUS_UNMEASURED;
        r->status_why = fmt(c, "目標値を計算できない（%s）", e->target.why);
        return;
    }
    if (r->actual.kind == DXP_VAL_MISSING) {
        r->status = DXP_STATUS_UNMEASURED;
        r->status_why = r->actual.why;
        return;
    }
    /* A target written as a comparison (> actual[R5]) is met when the comparison holds. */
    dxp_val met;
    if (t->kind == DXP_VALUE_COMPARE) {
        dxp_val a = r->actual, b = e->target;
        if (!align(&a, &b)) met = missing("単位が換算できない");
        else switch (t->compare_op) {
            case DXP_OP_LT: met = boolean(a.number < b.number); break;
            case DXP_OP_LE: met = boolean(a.number <= b.number); break;
            case DXP_OP_GT: met = boolean(a.number > b.number); break;
            case DXP_OP_GE: met = boolean(a.number >= b.number); break;
            default:        met = boolean(a.number == b.number); break;
        }
    } else {
        met = c->rule.met ? rule_value(c, e, c->rule.met, 0) : missing("評価規則に met がない");
    }
    if (met.kind != DXP_VAL_BOOL) {
        r->status = DXP_STATUS_ERROR;
        r->status_why = met.kind == DXP_VAL_MISSING ? met.why : "'met' is not true or false";
        return;
    }
    r->met = met.truth;
    r->status = met.truth ? DXP_STATUS_MET : DXP_STATUS_UNMET;
    dxp_val rate = missing("評価規則に rate がない");
    if (c->rule.rate) {
        rate = rule_value(c, e, c->rule.rate, 0);
        if (rate.kind == DXP_VAL_NUMBER && !dxp_unit_is_dimensionless(&rate.unit))
            rate = missing("the rate is not a plain ratio");
        else if (rate.kind == DXP_VAL_NUMBER)
            rate.number *= rate.unit.factor;
    }
    r->rate = dxp_shown_of(&rate);
    if (c->rule.grade) {
        dxp_val grade = rule_value(c, e, c->rule.grade, 0);
        r->grade = dxp_shown_of(&grade);
    }
    if (c->rule.status) {
        dxp_val s = rule_value(c, e, c->rule.status, 0);
        if (s.kind == DXP_VAL_STRING) r->status_label = s.str;
    }
}

static void evaluate_kpi(ctx *c, dxp_series *s, dxp_year y, dxp_kpi_result *r);

static void aggregate_parts(ctx *c, dxp_kpi_result *r)
{
    size_t met = 0, measured = 0, pending = 0, no_target = 0;
    for (size_t i = 0; i < r->nparts; i++) {
        dxp_status st = r->parts[i].status;
        if (st == DXP_STATUS_MET) met++, measured++;
        else if (st == DXP_STATUS_UNMET || st == DXP_STATUS_PARTIAL) measured++;
        else if (st == DXP_STATUS_PENDING) pending++;
        else if (st == DXP_STATUS_NO_TARGET) no_target++;
    }
    /* Judged on the measured parts; unmeasured parts are shown, not counted as failures. */
    if (measured > 0) {
        r->status = met == measured ? DXP_STATUS_MET : met == 0 ? DXP_STATUS_UNMET : DXP_STATUS_PARTIAL;
        r->met = met == measured;
        r->status_why = fmt(c, "計測できた%zu項目のうち%zu項目を達成", measured, met);
    } else if (no_target == r->nparts) {
        r->status = DXP_STATUS_NO_TARGET;
    } else if (pending > 0) {
        r->status = DXP_STATUS_PENDING;
    } else {
        r->status = DXP_STATUS_UNMEASURED;
        r->status_why = "計測できた項目なし";
    }
    dxp_val rate = missing("達成率は項目ごと");
    r->rate = dxp_shown_of(&rate);
}

/* A part is in force in year y if the plan has it, or a revision added it by then. */
static bool part_in_force(const dxp_series *part, dxp_year y)
{
    const dxp_revision *added = dxp_series_introduced(part);
    return !added || added->revise->year.fy <= y.fy;
}

static void evaluate_kpi(ctx *c, dxp_series *s, dxp_year y, dxp_kpi_result *r)
{
    definition d;
    definition_in(c, s, y, &d);
    memset(r, 0, sizeof *r);
    r->series = s;
    const dxp_series *parent = dxp_series_parent(s), *top = parent ? parent : s;
    r->measure = top->measure;
    r->goal = top->measure ? top->measure->goal : NULL;
    r->title = d.title;
    r->unit_text = d.unit_ref ? src_text(c, d.unit_file, d.unit_ref->loc) : (dxp_str){ "", 0 };
    r->direction = d.direction;
    r->reference = d.reference;
    r->cumulative = d.cumulative;
    if (d.baseline) {
        r->baseline = d.baseline->value;
        r->baseline_file = d.baseline_file;
        r->has_point = dxp_baseline_has_point(d.baseline);
        r->point = d.baseline->point;
        r->point_loc = d.baseline->point_loc;
        r->baseline_revised = d.baseline_revised;
    }
    r->revisions = d.revisions[0] ? dxp_arena_strndup(c->arena, d.revisions, strlen(d.revisions)) : NULL;
    for (size_t i = 0; i < s->nnotes; i++)
        if (s->notes[i].year.fy == y.fy) r->note = dxp_year_note_text(&s->notes[i]);

    size_t nparts = 0;
    dxp_series **parts = dxp_series_parts(s);
    for (size_t i = 0; i < s->nparts; i++) nparts += part_in_force(parts[i], y);
    if (nparts > 0) {
        r->parts = &c->year->part_pool[c->parts_used];
        c->parts_used += nparts;
        for (size_t i = 0; i < s->nparts; i++)
            if (part_in_force(parts[i], y)) evaluate_kpi(c, parts[i], y, &r->parts[r->nparts++]);
        aggregate_parts(c, r);
        r->status_label = c->ev->labels[r->status];
        return;
    }

    const dxp_unit *unit = d.has_unit ? &d.unit : NULL;
    env e;
    env_init(&e, s, y);
    e.result = r;
    /* the actual */
    const dxp_year_entry *a = dxp_table_find(&s->actuals, y.fy);
    if (a) {
        r->actual_value = a->value;
        r->actual_file = a->file;
        r->actual = written_value(c, a->value, a->file, unit);
        if (r->actual.kind == DXP_VAL_MISSING && r->actual.has_state)
            r->actual.why = dxp_state_japanese(r->actual.state);
    } else {
        r->actual = series_actual(c, s, y, 0);
        r->actual_computed = dxp_series_formula(s) != NULL;
        if (r->actual.kind == DXP_VAL_NUMBER && unit && !dxp_unit_same_dimension(&r->actual.unit, unit))
            r->actual = missing("the formula's unit does not convert to the revised unit");
    }
    /* the target */
    r->target_value = d.target;
    r->target_file = d.target_file;
    r->target_revised = d.target_revised;
    dxp_val *target = &e.target;
    *target = missing("目標値なし");
    if (d.target) {
        switch (d.target->kind) {
        case DXP_VALUE_COMPARE:
            *target = eval_expr(c, &e, dxp_value_compared(d.target), 0);
            if (target->kind == DXP_VAL_NUMBER && unit && !target->bare) {
                if (!dxp_unit_same_dimension(&target->unit, unit)) *target = missing("単位が換算できない");
                else target->number *= dxp_unit_ratio(&target->unit, unit), target->unit = *unit;
            }
            if (target->kind == DXP_VAL_NUMBER && unit) target->unit = *unit, target->bare = false;
            break;
        case DXP_VALUE_RANGE:
            e.target_low = written_value(c, d.target, d.target_file, unit);
            e.target_high = written_value(c, dxp_value_high(d.target), d.target_file, unit);
            *target = e.target_low;
            break;
        default:
            *target = written_value(c, d.target, d.target_file, unit);
            break;
        }
    }
    if (d.target && d.target->kind != DXP_VALUE_RANGE) e.target_low = e.target_high = *target;
    r->target = dxp_shown_of(target);
    judge(c, r, &e);
    if (!r->status_label.ptr) r->status_label = c->ev->labels[r->status];
}

/* ---- roll-ups ---------------------------------------------------------------------- */

static void count(dxp_rollup *ru, const dxp_kpi_result *r)
{
    if (r->reference) return;               /* ※参考値: left out of summaries */
    ru->counts[r->status]++;
    if (r->status == DXP_STATUS_MET || r->status == DXP_STATUS_UNMET || r->status == DXP_STATUS_PARTIAL)
        ru->evaluated++;
    if (r->status == DXP_STATUS_MET) ru->met++;
}

/* Sums the budget entries of one year, in the unit of the first (千円). */
static bool budget_of(ctx *c, const dxp_table *t, int16_t fy, dxp_val *sum, dxp_str *unit_text)
{
    bool any = false;
    for (size_t i = 0; i < t->count; i++) {
        const dxp_year_entry *e = &t->items[i];
        dxp_unit_ref sign;
        const dxp_unit_ref *written = dxp_value_unit(e->value, &sign);
        if (e->year.fy != fy || e->value->kind != DXP_VALUE_QUANTITY || !written) continue;
        dxp_val v = written_value(c, e->value, e->file, NULL);
        if (v.kind != DXP_VAL_NUMBER) continue;
        if (!any) {
            *sum = v;
            *unit_text = src_text(c, e->file, written->loc);
            any = true;
        } else if (align(sum, &v)) {
            sum->number += v.number;
        }
    }
    return any;
}

dxp_val dxp_rollup_share(const dxp_rollup *ru)
{
    return ru->evaluated ? number((double)ru->met / (double)ru->evaluated, DXP_UNIT_ONE)
                         : missing("判定できた指標なし");
}

double dxp_budget_prev_number(const dxp_budget *b)
{
    dxp_val prev = b->prev;
    if (dxp_unit_same_dimension(&prev.unit, &b->amount.unit)) prev.number *= dxp_unit_ratio(&prev.unit, &b->amount.unit);
    return prev.number;
}

static void finish_rollup(ctx *c, dxp_rollup *ru, dxp_year y)
{
    dxp_item *it = c->rule.rollup;
    if (!it) return;   /* the rule set has no roll-up label */
    env e;
    env_init(&e, NULL, y);
    e.rollup = ru;
    dxp_val label = rule_value(c, &e, it, 0);
    if (label.kind == DXP_VAL_STRING) ru->label = label.str;
}

/* The roll-up's budget, made when it first has one. */
static dxp_budget *budget_in(ctx *c, dxp_rollup *ru)
{
    if (!ru->budget) ru->budget = dxp_arena_alloc(c->arena, sizeof *ru->budget);
    return ru->budget;
}

static void add_budget(ctx *c, dxp_rollup *ru, const dxp_table *t, dxp_year y)
{
    dxp_budget this_year = { 0 };
    dxp_str prev_unit;
    this_year.has_amount = budget_of(c, t, y.fy, &this_year.amount, &this_year.unit);
    this_year.has_prev = budget_of(c, t, (int16_t)(y.fy - 1), &this_year.prev, &prev_unit);
    if (this_year.has_amount || this_year.has_prev) *budget_in(c, ru) = this_year;
}

/* Counts the KPIs among series [from, to) and the parts they may have, and,
 * from min_kpis KPIs on, chooses where to split them in two halves of about
 * as many KPIs each. */
static kpi_split split_kpis(const dxp_program *p, size_t from, size_t to, size_t min_kpis)
{
    kpi_split sp = { 0 };
    sp.from = from;
    sp.to = to;
    for (size_t i = from; i < to; i++)
        if (p->series[i]->kind == DXP_SERIES_KPI) sp.kpis++, sp.parts += p->series[i]->nparts;
    sp.threaded = sp.kpis >= min_kpis && dxp_threads_available();
    if (!sp.threaded) return sp;
    for (size_t i = from; i < to && sp.kpis_before < sp.kpis / 2; i++) {
        const dxp_series *s = p->series[i];
        if (s->kind == DXP_SERIES_KPI) sp.kpis_before++, sp.parts_before += s->nparts;
        sp.series = i + 1;
    }
    return sp;
}

/* Room for the results of the KPIs a split counts, and their parts. */
static void allocate_results(const kpi_split *sp, dxp_year_eval *out)
{
    out->kpis = dxp_xcalloc(sp->kpis ? sp->kpis : 1, sizeof *out->kpis);
    out->part_pool = dxp_xcalloc(sp->parts ? sp->parts : 1, sizeof *out->part_pool);
}

static void allocate_rollups(const dxp_program *p, dxp_year_eval *out)
{
    out->measures = dxp_xcalloc(p->nmeasures ? p->nmeasures : 1, sizeof *out->measures);
    out->goals = dxp_xcalloc(p->ngoals ? p->ngoals : 1, sizeof *out->goals);
}

/* A whole year: its results, looked up by series for the reports, and its
 * roll-ups. A batch has the results of its KPIs only (a national plan's
 * table by series is 1 MB). */
static void allocate_year(const dxp_program *p, const kpi_split *sp, dxp_year_eval *out)
{
    allocate_results(sp, out);
    out->by_series = dxp_xcalloc(p->nseries ? p->nseries : 1, sizeof *out->by_series);
    allocate_rollups(p, out);
}

/* The KPIs among series [from, to), evaluated into the year's results from
 * kpis[kpi_at] on (up to kpi_end, after the run), their parts from the
 * context's part cursor on. */
typedef struct kpi_run {
    ctx c;
    dxp_year y;
    size_t from, to, kpi_at, kpi_end;
} kpi_run;

static void evaluate_run(void *arg)
{
    kpi_run *run = arg;
    dxp_program *p = run->c.p;
    dxp_year_eval *out = run->c.year;
    size_t at = run->kpi_at;
    for (size_t i = run->from; i < run->to; i++) {
        /* Each KPI's series, declaration, unit, baseline and year tables are
         * cache misses: ask for the series 16 places ahead, and for what it
         * points to 8 places ahead, while this one is evaluated. */
        if (i + 16 < run->to) __builtin_prefetch(p->series[i + 16]);
        if (i + 8 < run->to) {
            const dxp_series *ahead = p->series[i + 8];
            __builtin_prefetch(ahead->decl);
            __builtin_prefetch(ahead->baseline);
            __builtin_prefetch(ahead->targets.items);
            __builtin_prefetch(ahead->actuals.items);
        }
        dxp_series *s = p->series[i];
        if (s->kind != DXP_SERIES_KPI || (run->c.only && !run->c.only(s, run->y))) continue;
        dxp_kpi_result *r = &out->kpis[at++];
        if (out->by_series) out->by_series[s->index] = r;
        evaluate_kpi(&run->c, s, run->y, r);
    }
    run->kpi_end = at;
}

/* Evaluates the KPIs of the year (those the filter lets through). A large
 * plan's KPIs are evaluated in two halves at once: each KPI's result depends
 * only on the program, so each half writes its own results, parts and
 * strings (in an arena of its own, which the evaluation adopts afterwards),
 * and the output is the same either way. */
static void evaluate_kpis(ctx *c, dxp_year y, dxp_year_eval *out)
{
    const kpi_split *sp = &c->split;
    c->parts_used = 0;
    kpi_run first = { *c, y, sp->from, sp->to, 0, 0 };
    if (!sp->threaded) {
        evaluate_run(&first);
        c->parts_used = first.c.parts_used;
        out->nkpis = first.kpi_end;
    } else {
        dxp_arena second_arena;
        dxp_arena_init(&second_arena);
        first.to = sp->series;
        kpi_run second = { *c, y, sp->series, sp->to, sp->kpis_before, 0 };
        second.c.arena = &second_arena;
        second.c.parts_used = sp->parts_before;   /* parts the first half may take come before */
        dxp_run_both(evaluate_run, &first, evaluate_run, &second);
        dxp_arena_adopt(c->arena, &second_arena);
        c->parts_used = second.c.parts_used;
        /* With a filter the first half may have left room: the second's
         * results move down to follow it. */
        size_t moved = second.kpi_end - sp->kpis_before;
        if (first.kpi_end < sp->kpis_before) {
            memmove(&out->kpis[first.kpi_end], &out->kpis[sp->kpis_before], moved * sizeof *out->kpis);
            for (size_t i = first.kpi_end; i < first.kpi_end + moved && out->by_series; i++)
                out->by_series[out->kpis[i].series->index] = &out->kpis[i];
        }
        out->nkpis = first.kpi_end + moved;
    }
    out->nparts_used = c->parts_used;
}

/* Counts the results of `from` (a year, or a batch of one) into the
 * roll-ups of `into`. */
static void count_results(dxp_year_eval *into, const dxp_year_eval *from)
{
    for (size_t i = 0; i < from->nkpis; i++) {
        const dxp_kpi_result *r = &from->kpis[i];
        if (r->measure) count(&into->measures[r->measure->index], r);
        if (r->goal) count(&into->goals[r->goal->index], r);
        count(&into->plan, r);
    }
}

/* Adds v to a sum of budgets, in the unit of the first (a budget that does
 * not convert to it is left out). */
static void add_amount(dxp_val *sum, bool *has_sum, dxp_val v)
{
    if (!*has_sum) {
        *sum = v;
        *has_sum = true;
    } else if (align(sum, &v)) {
        sum->number += v.number;
    }
}

/* Completes the roll-ups of a year whose results are counted: budgets,
 * shares, and the rule set's roll-up labels. */
static void finish_rollups(ctx *c, dxp_year y, dxp_year_eval *out)
{
    dxp_program *p = c->p;
    for (size_t i = 0; i < p->nmeasures; i++) {
        add_budget(c, &out->measures[i], &p->measures[i]->budget, y);
        finish_rollup(c, &out->measures[i], y);
    }
    for (size_t i = 0; i < p->ngoals; i++) {
        dxp_rollup *g = &out->goals[i];
        add_budget(c, g, &p->goals[i]->budget, y);
        finish_rollup(c, g, y);
        /* The plan's budget is the goals' sum, in the first goal's unit. */
        const dxp_budget *gb = g->budget;
        if (gb && gb->has_amount) {
            dxp_budget *pb = budget_in(c, &out->plan);
            if (!pb->has_amount) pb->unit = gb->unit;
            add_amount(&pb->amount, &pb->has_amount, gb->amount);
        }
        if (gb && gb->has_prev) {
            dxp_budget *pb = budget_in(c, &out->plan);
            add_amount(&pb->prev, &pb->has_prev, gb->prev);
        }
    }
    finish_rollup(c, &out->plan, y);
}

/* Fills a year's results, allocated and empty. */
static void evaluate_year(ctx *c, dxp_year y, dxp_year_eval *out)
{
    out->year = y;
    c->year = out;
    memset(&out->plan, 0, sizeof out->plan);
    evaluate_kpis(c, y, out);
    count_results(out, out);
    finish_rollups(c, y, out);
}

/* The evaluation's rules that every KPI is judged by, looked up once. */
static void use_rules(ctx *c)
{
    if (!c->ev->rules) return;
    c->rule = (rule_items){ find_rule_named(c, "met"), find_rule_named(c, "rate"), find_rule_named(c, "grade"),
                            find_rule_named(c, "status"), find_rule_named(c, "rollup") };
}

/* An evaluation with its rule set looked up and no years yet. */
static dxp_evaluation *start_evaluation(dxp_program *p, ctx *c)
{
    dxp_evaluation *ev = dxp_xcalloc(1, sizeof *ev);
    ev->program = p;
    dxp_arena_init(&ev->arena);
    ev->rules = p->plan.rules;
    if (!ev->rules) ev->rules = dxp_symtab_get(&p->rules_names, dxp_str_from("standard"));
    *c = (ctx){ .ev = ev, .p = p, .diags = p->diags, .split = split_kpis(p, 0, p->nseries, DXP_THREADS_MIN_KPIS),
                .arena = &ev->arena };
    /* Evaluation marks the files whose units it uses; with room for every
     * source made now, two threads never grow the array at once. */
    dxp_program_reserve_use(p);
    use_rules(c);
    if (ev->rules) {
        ev->rules_title = ev->rules->has_title ? dxp_decl_title(ev->rules) : dxp_decl_id(ev->rules);
        dxp_item *rf = find_rule_named(c, "rate_formula");
        if (rf && rf->expr->kind == DXP_EXPR_STRING) ev->rate_formula = rf->expr->str;
    }
    for (int st = 0; st < DXP_STATUS_COUNT; st++) ev->labels[st] = status_label(c, (dxp_status)st);
    return ev;
}

static int year_span(dxp_year from, dxp_year to)
{
    return to.fy > from.fy ? to.fy - from.fy : 0;
}

/* The i-th year from `from`, written the way `from` is. */
static dxp_year year_after(dxp_year from, int i)
{
    from.fy = (int16_t)(from.fy + i);
    return from;
}

dxp_evaluation *dxp_evaluate(dxp_program *p, dxp_year from, dxp_year to)
{
    ctx c;
    dxp_evaluation *ev = start_evaluation(p, &c);
    int span = year_span(from, to);
    ev->years = dxp_xcalloc((size_t)span + 1, sizeof *ev->years);
    for (int i = 0; i <= span; i++) {
        allocate_year(p, &c.split, &ev->years[ev->nyears]);
        evaluate_year(&c, year_after(from, i), &ev->years[ev->nyears++]);
    }
    return ev;
}

bool dxp_kpi_reported(const dxp_series *kpi, dxp_year y)
{
    if (dxp_table_find(&kpi->actuals, y.fy)) return true;
    for (size_t i = 0; i < kpi->nnotes; i++)
        if (kpi->notes[i].year.fy == y.fy) return true;
    for (size_t i = 0; i < kpi->nparts; i++)
        if (dxp_table_find(&dxp_series_parts(kpi)[i]->actuals, y.fy)) return true;
    return false;
}

/* KPIs a batch of dxp_evaluate_in_batches (and of the roll-ups) holds:
 * their results take 350 KB, whatever the size of the plan. A full batch
 * is evaluated in two halves at once: 1,024 KPIs take a millisecond or
 * two, a thread a tenth of one. */
enum { BATCH_KPIS = 1024 };

/* The end of the batch of series that starts at `from`: BATCH_KPIS KPIs, or
 * the rest of the program. */
static size_t batch_end(const dxp_program *p, size_t from)
{
    size_t kpis = 0, i = from;
    for (; i < p->nseries && kpis < BATCH_KPIS; i++)
        if (p->series[i]->kind == DXP_SERIES_KPI) kpis++;
    return i;
}

/* A program's batches, the same every year, and room for the largest. */
typedef struct batch_plan {
    kpi_split *batches;
    size_t nbatches;
    kpi_split most;
} batch_plan;

static batch_plan plan_batches(const dxp_program *p)
{
    batch_plan bp = { 0 };
    for (size_t b = 0; b < p->nseries; b = bp.batches[bp.nbatches - 1].to) {
        kpi_split sp = split_kpis(p, b, batch_end(p, b), BATCH_KPIS);
        DXP_PUSH(bp.batches, bp.nbatches, sp);
        if (sp.kpis > bp.most.kpis) bp.most.kpis = sp.kpis;
        if (sp.parts > bp.most.parts) bp.most.parts = sp.parts;
    }
    return bp;
}

/* Evaluates batch b of the year c->year->year into c->year, its strings
 * in batch_arena (freed by the caller before the next batch). */
static void evaluate_batch(ctx *c, const batch_plan *bp, size_t b, dxp_arena *batch_arena)
{
    c->split = bp->batches[b];
    dxp_arena_init(batch_arena);
    c->arena = batch_arena;
    evaluate_kpis(c, c->year->year, c->year);
}

void dxp_evaluate_in_batches(dxp_program *p, dxp_year from, dxp_year to, dxp_kpi_filter only,
                             void (*each)(const dxp_evaluation *ev, const dxp_year_eval *ye, void *arg), void *arg)
{
    ctx c;
    dxp_evaluation *ev = start_evaluation(p, &c);
    c.only = only;
    batch_plan bp = plan_batches(p);
    ev->years = dxp_xcalloc(1, sizeof *ev->years);
    ev->nyears = 1;
    dxp_year_eval *ye = &ev->years[0];
    allocate_results(&bp.most, ye);
    int span = year_span(from, to);
    for (int i = 0; i <= span; i++) {
        ye->year = year_after(from, i);
        c.year = ye;
        for (size_t b = 0; b < bp.nbatches; b++) {
            dxp_arena batch_arena;   /* the strings of a batch's results live until the next batch */
            evaluate_batch(&c, &bp, b, &batch_arena);
            if (ye->nkpis) each(ev, ye, arg);
            dxp_arena_free(&batch_arena);
        }
    }
    free(bp.batches);
    dxp_evaluation_free(ev);
}

dxp_evaluation *dxp_evaluate_rollups(dxp_program *p, dxp_year from, dxp_year to)
{
    ctx c;
    dxp_evaluation *ev = start_evaluation(p, &c);
    batch_plan bp = plan_batches(p);
    dxp_year_eval batch = { 0 };
    allocate_results(&bp.most, &batch);
    int span = year_span(from, to);
    ev->years = dxp_xcalloc((size_t)span + 1, sizeof *ev->years);
    for (int i = 0; i <= span; i++) {
        dxp_year_eval *ye = &ev->years[ev->nyears++];
        ye->year = batch.year = year_after(from, i);
        allocate_rollups(p, ye);
        c.year = &batch;
        for (size_t b = 0; b < bp.nbatches; b++) {
            dxp_arena batch_arena;
            evaluate_batch(&c, &bp, b, &batch_arena);
            count_results(ye, &batch);
            dxp_arena_free(&batch_arena);
        }
        c.arena = &ev->arena;   /* the roll-ups' labels stay with the evaluation */
        finish_rollups(&c, ye->year, ye);
    }
    free(batch.kpis);
    free(batch.part_pool);
    free(bp.batches);
    return ev;
}

size_t dxp_evaluate_kpis(const dxp_evaluation *ev, dxp_year y, dxp_series *const *kpis, size_t n,
                         dxp_kpi_result *results, dxp_kpi_result *parts, dxp_arena *arena)
{
    dxp_year_eval pool = { .year = y, .part_pool = parts };
    ctx c = { .ev = (dxp_evaluation *)ev, .p = ev->program, .diags = ev->program->diags, .year = &pool,
              .arena = arena };
    use_rules(&c);
    for (size_t i = 0; i < n; i++) evaluate_kpi(&c, kpis[i], y, &results[i]);
    return c.parts_used;
}

void dxp_evaluation_free(dxp_evaluation *ev)
{
    if (!ev) return;
    for (size_t i = 0; i < ev->nyears; i++) {
        free(ev->years[i].kpis);
        free(ev->years[i].part_pool);
        free(ev->years[i].by_series);
        free(ev->years[i].measures);
        free(ev->years[i].goals);
    }
    free(ev->years);
    dxp_arena_free(&ev->arena);
    free(ev);
}
