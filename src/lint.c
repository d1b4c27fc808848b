/* lint.c — the rule catalogue of `dxp lint` (see lint.h, codes.c and
 * docs/diagnostics.md). Each rule is a function over the checked program (and,
 * for results, its evaluation); each names the KPI and the year it is about. */
#define _GNU_SOURCE   /* memmem: a note is searched for its 【…】 marks, KPI by KPI */
#include "dxp/lint.h"
#include "dxp/i18n.h"

#include "dxp/codes.h"
#include "dxp/eval.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct suppressions suppressions;

typedef struct linter {
    dxp_program *p;
    const dxp_lint_options *opt;
    suppressions *allow;      /* the program's `# dxp: allow` comments */
} linter;

/* The first occurrence of needle in [hay, hay + n), or NULL. */
static const char *find_bytes(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    return n >= k && k > 0 ? memmem(hay, n, needle, k) : NULL;   /* an empty note has no bytes at all */
}

static bool in_list(const char **list, const char *code)
{
    for (; list && *list; list++)
        if (strcmp(*list, code) == 0) return true;
    return false;
}

static bool enabled(const linter *l, const char *code)
{
    if (in_list(l->opt->enable, code)) return true;
    return !in_list(l->opt->disable, code);
}

/* ---- suppressions: `# dxp: allow CODE` ------------------------------------------------ */

typedef struct suppression {
    int32_t file;
    uint32_t line;            /* the line it silences */
    char code[16];
    dxp_loc loc;              /* the comment, for DXP590 */
    bool used;
} suppression;

struct suppressions {
    suppression *items;
    size_t count;
    dxp_program *p;
};

/* Whether an allow comment silences `code` at `start` of `file`; marks it used. */
static bool silences(suppressions *s, int32_t file, uint32_t start, const char *code)
{
    if (s->count == 0) return false;
    dxp_source *src = dxp_diags_source(s->p->diags, file);
    if (!src) return false;
    uint32_t line = dxp_source_line_of(src, start);
    for (size_t i = 0; i < s->count; i++) {
        suppression *x = &s->items[i];
        if (x->file == file && x->line == line && strcmp(x->code, code) == 0) {
            x->used = true;
            return true;
        }
    }
    return false;
}

static bool suppressed(const dxp_diag *g, void *ctx)
{
    return silences(ctx, g->span.file, g->span.start, g->code);
}

/* Reads the codes of one `# dxp: allow CODE[, CODE …]` comment. */
static void read_comment(suppressions *s, dxp_source *src, int32_t file, dxp_loc loc)
{
    const char *t = src->text + loc.start, *end = src->text + loc.end;
    const char *m = find_bytes(t, (size_t)(end - t), "dxp: allow");
    if (!m) return;
    /* own line: silences the next line; after code: its own line */
    uint32_t line = dxp_source_line_of(src, loc.start), ls, le;
    dxp_source_line_span(src, line, &ls, &le);
    bool own_line = true;
    for (uint32_t i = ls; i < loc.start; i++)
        if (src->text[i] != ' ' && src->text[i] != '\t') own_line = false;
    for (const char *c = m + 10; c < end;) {
        while (c < end && (*c == ' ' || *c == ',' || *c == '\t')) c++;
        const char *w = c;
        while (c < end && isalnum((unsigned char)*c)) c++;
        if (c == w) break;
        s->items = dxp_xrealloc(s->items, (s->count + 1) * sizeof *s->items);
        suppression *x = &s->items[s->count++];
        memset(x, 0, sizeof *x);
        x->file = file;
        x->line = own_line ? line + 1 : line;
        snprintf(x->code, sizeof x->code, "%.*s", (int)(c - w), w);
        x->loc = loc;
    }
}

static suppressions read_suppressions(dxp_program *p)
{
    suppressions s = { NULL, 0, p };
    for (size_t f = 0; f < p->nfiles; f++) {
        dxp_source *src = dxp_diags_source(p->diags, p->files[f]->file);
        if (!src || src->embedded) continue;
        for (const dxp_comment *c = p->files[f]->comments; c; c = c->next)
            read_comment(&s, src, p->files[f]->file, c->loc);
    }
    return s;
}

/* Removes the diagnostics the comments silence, warns about the comments that
 * silenced nothing, and frees them. */
static void finish_suppressions(suppressions *s, bool warn_unused)
{
    dxp_program *p = s->p;
    if (s->count) dxp_diags_remove_if(p->diags, suppressed, s);
    /* Only the file being linted: an imported file's suppression may be needed
     * when that file is linted on its own. */
    for (size_t i = 0; warn_unused && i < s->count; i++)
        if (!s->items[i].used && s->items[i].file == p->root)
            dxp_diag_help(dxp_warning(p->diags, "DXP590", dxp_program_span(s->items[i].file, s->items[i].loc),
                                      _("`dxp: allow %s` silences nothing"), s->items[i].code),
                          _("remove it: the finding it was for is gone (or it is on the wrong line)"));
    free(s->items);
}

void dxp_apply_suppressions(dxp_program *p, bool warn_unused)
{
    suppressions s = read_suppressions(p);
    finish_suppressions(&s, warn_unused);
}

/* ---- findings ---------------------------------------------------------------------- */

/* The severity a finding of `code` gets: the code's default, but a pending
 * target is an error once the plan is final, or under --strict. */
static dxp_severity severity_of(const linter *l, const char *code)
{
    const dxp_code_info *info = dxp_code_find(code);
    if (strcmp(code, "DXP501") == 0 && (l->opt->strict || l->p->plan.final)) return DXP_SEV_ERROR;
    return info ? info->severity : DXP_SEV_WARNING;
}

/* Whether a finding of `code` can change what lint prints. One hidden by
 * --severity error could only still mark a `# dxp: allow` as used, which spares
 * an unused-suppression warning (DXP590) that is hidden too. Rules call it
 * before formatting the numbers of a message: most findings of a large plan
 * linted with --severity error are warnings. */
static bool shown(const linter *l, const char *code)
{
    if (!enabled(l, code)) return false;
    return severity_of(l, code) >= l->opt->min_severity || DXP_SEV_WARNING >= l->opt->min_severity;
}

/* Adds a finding with its severity (severity_of); NULL when it is not shown.
 * A finding that an allow comment silences, or that --severity hides, is not
 * collected at all: it neither counts against the limit of diagnostics nor
 * as a warning for --max-warnings. Its comment is still marked as used. */
static dxp_diag *finding(linter *l, const char *code, int32_t file, dxp_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static dxp_diag *finding(linter *l, const char *code, int32_t file, dxp_loc loc, const char *fmt, ...)
{
    if (!shown(l, code)) return NULL;
    if (silences(l->allow, file, loc.start, code)) return NULL;
    dxp_severity sev = severity_of(l, code);
    if (sev < l->opt->min_severity) return NULL;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return dxp_diag_add(l->p->diags, sev, code, dxp_program_span(file, loc), _("%s"), msg);
}

static const char *yr(dxp_year y, char *buf, size_t size)
{
    return dxp_year_format(y, buf, size);
}

#define NAME(s) DXP_SERIES_NAME(s)

static bool is_kpi(const dxp_series *s)
{
    return s->kind != DXP_SERIES_DATA;
}

/* A leaf is judged on its own values: a KPI without parts, or a part. */
static bool is_leaf(const dxp_series *s)
{
    return is_kpi(s) && s->nparts == 0;
}

static const dxp_unit *unit_of(const dxp_series *s)
{
    return s->unit;
}

static bool number_of(linter *l, const dxp_value *v, int32_t file, const dxp_series *s, double *out)
{
    return v && v->kind == DXP_VALUE_QUANTITY && dxp_value_number(l->p, v, file, unit_of(s), out);
}

/* Is a better than b for the KPI's direction? (keep: never compared) */
static bool better(dxp_direction d, double a, double b)
{
    return d == DXP_DIR_DOWN ? a < b : a > b;
}

/* ---- pending values ------------------------------------------------------------ */

static void pending_targets(linter *l, dxp_series *s)
{
    char yb[32];
    for (size_t i = 0; i < s->targets.count; i++) {
        const dxp_year_entry *e = &s->targets.items[i];
        if (e->value->kind != DXP_VALUE_STATE || e->value->state != DXP_STATE_PENDING) continue;
        dxp_source *src = dxp_diags_source(l->p->diags, e->file);
        dxp_loc at = dxp_value_loc(e->value);
        dxp_diag *d = finding(l, "DXP501", e->file, at, _("target for %s of '%.*s' is %.*s (pending)"),
                              yr(e->year, yb, sizeof yb), NAME(s), (int)(at.end - at.start), src->text + at.start);
        if (d && d->severity == DXP_SEV_ERROR)
            dxp_diag_note(d, DXP_NO_SPAN, l->p->plan.final ? _("the plan is `stage final`: every target must be decided")
                                                          : _("--strict makes pending targets errors"));
        dxp_diag_help(d, _("decide the target, or keep the plan `stage draft` until it is decided"));
    }
}

static void pending_baseline(linter *l, dxp_series *s)
{
    const dxp_baseline *b = s->baseline;
    if (!b) return;
    dxp_state st = b->value->state;
    if (b->value->kind == DXP_VALUE_STATE &&
        (st == DXP_STATE_PENDING || st == DXP_STATE_REVIEWING || st == DXP_STATE_UNPUBLISHED)) {
        dxp_diag *d = finding(l, "DXP502", s->file, dxp_value_loc(b->value), _("baseline of '%.*s' is %s (%s)"), NAME(s),
                              dxp_state_japanese(st), dxp_state_keyword(st));
        dxp_diag_help(d, _("progress cannot be measured from an unknown baseline; add it when it is published"));
    }
    if (!dxp_baseline_has_point(b) && b->value->kind == DXP_VALUE_QUANTITY)
        dxp_diag_help(finding(l, "DXP505", s->file, dxp_value_loc(b->value), _("baseline of '%.*s' has no time point"), NAME(s)),
                      _("write when it was measured: `baseline 128 at R2.12`"));
}

static void missing_targets(linter *l, dxp_series *s)
{
    const dxp_plan_info *pl = &l->p->plan;
    if (!pl->has_period) return;
    bool any = false, last = false;
    for (size_t i = 0; i < s->targets.count; i++) {
        int fy = s->targets.items[i].year.fy;
        if (fy >= pl->first.fy && fy <= pl->last.fy) any = true;
        if (fy == pl->last.fy) last = true;
    }
    for (const dxp_revision *r = dxp_series_revisions(s); r; r = r->next)
        for (const dxp_prop *pr = r->item->props; pr; pr = pr->next)
            if (pr->kind == DXP_PROP_TARGET) {
                any = true;
                if (dxp_prop_entry_for(pr, pl->last.fy)) last = true;
            }
    if (dxp_series_introduced(s)) return;   /* a part a revision added has its targets there */
    char a[32], b[32];
    if (!any) {
        dxp_diag_help(finding(l, "DXP503", s->file, s->decl->id_loc, _("'%.*s' has no target in the plan period %s..%s"),
                              NAME(s), yr(pl->first, a, sizeof a), yr(pl->last, b, sizeof b)),
                      _("add `target { %s: … }`, or 調整中 while it is being decided"), yr(pl->last, b, sizeof b));
    } else if (!last) {
        dxp_diag_help(finding(l, "DXP504", s->file, s->decl->id_loc, _("'%.*s' has no target for %s, the last year of the plan"),
                              NAME(s), yr(pl->last, b, sizeof b)),
                      _("give the final target, or write `%s: -` if the KPI ends earlier"), b);
    }
}

/* ---- ambition and direction ------------------------------------------------------ */

static void ambition(linter *l, dxp_series *s)
{
    char yb[32], nb[64], tb[64];
    double base;
    if (s->direction == DXP_DIR_KEEP) return;
    bool have_base = s->baseline && number_of(l, s->baseline->value, s->file, s, &base) &&
                     !s->baseline->value->parenthesized;
    /* targets in year order (the table's); of a year written twice, the first */
    const dxp_year_entry *prev = NULL;
    double prev_v = 0;
    bool reported_base = false, reported_dir = false;
    for (size_t i = 0; i < s->targets.count; i++) {
        const dxp_year_entry *e = &s->targets.items[i];
        if (i > 0 && s->targets.items[i - 1].year.fy == e->year.fy) continue;
        double v;
        if (!number_of(l, e->value, e->file, s, &v)) continue;
        if (have_base && !reported_base && better(s->direction, base, v) && shown(l, "DXP510")) {
            dxp_diag *d = finding(l, "DXP510", e->file, e->loc,
                                  _("target for %s of '%.*s' (%s) is %s than its baseline (%s)"), yr(e->year, yb, sizeof yb),
                                  NAME(s), dxp_format_number(v, tb, sizeof tb),
                                  s->direction == DXP_DIR_DOWN ? _("higher") : _("lower"), dxp_format_number(base, nb, sizeof nb));
            dxp_diag_note(d, dxp_program_span(s->file, dxp_value_loc(s->baseline->value)), _("the baseline"));
            dxp_diag_help(d, s->direction == DXP_DIR_UP ? _("if less is better, say `direction down`")
                                                        : _("if more is better, remove `direction down`"));
            reported_base = true;
        }
        const char *code = s->cumulative ? "DXP512" : "DXP511";
        if (prev && !reported_dir && better(s->direction, prev_v, v) && shown(l, code)) {
            dxp_diag *d = finding(l, code, e->file, e->loc,
                                  s->cumulative ? _("targets of cumulative '%.*s' decrease from %s to %s in %s")
                                                : _("targets of '%.*s' move against its direction: %s, then %s in %s"),
                                  NAME(s), dxp_format_number(prev_v, nb, sizeof nb), dxp_format_number(v, tb, sizeof tb),
                                  yr(e->year, yb, sizeof yb));
            dxp_diag_note(d, dxp_program_span(prev->file, prev->loc), _("the year before"));
            reported_dir = true;
        }
        if (!s->unbounded && s->unit && dxp_unit_is_dimensionless(s->unit) && s->unit->factor == 0.01 && v > 100 &&
            shown(l, "DXP513")) {
            dxp_diag_help(finding(l, "DXP513", e->file, e->loc, _("target for %s of '%.*s' is %s%%, above 100%%"),
                                  yr(e->year, yb, sizeof yb), NAME(s), dxp_format_number(v, tb, sizeof tb)),
                          _("add `unbounded` to the KPI if it can exceed 100%% (a rate above the full count)"));
        }
        prev = e;
        prev_v = v;
    }
}

/* ---- time ------------------------------------------------------------------------------ */

static void timing(linter *l, dxp_series *s)
{
    const dxp_plan_info *pl = &l->p->plan;
    char yb[32], a[32], b[32];
    const dxp_year_entry *first = s->targets.count ? &s->targets.items[0] : NULL;   /* tables are in year order */
    for (size_t i = 0; i < s->targets.count; i++) {
        const dxp_year_entry *e = &s->targets.items[i];
        if (pl->has_period && (e->year.fy < pl->first.fy || e->year.fy > pl->last.fy))
            dxp_diag_help(finding(l, "DXP521", e->file, e->loc, _("target for %s of '%.*s' is outside the plan period %s..%s"),
                                  yr(e->year, yb, sizeof yb), NAME(s), yr(pl->first, a, sizeof a), yr(pl->last, b, sizeof b)),
                          _("a plan's targets lie in its period; a later target belongs in the next plan"));
    }
    if (first && s->baseline && dxp_baseline_has_point(s->baseline)) {
        const dxp_point *pt = &s->baseline->point;
        int base_fy = pt->is_fiscal ? pt->form.fy : (pt->month >= 4 ? pt->year : pt->year - 1);
        if (base_fy > first->year.fy)
            dxp_diag_help(finding(l, "DXP520", s->file, s->baseline->point_loc,
                                  "baseline of '%.*s' is later than its first target year %s", NAME(s),
                                  yr(first->year, yb, sizeof yb)),
                          _("a baseline is measured before the targets it is compared with"));
    }
    for (size_t i = 0; i < s->actuals.count; i++) {
        const dxp_year_entry *a_ = &s->actuals.items[i];
        bool target = dxp_table_find(&s->targets, a_->year.fy) != NULL;
        for (const dxp_revision *r = dxp_series_revisions(s); r && !target; r = r->next)
            for (const dxp_prop *pr = r->item->props; pr; pr = pr->next)
                if (pr->kind == DXP_PROP_TARGET && dxp_prop_entry_for(pr, a_->year.fy)) target = true;
        if (!target && a_->value->kind == DXP_VALUE_QUANTITY)
            dxp_diag_help(finding(l, "DXP522", a_->file, a_->loc, _("actual for %s of '%.*s' has no target to be judged against"),
                                  yr(a_->year, yb, sizeof yb), NAME(s)),
                          _("add the year's target, or `%s: -` if there is none by design"), yb);
    }
}

/* An actual taken from another year than the year's target (74.7 from R5 for R6). */
static void stale(linter *l, const dxp_kpi_result *r, dxp_year y)
{
    char yb[32], fb[32];
    const dxp_value *a = r->actual_value, *t = r->target_value;
    if (!a || !a->has_from) return;
    if (t && t->has_from && dxp_value_extra_of(t)->from.fy == dxp_value_extra_of(a)->from.fy) return;   /* both from the year the project ended */
    dxp_diag *d = finding(l, "DXP523", r->actual_file, dxp_value_extra_of(a)->from_loc,
                          _("actual for %s of '%.*s' is the value of %s"), yr(y, yb, sizeof yb), NAME(r->series),
                          yr(dxp_value_extra_of(a)->from, fb, sizeof fb));
    dxp_diag_help(d, _("replace it with the %s value when it is settled"), yb);
}

/* ---- results ------------------------------------------------------------------------- */

static const struct { const char *mark; dxp_status status; } MARKS[] = {
    { "【一部達成】", DXP_STATUS_PARTIAL }, { "【未達成】", DXP_STATUS_UNMET }, { "【達成】", DXP_STATUS_MET },
};

static void note_contradicts(linter *l, const dxp_kpi_result *r, dxp_year y)
{
    if (!r->note.len) return;
    if (r->status != DXP_STATUS_MET && r->status != DXP_STATUS_UNMET && r->status != DXP_STATUS_PARTIAL) return;
    char yb[32];
    bool says_other = false, says_right = false;
    /* Every mark starts with 【: one pass over the note, from 【 to 【.
     * 【未達成】 contains 達成】 but not 【達成】: marks are matched whole. */
    const char *end = r->note.ptr + r->note.len;
    for (const char *at = r->note.ptr; (at = find_bytes(at, (size_t)(end - at), "【")); at += strlen("【")) {
        for (size_t i = 0; i < sizeof MARKS / sizeof MARKS[0]; i++) {
            size_t n = strlen(MARKS[i].mark);
            if ((size_t)(end - at) < n || memcmp(at, MARKS[i].mark, n) != 0) continue;
            if (MARKS[i].status == r->status) says_right = true;
            else says_other = true;
        }
    }
    if (!says_other) return;
    const dxp_series *s = r->series;
    const dxp_year_note *yn = NULL;
    for (size_t i = 0; i < s->nnotes; i++)
        if (s->notes[i].year.fy == y.fy) yn = &s->notes[i];
    if (!yn) return;
    dxp_diag *d = finding(l, "DXP531", yn->file, yn->loc, _("note for %s of '%.*s' says %s, but the numbers say %.*s"),
                          yr(y, yb, sizeof yb), NAME(s), says_right ? _("two different results") : _("another result"),
                          (int)r->status_label.len, r->status_label.ptr);
    char av[64], tv[64];
    if (r->actual.kind == DXP_VAL_NUMBER && r->target.kind == DXP_VAL_NUMBER)
        dxp_diag_note(d, DXP_NO_SPAN, _("actual %s, target %s (%s)"), dxp_format_number(r->actual.number, av, sizeof av),
                      dxp_format_number(r->target.number, tv, sizeof tv), dxp_direction_name(r->direction));
    dxp_diag_help(d, _("correct the note's 【…】 mark, or the value it is about"));
}

static void regression(linter *l, const dxp_kpi_result *r, dxp_year y)
{
    char yb[32], av[64], bv[64];
    if (!r->baseline || r->direction == DXP_DIR_KEEP || r->actual.kind != DXP_VAL_NUMBER || !r->actual_value) return;
    double base;
    const dxp_unit *u = r->actual.unit.ndims || r->actual.unit.factor != 1 ? &r->actual.unit : NULL;
    if (r->baseline->parenthesized || !dxp_value_number(l->p, r->baseline, r->baseline_file, u, &base)) return;
    if (!better(r->direction, base, r->actual.number) || !shown(l, "DXP530")) return;
    dxp_diag *d = finding(l, "DXP530", r->actual_file, dxp_value_loc(r->actual_value),
                          _("actual for %s of '%.*s' (%s) is %s than its baseline (%s)"), yr(y, yb, sizeof yb),
                          NAME(r->series), dxp_format_number(r->actual.number, av, sizeof av),
                          r->direction == DXP_DIR_DOWN ? _("higher") : _("lower"), dxp_format_number(base, bv, sizeof bv));
    dxp_diag_help(d, _("a result worse than the starting point: check the value, or explain it in the note"));
}

static void unmeasured_parts(linter *l, const dxp_kpi_result *r, dxp_year y)
{
    char yb[32];
    for (size_t i = 0; i < r->nparts; i++) {
        const dxp_kpi_result *p = &r->parts[i];
        if (p->status != DXP_STATUS_UNMEASURED || !p->actual_value) continue;
        dxp_diag_help(finding(l, "DXP532", p->actual_file, dxp_value_loc(p->actual_value),
                              "part '%.*s' is not measured for %s; '%.*s' is judged on its other parts",
                              NAME(p->series), yr(y, yb, sizeof yb), NAME(r->series)),
                      _("measure it, or replace the indicator in a revision"));
    }
}

static void results_of_batch(const dxp_evaluation *ev, const dxp_year_eval *ye, void *arg)
{
    (void)ev;
    linter *l = arg;
    for (size_t i = 0; i < ye->nkpis; i++) {
        const dxp_kpi_result *r = &ye->kpis[i];
        note_contradicts(l, r, ye->year);
        unmeasured_parts(l, r, ye->year);
        const dxp_kpi_result *leaves = r->nparts ? r->parts : r;
        size_t n = r->nparts ? r->nparts : 1;
        for (size_t k = 0; k < n; k++) {
            regression(l, &leaves[k], ye->year);
            stale(l, &leaves[k], ye->year);
        }
    }
}

/* The plan is evaluated one year at a time and a few thousand KPIs at a time,
 * in the memory of one batch: each rule above judges one KPI in one year, and
 * the results of a national plan's every KPI at once would take 440 bytes
 * each (44 MB for 100,000 KPIs, all to be zeroed). Each rule needs an actual
 * written for the year or a note, so a KPI is evaluated only in the years the
 * plan reports something for it (dxp_kpi_reported): a plan with actuals for
 * its last year only is evaluated once, not four times. */
static void results(linter *l)
{
    const dxp_plan_info *pl = &l->p->plan;
    if (pl->has_period) dxp_evaluate_in_batches(l->p, pl->first, pl->last, dxp_kpi_reported, results_of_batch, l);
}

/* ---- revisions ---------------------------------------------------------------------- */

static void revisions(linter *l, dxp_series *s)
{
    char yb[32], a[64], b[64], rb[32];
    for (const dxp_revision *r = dxp_series_revisions(s); r; r = r->next) {
        /* A revision that renames the indicator, or changes its unit or direction,
         * defines a new indicator: its targets are not comparable with the old. */
        bool redefined = false;
        for (const dxp_prop *pr = r->item->props; pr; pr = pr->next)
            if (pr->kind == DXP_PROP_UNIT || pr->kind == DXP_PROP_DIRECTION || pr->kind == DXP_PROP_LABEL)
                redefined = true;
        for (const dxp_prop *pr = r->item->props; pr; pr = pr->next) {
            if (pr->kind == DXP_PROP_TARGET && !redefined && s->direction != DXP_DIR_KEEP) {
                for (const dxp_year_entry *e = pr->entries; e < pr->entries + pr->nentries; e++) {
                    const dxp_year_entry *old = dxp_table_find(&s->targets, e->year.fy);
                    double was, now;
                    if (!old || !number_of(l, old->value, old->file, s, &was) ||
                        !number_of(l, e->value, r->file, s, &now) || !better(s->direction, was, now))
                        continue;
                    dxp_str rt = dxp_decl_title(r->revise);
                    dxp_diag *d = finding(l, "DXP533", r->file, e->loc,
                                          _("revision '%.*s' lowers the %s target of '%.*s' from %s to %s"),
                                          (int)rt.len, rt.ptr, yr(e->year, yb, sizeof yb),
                                          NAME(s), dxp_format_number(was, a, sizeof a), dxp_format_number(now, b, sizeof b));
                    dxp_diag_note(d, dxp_program_span(old->file, old->loc), _("the plan's target"));
                    dxp_diag_help(d, _("a lowered target should be explained in the revision's note"));
                }
            }
            if (pr->kind == DXP_PROP_BASELINE && s->baseline) {
                const dxp_baseline *ob = s->baseline;
                double was = 0, now = 0;
                bool wn = number_of(l, ob->value, s->file, s, &was), nn = number_of(l, pr->value, r->file, s, &now);
                bool same_value = wn && nn ? was == now : (!wn && !nn && ob->value->kind == pr->value->kind &&
                                                           ob->value->state == pr->value->state);
                bool same_point = dxp_baseline_has_point(ob) == pr->has_point &&
                                  (!pr->has_point || (ob->point.year == pr->point.year && ob->point.month == pr->point.month));
                if (same_value && same_point) continue;
                dxp_loc was_at = dxp_value_loc(ob->value);
                dxp_str wt = { dxp_diags_source(l->p->diags, s->file)->text + was_at.start, was_at.end - was_at.start };
                dxp_str rt = dxp_decl_title(r->revise);
                dxp_diag *d = finding(l, "DXP534", r->file, pr->arg_loc,
                                      _("revision '%.*s' (%s) changes the baseline of '%.*s' (was %.*s)"),
                                      (int)rt.len, rt.ptr, yr(r->revise->year, rb, sizeof rb),
                                      NAME(s), (int)wt.len, wt.ptr);
                dxp_diag_note(d, dxp_program_span(s->file, ob->loc), _("the plan's baseline"));
            }
        }
    }
}

/* ---- structure ---------------------------------------------------------------------- */

static dxp_str expr_name(const void *e)
{
    return ((const dxp_expr *)e)->str;
}

/* Adds every name that e uses to `names`. */
static void collect_names(const dxp_expr *e, dxp_symtab *names, int depth)
{
    if (!e || depth > DXP_MAX_EXPR_DEPTH) return;
    if (e->kind == DXP_EXPR_NAME) dxp_symtab_put(names, e->str, (void *)e);
    if (e->kind == DXP_EXPR_CALL) {
        for (const dxp_expr *a = e->a; a; a = a->next) collect_names(a, names, depth + 1);
        return;
    }
    collect_names(e->a, names, depth + 1);
    collect_names(e->b, names, depth + 1);
    collect_names(e->c, names, depth + 1);
}

/* The names used by a formula or by a target that is compared with an
 * expression: gathered once, so that each data series is looked up, not
 * searched for in every formula (10,000 data series and 100,000 KPIs took
 * 50 s that way). */
static void names_in_formulas(const dxp_program *p, dxp_symtab *names)
{
    for (size_t i = 0; i < p->nseries; i++) {
        const dxp_series *s = p->series[i];
        collect_names(dxp_series_formula(s), names, 0);
        for (size_t k = 0; k < s->targets.count; k++) {
            const dxp_value *v = s->targets.items[k].value;
            if (v->kind == DXP_VALUE_COMPARE) collect_names(dxp_value_compared(v), names, 0);
        }
    }
}

/* A KPI that may restate another (再掲): one with a title and a baseline. */
static bool may_restate(const dxp_series *s)
{
    return s->kind == DXP_SERIES_KPI && s->decl->has_title && s->baseline;
}

/* The KPIs seen so far that may restate or be restated (再掲), by title: a
 * hash table of their indices in p->series, 4 bytes a slot, where a table
 * of names took 24 (6 MB for a national plan's 100,000 titles). */
typedef struct titles {
    const dxp_program *p;
    uint32_t *slots;   /* index + 1; 0 is free */
    size_t cap;
} titles;

static titles titles_for(const dxp_program *p)
{
    size_t cap = 64;
    while (cap < p->nseries * 2) cap *= 2;   /* at most half full: short probes */
    return (titles){ p, dxp_xcalloc(cap, sizeof(uint32_t)), cap };
}

/* The first KPI seen with the title of p->series[i], or, when it is the
 * first, NULL (and it is remembered). */
static const dxp_series *first_with_title(titles *t, size_t i)
{
    dxp_str title = dxp_decl_title(t->p->series[i]->decl);
    size_t at = dxp_symtab_hash(title) & (t->cap - 1);
    for (; t->slots[at]; at = (at + 1) & (t->cap - 1)) {
        const dxp_series *seen = t->p->series[t->slots[at] - 1];
        if (dxp_str_same(dxp_decl_title(seen->decl), title)) return seen;
    }
    t->slots[at] = (uint32_t)i + 1;
    return NULL;
}

/* Declared in the root file (or in a file it shares a directory with), not the stdlib. */
static bool plan_file(linter *l, int32_t file)
{
    dxp_source *src = dxp_diags_source(l->p->diags, file);
    return src && !src->embedded;
}

/* An import is used when a declaration of the file it names is referenced; a
 * file that only imports others (std.dxp) is used when one of those is. */
static bool import_used(linter *l, int32_t file, int depth)
{
    if (file < 0 || depth > DXP_MAX_IMPORT_DEPTH) return true;
    if ((size_t)file < l->p->nfile_used && l->p->file_used[file]) return true;
    for (size_t f = 0; f < l->p->nfiles; f++) {
        if (l->p->files[f]->file != file) continue;
        bool only_imports = true;
        for (const dxp_decl *d = l->p->files[f]->decls; d && only_imports; d = d->next)
            if (d->kind != DXP_DECL_IMPORT) only_imports = false;
        if (!only_imports) return false;
        for (const dxp_decl *d = l->p->files[f]->decls; d; d = d->next)
            if (import_used(l, d->target, depth + 1)) return true;
    }
    return false;
}

static void structure(linter *l)
{
    dxp_program *p = l->p;
    for (size_t i = 0; i < p->nmeasures; i++) {
        dxp_measure *m = p->measures[i];
        if (m->nkpis == 0 && plan_file(l, m->file))
            dxp_diag_help(finding(l, "DXP540", m->file, m->decl->id_loc, _("measure '%.*s' has no KPI"),
                                  DXP_DECL_NAME(m->decl)),
                          _("give it a KPI (`kpi … { measure %.*s … }`), or leave it out of the plan"),
                          DXP_DECL_NAME(m->decl));
    }
    for (size_t i = 0; i < p->ngoals; i++) {
        dxp_goal *g = p->goals[i];
        if (g->nmeasures == 0 && plan_file(l, g->file))
            dxp_diag_help(finding(l, "DXP542", g->file, g->decl->id_loc, _("goal '%.*s' has no measure"),
                                  DXP_DECL_NAME(g->decl)),
                          _("a measure joins a goal with `goal %.*s`"), DXP_DECL_NAME(g->decl));
    }
    /* KPIs restated (再掲) under the same title must agree on their baseline. */
    titles restated = titles_for(p);
    dxp_symtab used;
    dxp_symtab_init(&used, expr_name);
    names_in_formulas(p, &used);
    for (size_t i = 0; i < p->nseries; i++) {
        dxp_series *s = p->series[i];
        if (s->kind == DXP_SERIES_DATA) {
            if (!dxp_symtab_get(&used, dxp_series_id(s)) && plan_file(l, s->file))
                dxp_diag_help(finding(l, "DXP543", s->file, s->decl->id_loc, _("data '%.*s' is used by no formula"), NAME(s)),
                              _("use it in a formula, or remove it"));
            continue;
        }
        if (s->kind == DXP_SERIES_KPI && !s->measure && !dxp_series_names_measure(s))
            dxp_diag_help(finding(l, "DXP541", s->file, s->decl->id_loc, _("kpi '%.*s' belongs to no measure"), NAME(s)),
                          _("add `measure …`: a KPI is reported under its measure and goal"));
        dxp_str title = dxp_decl_title(s->decl);
        if (s->kind == DXP_SERIES_KPI && !s->reference && find_bytes(title.ptr, title.len, "参考値"))
            dxp_diag_help(finding(l, "DXP546", s->file, s->decl->id_loc,
                                  _("'%.*s' is titled as a reference value (参考値) but is counted in summaries"), NAME(s)),
                          _("add `reference` to leave it out of the summaries"));
        if (!may_restate(s)) continue;
        const dxp_series *other = first_with_title(&restated, i);
        if (!other) continue;
        double a, b;
        bool na = number_of(l, other->baseline->value, other->file, other, &a);
        bool nb = number_of(l, s->baseline->value, s->file, s, &b);
        const dxp_point *pa = &other->baseline->point, *pb = &s->baseline->point;
        bool same_point = dxp_baseline_has_point(other->baseline) == dxp_baseline_has_point(s->baseline) &&
                          (!dxp_baseline_has_point(s->baseline) || (pa->year == pb->year && pa->month == pb->month));
        if (na && nb && a == b && same_point) continue;
        if (!na && !nb) continue;
        dxp_diag *d = finding(l, "DXP545", s->file, dxp_value_loc(s->baseline->value),
                              _("'%.*s' restates '%.*s' (same title) with a different baseline"), NAME(s), NAME(other));
        dxp_diag_note(d, dxp_program_span(other->file, dxp_value_loc(other->baseline->value)), _("the other baseline"));
        dxp_diag_help(d, _("a KPI listed again (再掲) should carry the same baseline"));
    }
    free(restated.slots);
    dxp_symtab_free(&used);
    /* imports nothing is used from */
    for (size_t f = 0; f < p->nfiles; f++) {
        if (!plan_file(l, p->files[f]->file)) continue;
        uint32_t seen = 0;
        for (dxp_decl *d = NULL; (d = dxp_file_next_import(p->files[f], d, &seen));) {
            if (d->target >= 0 && !import_used(l, d->target, 0))
                dxp_diag_help(finding(l, "DXP544", p->files[f]->file, d->loc, _("nothing is used from import \"%.*s\""),
                                      DXP_DECL_NAME(d)),
                              _("remove the import"));
        }
    }
}

void dxp_lint(dxp_program *p, const dxp_lint_options *opt)
{
    suppressions allow = read_suppressions(p);
    linter l = { p, opt, &allow };
    for (size_t i = 0; i < p->nseries; i++) {
        dxp_series *s = p->series[i];
        if (!is_kpi(s)) continue;
        pending_targets(&l, s);
        if (!is_leaf(s)) continue;
        pending_baseline(&l, s);
        missing_targets(&l, s);
        ambition(&l, s);
        timing(&l, s);
        revisions(&l, s);
    }
    results(&l);
    structure(&l);
    finish_suppressions(&allow, true);
}

/* ---- filtering ------------------------------------------------------------------------ */

static bool filtered(const dxp_diag *g, void *ctx)
{
    const dxp_lint_options *opt = ctx;
    if (g->severity < opt->min_severity) return true;
    return in_list(opt->disable, g->code) && !in_list(opt->enable, g->code);
}

void dxp_lint_filter(dxp_diags *d, const dxp_lint_options *opt)
{
    dxp_diags_remove_if(d, filtered, (void *)opt);
}

/* ---- .dxplint ------------------------------------------------------------------------- */

/* The next word of a code list "DXP501, DXP505" (commas and blanks between)
 * from *pos on in s[0..len); false after the last. */
static bool next_code_word(const char *s, size_t len, size_t *pos, dxp_str *word)
{
    size_t i = *pos;
    while (i < len && (s[i] == ',' || s[i] == ' ' || s[i] == '\t')) i++;
    size_t start = i;
    while (i < len && s[i] != ',' && s[i] != ' ' && s[i] != '\t') i++;
    *pos = i;
    *word = (dxp_str){ s + start, (uint32_t)(i - start) };
    return i > start;
}

/* Appends a code of the catalogue (static: the list does not own it). */
static const char **add_code(const char **list, const char *code)
{
    size_t n = 0;
    while (list && list[n]) n++;
    list = dxp_xrealloc(list, (n + 2) * sizeof *list);
    list[n] = code;
    list[n + 1] = NULL;
    return list;
}

const char **dxp_lint_add_codes(const char **list, const char *value, dxp_str *unknown)
{
    *unknown = (dxp_str){ NULL, 0 };
    size_t pos = 0, len = strlen(value);
    dxp_str word;
    while (next_code_word(value, len, &pos, &word)) {
        const dxp_code_info *info = dxp_code_lookup(word.ptr, word.len);
        if (info) list = add_code(list, info->code);
        else if (!unknown->ptr) *unknown = word;
    }
    return list;
}

void dxp_lint_options_free(dxp_lint_options *opt)
{
    free(opt->enable);
    free(opt->disable);
    opt->enable = opt->disable = NULL;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* A .dxplint being read: its problems go to diags, in source `file`. */
typedef struct config_reader {
    dxp_diags *diags;
    int32_t file;
    const char *text;
} config_reader;

/* Where s[0..n) of the text is, for a diagnostic (DXP591). */
static dxp_span config_span(const config_reader *r, const char *s, size_t n)
{
    uint32_t start = (uint32_t)(s - r->text);
    return dxp_span_make(r->file, start, start + (uint32_t)n);
}

/* A whole number from 0 to INT_MAX written in s[0..n), or -1. */
static int config_count(const char *s, size_t n)
{
    if (n == 0) return -1;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
        if (v > INT_MAX) return -1;
    }
    return (int)v;
}

/* The codes of an enable or disable line, added to *list; a word that is no
 * code is reported where it is written. */
static void config_codes(const config_reader *r, const char *value, size_t vlen, const char ***list)
{
    size_t pos = 0;
    dxp_str word;
    while (next_code_word(value, vlen, &pos, &word)) {
        const dxp_code_info *info = dxp_code_lookup(word.ptr, word.len);
        if (info) *list = add_code(*list, info->code);
        else dxp_diag_help(dxp_error(r->diags, "DXP591", config_span(r, word.ptr, word.len),
                                     _("no diagnostic has the code '%.*s'"), (int)word.len, word.ptr),
                           _("codes look like DXP505; `dxp explain` lists them all"));
    }
}

/* One line of a .dxplint, without its comment: `key = value`, or blank. */
static void config_line(const config_reader *r, const char *line, size_t n, dxp_lint_options *opt)
{
    const char *end = line + n;
    while (line < end && is_blank(*line)) line++;
    while (end > line && is_blank(end[-1])) end--;
    if (line == end) return;
    const char *form_help = _("each line of .dxplint is `key = value`, like `disable = DXP505`");
    const char *eq = memchr(line, '=', (size_t)(end - line));
    if (!eq) {
        dxp_diag_help(dxp_error(r->diags, "DXP591", config_span(r, line, (size_t)(end - line)),
                                _("expected `key = value`, got '%.*s'"), (int)(end - line), line),
                      "%s", form_help);
        return;
    }
    const char *key_end = eq, *value_start = eq + 1;
    while (key_end > line && is_blank(key_end[-1])) key_end--;
    while (value_start < end && is_blank(*value_start)) value_start++;
    dxp_str key = { line, (uint32_t)(key_end - line) }, value = { value_start, (uint32_t)(end - value_start) };
    int klen = (int)key.len, vlen = (int)value.len;
    dxp_span at_value = config_span(r, value.ptr, value.len);
    bool listed = dxp_str_eq(key, "enable") || dxp_str_eq(key, "disable");
    bool known = listed || dxp_str_eq(key, "strict") || dxp_str_eq(key, "severity") || dxp_str_eq(key, "max-warnings");
    if (key.len == 0) {
        dxp_diag_help(dxp_error(r->diags, "DXP591", config_span(r, eq, 1), _("a setting's name is missing before '='")),
                      "%s", form_help);
    } else if (!known) {
        dxp_diag_help(dxp_error(r->diags, "DXP591", config_span(r, key.ptr, key.len), _("unknown setting '%.*s'"),
                                klen, key.ptr),
                      _("the settings are strict, severity, max-warnings, enable and disable"));
    } else if (listed) {
        config_codes(r, value.ptr, value.len, dxp_str_eq(key, "enable") ? &opt->enable : &opt->disable);
    } else if (value.len == 0) {
        dxp_diag_help(dxp_error(r->diags, "DXP591", config_span(r, eq, 1), _("%.*s needs a value"), klen, key.ptr),
                      "%s", form_help);
    } else if (dxp_str_eq(key, "strict")) {
        if (dxp_str_eq(value, "true")) opt->strict = true;
        else if (dxp_str_eq(value, "false")) opt->strict = false;
        else dxp_diag_help(dxp_error(r->diags, "DXP591", at_value, _("strict is true or false, not '%.*s'"), vlen,
                                     value.ptr),
                           _("write `strict = true` or `strict = false`"));
    } else if (dxp_str_eq(key, "severity")) {
        if (!dxp_severity_named(value.ptr, value.len, &opt->min_severity))
            dxp_diag_help(dxp_error(r->diags, "DXP591", at_value,
                                    _("severity is note, warning or error, not '%.*s'"), vlen, value.ptr),
                          _("the least severity reported: `severity = warning` hides notes"));
    } else {   /* max-warnings */
        int count = config_count(value.ptr, value.len);
        if (count >= 0) opt->max_warnings = count;
        else dxp_diag_help(dxp_error(r->diags, "DXP591", at_value,
                                     _("max-warnings is a whole number from 0 to %d, not '%.*s'"), INT_MAX, vlen,
                                     value.ptr),
                           _("lint fails when there are more warnings than this: `max-warnings = 0` allows none"));
    }
}

void dxp_lint_config_parse(dxp_diags *diags, int32_t file, dxp_lint_options *opt)
{
    dxp_source *src = dxp_diags_source(diags, file);
    config_reader r = { diags, file, src->text };
    size_t bad = dxp_source_invalid_utf8(src);
    if (bad < src->len) {
        dxp_diag_help(dxp_error(diags, "DXP591", config_span(&r, src->text + bad, 1),
                                _("the file is not valid UTF-8 (byte 0x%02X)"), (unsigned char)src->text[bad]),
                      _("a .dxplint is UTF-8 text, like the plans"));
        return;
    }
    for (const char *line = src->text, *end = src->text + src->len; line < end;) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        if (!eol) eol = end;
        const char *hash = memchr(line, '#', (size_t)(eol - line));
        config_line(&r, line, (size_t)((hash ? hash : eol) - line), opt);
        line = eol + 1;
    }
}

/* dir/.dxplint, written as short as it can be. */
static char *config_path(const char *dir)
{
    if (strcmp(dir, ".") == 0) return dxp_xstrdup(".dxplint");
    return dxp_xasprintf("%s/.dxplint", strcmp(dir, "/") == 0 ? "" : dir);
}

/* The path of the .dxplint in dir when there is one, else NULL. */
static char *config_in(const char *dir)
{
    struct stat st;
    char *path = config_path(dir);
    if (stat(path, &st) == 0) return path;
    free(path);
    return NULL;
}

/* The .dxplint that applies to a plan in dir: in dir or in the nearest
 * directory above it; NULL when there is none. The directories of dir are
 * tried as written (plans/a → plans → .), so that a report names the file
 * the way the user named the plan; above that, those of its real path. */
static char *find_config(const char *dir)
{
    char *cur = dxp_xstrdup(dir), *found = NULL;
    for (;;) {
        if ((found = config_in(cur))) break;
        char *slash = strrchr(cur, '/');
        const char *last = slash ? slash + 1 : cur;
        if (strcmp(cur, "/") == 0 || strcmp(last, ".") == 0 || strcmp(last, "..") == 0) break;
        if (!slash) strcpy(cur, ".");              /* "a" → "." (fits: cur is not empty) */
        else slash[slash == cur] = '\0';           /* "a/b" → "a", "/a" → "/" */
    }
    char *real = found || strcmp(cur, "/") == 0 ? NULL : realpath(cur, NULL);
    free(cur);
    while (real && !found) {
        char *slash = strrchr(real, '/');
        if (!slash || (slash == real && real[1] == '\0')) break;   /* the root was searched */
        slash[slash == real] = '\0';
        found = config_in(real);
    }
    free(real);
    return found;
}

char *dxp_lint_config_load(const char *dir, dxp_lint_options *opt, dxp_diags *diags)
{
    char *path = find_config(dir);
    if (!path) return NULL;
    const char *err = NULL;
    dxp_source *src = dxp_path_is_file(path, &err) ? dxp_source_load(path, &err) : NULL;
    if (!src) {
        dxp_diag_help(dxp_error(diags, "DXP591", DXP_NO_SPAN, _("cannot read %s: %s"), path, err),
                      _("lint reads the .dxplint nearest to the plan; fix it or remove it"));
        return path;
    }
    dxp_lint_config_parse(diags, dxp_diags_add_source(diags, src), opt);
    return path;
}
