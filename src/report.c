/* report.c — the progress report as text, Markdown and CSV (report.h).
 * JSON is in report_json.c. */
#include "dxp/report.h"

#include "dxp/utf8.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared helpers ------------------------------------------------------------- */

/* KPIs a report's window of results holds: about 90 KB, whatever the plan. */
enum { REPORT_WINDOW = 256 };

static dxp_str source_text(const dxp_evaluation *ev, int32_t file, dxp_loc loc)
{
    dxp_source *src = dxp_diags_source(ev->program->diags, file);
    dxp_str s = { src ? src->text + loc.start : "", src ? loc.end - loc.start : 0 };
    return s;
}

/* Whether a top-level KPI passes the --goal / --measure filters. */
static bool selected(const dxp_report_options *opt, const dxp_series *kpi)
{
    const dxp_goal *g = dxp_report_goal_of(kpi);
    if (opt->goal && (!g || !dxp_str_eq(dxp_decl_id(g->decl), opt->goal))) return false;
    if (opt->measure && (!kpi->measure || !dxp_str_eq(dxp_decl_id(kpi->measure->decl), opt->measure))) return false;
    return true;
}

uint32_t *dxp_report_order(const dxp_evaluation *ev, const dxp_report_options *opt, size_t *count)
{
    dxp_program *p = ev->program;
    uint32_t *out = dxp_xcalloc(p->nseries ? p->nseries : 1, sizeof *out);
    size_t n = 0;
    for (size_t gi = 0; gi < p->ngoals; gi++)
        for (size_t mi = 0; mi < p->goals[gi]->nmeasures; mi++) {
            const dxp_measure *m = p->goals[gi]->measures[mi];
            for (size_t k = 0; k < m->nkpis; k++)
                if (selected(opt, m->kpis[k])) out[n++] = m->kpis[k]->index;
        }
    for (size_t i = 0; i < p->nseries; i++) {    /* no goal: in declaration order */
        dxp_series *s = p->series[i];
        if (s->kind == DXP_SERIES_KPI && !dxp_report_goal_of(s) && selected(opt, s)) out[n++] = s->index;
    }
    *count = n;
    return out;
}

void dxp_report_window_init(dxp_report_window *w, const dxp_evaluation *ev, const dxp_year_eval *ye,
                            const uint32_t *order, size_t norder, size_t size)
{
    *w = (dxp_report_window){ .ev = ev, .ye = ye, .order = order, .norder = norder, .size = size ? size : 1 };
    dxp_arena_init(&w->arena);
}

const dxp_kpi_result *dxp_report_result(dxp_report_window *w, size_t pos)
{
    if (w->ye->by_series) return w->ye->by_series[w->order[pos]];
    if (pos < w->from || pos >= w->from + w->count) {
        if (!w->results) {
            w->results = dxp_xmalloc(w->size * sizeof *w->results);
            w->kpis = dxp_xmalloc(w->size * sizeof *w->kpis);
        }
        w->from = pos;
        w->count = w->norder - pos < w->size ? w->norder - pos : w->size;
        size_t parts = 0;
        for (size_t i = 0; i < w->count; i++) {
            w->kpis[i] = dxp_report_kpi(w->ev, w->order, pos + i);
            parts += w->kpis[i]->nparts;
        }
        if (parts > w->parts_room) {
            free(w->parts);
            w->parts = dxp_xmalloc(parts * sizeof *w->parts);
            w->parts_room = parts;
        }
        dxp_arena_free(&w->arena);
        dxp_evaluate_kpis(w->ev, w->ye->year, w->kpis, w->count, w->results, w->parts, &w->arena);
    }
    return &w->results[pos - w->from];
}

void dxp_report_window_free(dxp_report_window *w)
{
    free(w->results);
    free(w->kpis);
    free(w->parts);
    dxp_arena_free(&w->arena);
}

/* Appends len bytes to the text of length *n in buf, as far as they fit. */
static void append(char *buf, size_t size, size_t *n, const char *s, size_t len)
{
    if (*n + len >= size) len = *n + 1 < size ? size - *n - 1 : 0;
    memcpy(buf + *n, s, len);
    *n += len;
    buf[*n] = '\0';
}

size_t dxp_report_goal_run(const dxp_evaluation *ev, const uint32_t *order, size_t norder, size_t *at,
                           const dxp_goal *g)
{
    size_t start = *at;
    while (*at < norder && dxp_report_goal_of(dxp_report_kpi(ev, order, *at)) == g) (*at)++;
    return *at - start;
}

/* Built by appending, not printf: the JSON report writes three values per KPI. */
const char *dxp_report_value_text(const dxp_evaluation *ev, const dxp_value *v, int32_t file,
                                  char *buf, size_t size)
{
    buf[0] = '\0';
    if (!v) return buf;
    size_t n = 0;
#define PUT(s, len) append(buf, size, &n, (s), (len))
#define PUTS(s) do { const char *s_ = (s); PUT(s_, strlen(s_)); } while (0)
    char yb[32];
    switch (v->kind) {
    case DXP_VALUE_STATE:
        if (v->state == DXP_STATE_FROM) {
            PUTS(dxp_year_format(dxp_value_state_year(v), yb, sizeof yb));
            PUTS("から実施");
        } else {
            dxp_str w = source_text(ev, file, dxp_value_loc(v));
            /* the state word as written (調整中, 把握困難, —), without a remark */
            size_t len = w.len;
            const char *q = memchr(w.ptr, '"', w.len);
            if (!q) q = strstr(w.ptr, "「");
            if (q && (size_t)(q - w.ptr) < len) len = (size_t)(q - w.ptr);
            while (len > 0 && (w.ptr[len - 1] == ' ' || w.ptr[len - 1] == '(' )) len--;
            if (v->parenthesized) {
                PUTS("(");
                PUTS(dxp_state_japanese(v->state));
                PUTS(")");
            } else {
                PUT(w.ptr, len);
            }
        }
        break;
    case DXP_VALUE_RANGE:
    case DXP_VALUE_COMPARE: {
        dxp_str text = source_text(ev, file, dxp_value_loc(v));
        PUT(text.ptr, text.len);
        break;
    }
    case DXP_VALUE_QUANTITY: {
        dxp_str num = source_text(ev, file, dxp_value_number_loc(v));
        if (v->parenthesized) PUTS("(");
        if (v->negative) PUTS("-");
        PUT(num.ptr, num.len);
        dxp_unit_ref sign;
        const dxp_unit_ref *written = dxp_value_unit(v, &sign);
        if (written) {
            dxp_str u = source_text(ev, file, written->loc);
            if (!dxp_str_eq(u, "%")) PUTS(" ");
            PUT(u.ptr, u.len);
        }
        if (v->parenthesized) PUTS(")");
        if (v->has_from) {
            PUTS("（");
            PUTS(dxp_year_format(dxp_value_extra_of(v)->from, yb, sizeof yb));
            PUTS("の値）");
        }
        break;
    }
    }
    if (v->has_remark) {
        PUTS(" ");
        dxp_str remark = dxp_value_remark(dxp_value_extra_of(v));
        PUT(remark.ptr, remark.len);
    }
#undef PUTS
#undef PUT
    return buf;
}

const char *dxp_report_point_text(const dxp_evaluation *ev, const dxp_kpi_result *r, char *buf,
                                  size_t size)
{
    buf[0] = '\0';
    if (!r->has_point) return buf;
    dxp_str p = source_text(ev, r->baseline_file, r->point_loc);
    size_t n = 0;
    append(buf, size, &n, p.ptr, p.len);
    return buf;
}

const char *dxp_report_rate_text(const dxp_shown *rate, char *buf, size_t size)
{
    if (rate->kind != DXP_VAL_NUMBER) { snprintf(buf, size, "—"); return buf; }
    /* The rule set truncates; this only removes the binary noise of ×100. */
    double pct = round(rate->number * 100 * 1e6) / 1e6;
    char num[64];
    const char *digits = dxp_format_number(pct, num, sizeof num);
    size_t n = 0;   /* appended, not printed: the JSON report writes one a KPI */
    append(buf, size, &n, digits, strlen(digits));
    append(buf, size, &n, "%", 1);
    return buf;
}

const char *dxp_report_number_text(double v, char *buf, size_t size)
{
    return dxp_format_number(round(v * 1e6) / 1e6, buf, size);
}

/* ---- aligned tables (text) ---------------------------------------------------------- */

enum { MAX_COLS = 12 };

typedef struct row {
    bool line;                 /* a line of its own, not aligned with the columns */
    char *cells[MAX_COLS];
    int ncells;
} row;

typedef struct table {
    row *rows;
    size_t nrows, cap;
} table;

static row *add_row(table *t)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->rows = dxp_xrealloc(t->rows, t->cap * sizeof *t->rows);
    }
    row *r = &t->rows[t->nrows++];
    memset(r, 0, sizeof *r);
    return r;
}

static void add_line(table *t, char *text)
{
    row *r = add_row(t);
    r->line = true;
    r->cells[0] = text;
    r->ncells = 1;
}

/* A heading or a table row is one line: a line break written in a title
 * ("公開\n件数") is shown as a space there, and a tab too, which would move
 * the columns after it. CSV, JSON and HTML keep them. */
static void put_one_line(FILE *out, const char *s, size_t len)
{
    size_t run = 0;   /* bytes written a run at a time: a national plan's table has millions */
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\n' && s[i] != '\t') continue;
        fwrite(s + run, 1, i - run, out);
        fputc(' ', out);
        run = i + 1;
    }
    fwrite(s + run, 1, len - run, out);
}

/* Widens the columns to hold a row's cells (display width: wide characters count two). */
static void widen(size_t width[MAX_COLS], char *const *cells, int ncells)
{
    for (int j = 0; j < ncells; j++) {
        size_t w = dxp_utf8_width(cells[j], strlen(cells[j]));
        if (w > width[j]) width[j] = w;
    }
}

/* One row padded to the widths, or a line of its own. */
static void print_row(FILE *out, const char *indent, const row *r, const size_t width[MAX_COLS])
{
    fputs(indent, out);
    if (r->line) {
        put_one_line(out, r->cells[0], strlen(r->cells[0]));
    } else {
        for (int j = 0; j < r->ncells; j++) {
            put_one_line(out, r->cells[j], strlen(r->cells[j]));
            if (j == r->ncells - 1) break;
            size_t w = dxp_utf8_width(r->cells[j], strlen(r->cells[j]));
            for (size_t k = w; k < width[j] + 2; k++) fputc(' ', out);
        }
    }
    fputc('\n', out);
}

static void free_row(row *r)
{
    for (int j = 0; j < r->ncells; j++) free(r->cells[j]);
}

static void print_table(table *t, FILE *out, const char *indent)
{
    size_t width[MAX_COLS] = { 0 };
    for (size_t i = 0; i < t->nrows; i++)
        if (!t->rows[i].line) widen(width, t->rows[i].cells, t->rows[i].ncells);
    for (size_t i = 0; i < t->nrows; i++) {
        print_row(out, indent, &t->rows[i], width);
        free_row(&t->rows[i]);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

/* ---- pieces of the report ------------------------------------------------------------ */

static const char *year_text(dxp_year y, char *buf, size_t size)
{
    return dxp_year_format(y, buf, size);
}

/* A year in the plan's own style: the plan's period decides (R6, not 2024年度). */
static dxp_year plan_style(const dxp_evaluation *ev, dxp_year y)
{
    const dxp_plan_info *pl = &ev->program->plan;
    if (pl->has_period) {
        dxp_year s = pl->first;
        s.fy = y.fy;
        if ((s.era == 'R' || s.era == 'H') && y.fy < (s.era == 'R' ? 2019 : 1989)) return y;
        return s;
    }
    return y;
}

static char *owners_text(const dxp_string_list *owners)
{
    char buf[512] = "";
    size_t n = 0;
    for (const dxp_string_list *o = owners; o && n < sizeof buf - 1; o = o->next)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%.*s", n ? " " : "", (int)o->str.len, o->str.ptr);
    return dxp_xstrdup(buf);
}

static void summary_text(const dxp_evaluation *ev, const dxp_rollup *ru, char *buf, size_t size)
{
    static const dxp_status order[] = { DXP_STATUS_MET, DXP_STATUS_UNMET, DXP_STATUS_PARTIAL,
                                        DXP_STATUS_UNMEASURED, DXP_STATUS_PENDING, DXP_STATUS_NO_TARGET,
                                        DXP_STATUS_ERROR };
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        if (!ru->counts[order[i]] && order[i] > DXP_STATUS_PARTIAL) continue;
        dxp_str name = ev->labels[order[i]];
        n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%.*s %u", n ? " · " : "",
                              (int)name.len, name.ptr, (unsigned)ru->counts[order[i]]);
    }
    char rate[32];
    dxp_val share_met = dxp_rollup_share(ru);
    dxp_shown share = dxp_shown_of(&share_met);   /* shown as a whole percent, truncated */
    if (share.kind == DXP_VAL_NUMBER) share.number = floor(share.number * 100 + 1e-9) / 100;
    n += (size_t)snprintf(buf + n, n < size ? size - n : 0, " — 達成割合 %s",
                          dxp_report_rate_text(&share, rate, sizeof rate));
    if (ru->label.ptr)
        snprintf(buf + n, n < size ? size - n : 0, " — %.*s", (int)ru->label.len, ru->label.ptr);
}

static void budget_text(const dxp_evaluation *ev, const dxp_rollup *ru, dxp_year y, char *buf, size_t size)
{
    char yb[32], pb[32], a[64], b[64];
    buf[0] = '\0';
    const dxp_budget *bu = ru->budget;
    if (!bu || !bu->has_amount) return;
    dxp_year prev = y;
    prev.fy--;
    int n = snprintf(buf, size, "決算額 %s %s %.*s", year_text(plan_style(ev, y), yb, sizeof yb),
                     dxp_format_number(bu->amount.number, a, sizeof a), (int)bu->unit.len, bu->unit.ptr);
    if (bu->has_prev && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "（%s %s %.*s）", year_text(plan_style(ev, prev), pb, sizeof pb),
                 dxp_format_number(dxp_budget_prev_number(bu), b, sizeof b), (int)bu->unit.len, bu->unit.ptr);
}

const char *dxp_report_year_text(const dxp_evaluation *ev, dxp_year y, char *buf, size_t size)
{
    return year_text(plan_style(ev, y), buf, size);
}

static void header(const dxp_evaluation *ev, FILE *out, bool md)
{
    const dxp_plan_info *pl = &ev->program->plan;
    char a[32], b[32], y1[32], y2[32];
    const dxp_year_eval *first = &ev->years[0], *last = &ev->years[ev->nyears - 1];
    dxp_str title = pl->decl ? (pl->decl->has_title ? dxp_decl_title(pl->decl) : dxp_decl_id(pl->decl)) : dxp_str_from("(plan)");
    fputs(md ? "# " : "", out);
    put_one_line(out, title.ptr, title.len);
    if (ev->nyears == 1)
        fprintf(out, " — %s 進捗報告\n", year_text(plan_style(ev, first->year), y1, sizeof y1));
    else
        fprintf(out, " — %s〜%s 推移\n", year_text(plan_style(ev, first->year), y1, sizeof y1),
                year_text(plan_style(ev, last->year), y2, sizeof y2));
    if (md) fputc('\n', out);
    if (pl->has_period)
        fprintf(out, "%s計画期間 %s..%s · %s\n", md ? "- " : "", year_text(pl->first, a, sizeof a),
                year_text(pl->last, b, sizeof b), pl->final ? "確定 (stage final)" : "案 (stage draft)");
    if (ev->rules)
        fprintf(out, "%s評価規則 %.*s「%.*s」\n", md ? "- " : "", DXP_DECL_NAME(ev->rules),
                (int)ev->rules_title.len, ev->rules_title.ptr);
    else
        fprintf(out, "%s評価規則: なし（rules が見つからないため判定していません）\n", md ? "- " : "");
    if (ev->rate_formula.len)
        fprintf(out, "%s%.*s\n", md ? "- " : "", (int)ev->rate_formula.len, ev->rate_formula.ptr);
}

/* ---- one year as text or Markdown ------------------------------------------------------- */

typedef struct kpi_cells {
    char *title, *unit, *baseline, *target, *actual, *rate, *status, *grade;
} kpi_cells;

static void kpi_cells_of(const dxp_evaluation *ev, const dxp_kpi_result *r, bool part, kpi_cells *k,
                         bool *any_revised, bool *any_grade)
{
    char v[512], p[64], num[64];
    k->title = dxp_xasprintf("%s%.*s", part ? "・" : "", (int)r->title.len, r->title.ptr);
    k->unit = dxp_xasprintf("%.*s", (int)r->unit_text.len, r->unit_text.ptr);
    dxp_report_value_text(ev, r->baseline, r->baseline_file, v, sizeof v);
    dxp_report_point_text(ev, r, p, sizeof p);
    k->baseline = r->baseline ? dxp_xasprintf("%s%s%s%s%s", v, p[0] ? " (" : "", p, p[0] ? ")" : "",
                                     r->baseline_revised ? " *" : "")
                              : dxp_xstrdup(r->nparts ? "" : "—");
    if (r->nparts) k->target = dxp_xstrdup("");
    else if (r->target_value) {
        dxp_report_value_text(ev, r->target_value, r->target_file, v, sizeof v);
        if (r->target_value->kind == DXP_VALUE_COMPARE && r->target.kind == DXP_VAL_NUMBER)
            k->target = dxp_xasprintf("%s (%s)%s", v, dxp_report_number_text(r->target.number, num, sizeof num),
                             r->target_revised ? " *" : "");
        else k->target = dxp_xasprintf("%s%s", v, r->target_revised ? " *" : "");
    } else k->target = dxp_xstrdup("—");
    if (r->nparts) k->actual = dxp_xstrdup("");
    else if (r->actual_value) k->actual = dxp_xstrdup(dxp_report_value_text(ev, r->actual_value, r->actual_file, v, sizeof v));
    else if (r->actual.kind == DXP_VAL_NUMBER) k->actual = dxp_xasprintf("%s（計算値）", dxp_report_number_text(r->actual.number, num, sizeof num));
    else if (r->actual_computed && r->actual.kind == DXP_VAL_MISSING && r->actual.why) k->actual = dxp_xasprintf("—（%s）", r->actual.why);
    else k->actual = dxp_xstrdup("—");
    k->rate = dxp_xstrdup(r->nparts ? "" : dxp_report_rate_text(&r->rate, num, sizeof num));
    k->status = dxp_xasprintf("%.*s%s", (int)r->status_label.len, r->status_label.ptr, r->reference ? "（参考値）" : "");
    k->grade = r->grade.kind == DXP_VAL_STRING ? dxp_xasprintf("%.*s", (int)r->grade.str.len, r->grade.str.ptr) : dxp_xstrdup("");
    if (r->target_revised || r->baseline_revised) *any_revised = true;
    if (r->grade.kind == DXP_VAL_STRING) *any_grade = true;
}

static void free_cells(kpi_cells *k)
{
    free(k->title); free(k->unit); free(k->baseline); free(k->target);
    free(k->actual); free(k->rate); free(k->status); free(k->grade);
}

/* Markdown cells must not contain | or line breaks. */
static void md_cell(FILE *out, const char *s)
{
    fputs("| ", out);
    for (; *s; s++) {
        if (*s == '|') fputs("\\|", out);
        else if (*s == '\n') fputs("<br>", out);
        else fputc(*s, out);
    }
    fputc(' ', out);
}

static bool goal_selected(const dxp_report_options *opt, const dxp_goal *g)
{
    return !opt->goal || (g && dxp_str_eq(dxp_decl_id(g->decl), opt->goal));
}

static void year_tables(const dxp_evaluation *ev, const dxp_report_options *opt, const dxp_year_eval *ye,
                        FILE *out, bool md)
{
    dxp_program *p = ev->program;
    char y[32], buf[512], yy[40];
    year_text(plan_style(ev, ye->year), y, sizeof y);
    if (!opt->goal && !opt->measure) {
        summary_text(ev, &ye->plan, buf, sizeof buf);
        fprintf(out, "%s全体: %s（※参考値を除く）\n", md ? "- " : "", buf);
        budget_text(ev, &ye->plan, ye->year, buf, sizeof buf);
        if (buf[0]) fprintf(out, "%s%s\n", md ? "- " : "", buf);
    }
    bool any_revised = false, any_grade = false;
    size_t norder;
    uint32_t *order = dxp_report_order(ev, opt, &norder);
    dxp_report_window win;
    dxp_report_window_init(&win, ev, ye, order, norder, REPORT_WINDOW);
    /* One section per goal, and one for KPIs without a goal. */
    size_t at = 0;
    for (size_t gi = 0; gi <= p->ngoals; gi++) {
        const dxp_goal *g = gi < p->ngoals ? p->goals[gi] : NULL;
        size_t first = at, shown = dxp_report_goal_run(ev, order, norder, &at, g);
        if (!goal_selected(opt, g) && !(g == NULL && !opt->goal)) continue;
        if (!shown && (g == NULL || opt->measure)) continue;
        fputc('\n', out);
        if (g) {
            dxp_str t = g->decl->has_title ? dxp_decl_title(g->decl) : dxp_decl_id(g->decl);
            fputs(md ? "## " : "■ ", out);
            if (g->label.len) {
                put_one_line(out, g->label.ptr, g->label.len);
                fputs(" — ", out);
            }
            put_one_line(out, t.ptr, t.len);
            fputc('\n', out);
            if (md) fputc('\n', out);
            summary_text(ev, &ye->goals[gi], buf, sizeof buf);
            fprintf(out, "%s%s\n", md ? "- " : "  ", buf);
            budget_text(ev, &ye->goals[gi], ye->year, buf, sizeof buf);
            if (buf[0]) fprintf(out, "%s%s\n", md ? "- " : "  ", buf);
        } else {
            fprintf(out, "%s目標に属さない指標\n", md ? "## " : "■ ");
        }
        fputc('\n', out);
        snprintf(yy, sizeof yy, "%s", y);
        table t = { 0 };
        if (md) {
            fprintf(out, "| 施策 | 担当 | 指標 | 単位 | 基準値（時点） | %s 目標値 | %s 実績値 | 達成率 | 状況 | 要因分析等 |\n", yy, yy);
            fputs("|---|---|---|---|---|---:|---:|---:|---|---|\n", out);
        } else {
            row *h = add_row(&t);
            h->cells[0] = dxp_xstrdup("指標");
            h->cells[1] = dxp_xstrdup("単位");
            h->cells[2] = dxp_xstrdup("基準値（時点）");
            h->cells[3] = dxp_xasprintf("%s 目標値", yy);
            h->cells[4] = dxp_xasprintf("%s 実績値", yy);
            h->cells[5] = dxp_xstrdup("達成率");
            h->cells[6] = dxp_xstrdup("状況");
            h->ncells = 7;
        }
        const dxp_measure *current = NULL;
        bool first_measure = true;
        for (size_t i = 0; i < shown; i++) {
            const dxp_kpi_result *r = dxp_report_result(&win, first + i);
            dxp_str mlabel = { "", 0 };
            dxp_string_list *owners = NULL;
            if (r->measure) dxp_measure_in(r->measure, ye->year, &mlabel, &owners);
            char *own = owners_text(owners);
            if (!md && (r->measure != current || first_measure)) {
                current = r->measure;
                first_measure = false;
                if (r->measure)
                    add_line(&t, dxp_xasprintf("%.*s %.*s%s%s%s", DXP_DECL_NAME(r->measure->decl),
                                      (int)mlabel.len, mlabel.ptr, own[0] ? "（" : "", own, own[0] ? "）" : ""));
                else
                    add_line(&t, dxp_xstrdup("（施策なし）"));
            }
            for (size_t part = 0; part <= r->nparts; part++) {
                const dxp_kpi_result *k = part == 0 ? r : &r->parts[part - 1];
                kpi_cells c;
                kpi_cells_of(ev, k, part > 0, &c, &any_revised, &any_grade);
                if (md) {
                    char *mcell = part == 0 && r->measure
                        ? dxp_xasprintf("%.*s %.*s", DXP_DECL_NAME(r->measure->decl), (int)mlabel.len, mlabel.ptr)
                        : dxp_xstrdup("");
                    char *stat = c.grade[0] ? dxp_xasprintf("%s（%s）", c.status, c.grade) : dxp_xstrdup(c.status);
                    md_cell(out, mcell);
                    md_cell(out, part == 0 ? own : "");
                    md_cell(out, c.title);
                    md_cell(out, c.unit);
                    md_cell(out, c.baseline);
                    md_cell(out, c.target);
                    md_cell(out, c.actual);
                    md_cell(out, c.rate);
                    md_cell(out, stat);
                    char *note = part == 0 && r->note.len ? dxp_xasprintf("%.*s", (int)r->note.len, r->note.ptr) : dxp_xstrdup("");
                    md_cell(out, note);
                    fputs("|\n", out);
                    free(note);
                    free(stat);
                    free(mcell);
                    free_cells(&c);
                } else {
                    row *rw = add_row(&t);
                    rw->cells[0] = dxp_xasprintf("  %s", c.title);
                    rw->cells[1] = c.unit;
                    rw->cells[2] = c.baseline;
                    rw->cells[3] = c.target;
                    rw->cells[4] = c.actual;
                    rw->cells[5] = c.rate;
                    rw->cells[6] = c.grade[0] ? dxp_xasprintf("%s（%s）", c.status, c.grade) : dxp_xstrdup(c.status);
                    rw->ncells = 7;
                    free(c.title);
                    free(c.status);
                    free(c.grade);
                }
            }
            if (!md && r->note.len) add_line(&t, dxp_xasprintf("      %.*s", (int)r->note.len, r->note.ptr));
            free(own);
        }
        if (!md) print_table(&t, out, "  ");
    }
    dxp_report_window_free(&win);
    free(order);
    fputc('\n', out);
    if (any_revised)
        fprintf(out, "%s* 見直し後の値（revise）\n", md ? "- " : "");
}

/* ---- several years: one row per KPI with its trajectory -------------------------------- */

/* What a pass over the trajectory's rows does with each: a Markdown row, or
 * for a text table first the columns' widths, then the rows printed to them.
 * A national plan's table has a row for each of 100,000 KPIs: kept until
 * the widths were known, their strings took more memory than the plan. */
typedef enum { ROWS_MARKDOWN, ROWS_MEASURE, ROWS_PRINT } rows_use;

typedef struct rows_pass {
    rows_use use;
    FILE *out;
    int ncols;
    size_t width[MAX_COLS];
} rows_pass;

/* Uses a row's cells, then frees them. */
static void take_row(rows_pass *rp, char **cells)
{
    row r = { .ncells = rp->ncols };
    memcpy(r.cells, cells, (size_t)rp->ncols * sizeof *cells);
    switch (rp->use) {
    case ROWS_MARKDOWN:
        for (int c = 0; c < r.ncells; c++) md_cell(rp->out, r.cells[c]);
        fputs("|\n", rp->out);
        break;
    case ROWS_MEASURE: widen(rp->width, r.cells, r.ncells); break;
    case ROWS_PRINT:   print_row(rp->out, "", &r, rp->width); break;
    }
    free_row(&r);
}

/* The header row of a text table. */
static void trajectory_header(const dxp_evaluation *ev, size_t nyears, rows_pass *rp)
{
    char y[32];
    char *cells[MAX_COLS] = { dxp_xstrdup("指標"), dxp_xstrdup("単位"), dxp_xstrdup("基準値（時点）") };
    for (size_t i = 0; i < nyears; i++)
        cells[3 + i] = dxp_xasprintf("%s 目標 → 実績", year_text(plan_style(ev, ev->years[i].year), y, sizeof y));
    take_row(rp, cells);
}

/* A row for each KPI and part of the report order, its years taken through windows. */
static void trajectory_rows(const dxp_evaluation *ev, const uint32_t *order, size_t norder, size_t nyears,
                            rows_pass *rp)
{
    char v[512], p[64];
    /* the years shown, and the last year when it is not one of them */
    size_t nwins = nyears == ev->nyears ? nyears : nyears + 1;
    dxp_report_window *wins = dxp_xcalloc(nwins, sizeof *wins);
    for (size_t yi = 0; yi < nwins; yi++)
        dxp_report_window_init(&wins[yi], ev, &ev->years[yi < nyears ? yi : ev->nyears - 1], order, norder, REPORT_WINDOW);
    for (size_t oi = 0; oi < norder; oi++) {
        /* a part added by a revision exists only in later years: walk the last year's parts */
        const dxp_kpi_result *last = dxp_report_result(&wins[nwins - 1], oi);
        for (size_t part = 0; part <= last->nparts; part++) {
            const dxp_kpi_result *shape = part == 0 ? last : &last->parts[part - 1];
            char *cells[MAX_COLS] = { 0 };
            cells[0] = dxp_xasprintf("%s%.*s", part ? "・" : "", (int)shape->title.len, shape->title.ptr);
            cells[1] = dxp_xasprintf("%.*s", (int)shape->unit_text.len, shape->unit_text.ptr);
            dxp_report_value_text(ev, shape->baseline, shape->baseline_file, v, sizeof v);
            dxp_report_point_text(ev, shape, p, sizeof p);
            cells[2] = shape->baseline ? dxp_xasprintf("%s%s%s%s", v, p[0] ? " (" : "", p, p[0] ? ")" : "") : dxp_xstrdup("");
            for (size_t yi = 0; yi < nyears; yi++) {
                const dxp_kpi_result *r = dxp_report_result(&wins[yi], oi);
                if (part > 0) {
                    r = NULL;
                    const dxp_kpi_result *top = dxp_report_result(&wins[yi], oi);
                    for (size_t k = 0; k < top->nparts; k++)
                        if (top->parts[k].series == shape->series) r = &top->parts[k];
                }
                if (!r) { cells[3 + yi] = dxp_xstrdup(""); continue; }
                char tv[256], av[256];
                if (r->nparts) {
                    cells[3 + yi] = dxp_xasprintf("%.*s", (int)r->status_label.len, r->status_label.ptr);
                    continue;
                }
                dxp_report_value_text(ev, r->target_value, r->target_file, tv, sizeof tv);
                if (r->actual_value) dxp_report_value_text(ev, r->actual_value, r->actual_file, av, sizeof av);
                else if (r->actual.kind == DXP_VAL_NUMBER) dxp_report_number_text(r->actual.number, av, sizeof av);
                else snprintf(av, sizeof av, "—");
                cells[3 + yi] = dxp_xasprintf("%s → %s %.*s", tv[0] ? tv : "—", av, (int)r->status_label.len,
                                     r->status_label.ptr);
            }
            take_row(rp, cells);
        }
    }
    for (size_t yi = 0; yi < nwins; yi++) dxp_report_window_free(&wins[yi]);
    free(wins);
}

static void trajectory(const dxp_evaluation *ev, const dxp_report_options *opt, FILE *out, bool md)
{
    char y[32];
    size_t ncols = 3 + ev->nyears;
    if (ncols > MAX_COLS) ncols = MAX_COLS;
    size_t nyears = ncols - 3;
    fputc('\n', out);
    rows_pass rp = { .out = out, .ncols = (int)ncols };
    size_t norder;
    uint32_t *order = dxp_report_order(ev, opt, &norder);
    if (md) {
        fputs("| 指標 | 単位 | 基準値（時点） |", out);
        for (size_t i = 0; i < nyears; i++)
            fprintf(out, " %s 目標 → 実績 |", year_text(plan_style(ev, ev->years[i].year), y, sizeof y));
        fputs("\n|---|---|---|", out);
        for (size_t i = 0; i < nyears; i++) fputs("---|", out);
        fputc('\n', out);
        rp.use = ROWS_MARKDOWN;
        trajectory_rows(ev, order, norder, nyears, &rp);
    } else {
        /* the rows twice, evaluated again in the second pass, rather than kept */
        rp.use = ROWS_MEASURE;
        trajectory_header(ev, nyears, &rp);
        trajectory_rows(ev, order, norder, nyears, &rp);
        rp.use = ROWS_PRINT;
        trajectory_header(ev, nyears, &rp);
        trajectory_rows(ev, order, norder, nyears, &rp);
    }
    free(order);
}

static void legend(const dxp_evaluation *ev, FILE *out, bool md)
{
    (void)ev;
    fprintf(out, "%s状況: 目標値と実績値がそろった指標を評価規則で判定。目標値のない年度は対象外、"
                 "目標値が調整中なら調整中、実績値がなければ未計測。複数項目の指標は計測できた項目で判定。\n",
            md ? "- " : "");
}

static void text_report(const dxp_evaluation *ev, const dxp_report_options *opt, FILE *out, bool md)
{
    header(ev, out, md);
    if (ev->nyears == 1) year_tables(ev, opt, &ev->years[0], out, md);
    else trajectory(ev, opt, out, md);
    legend(ev, out, md);
}

/* ---- CSV ---------------------------------------------------------------------------------- */

static bool is_plain_number(const char *s)
{
    if (!*s) return false;
    char *end;
    strtod(s, &end);
    return *end == '\0';
}

/* RFC 4180 quoting; a cell a spreadsheet would run as a formula (= + - @ at the
 * start, or a tab/CR) is prefixed with ' so that it stays text. */
static void csv_cell(FILE *out, const char *s, bool last)
{
    bool formula = (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
                   && !is_plain_number(s);
    fputc('"', out);
    if (formula) fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
    fputs(last ? "\r\n" : ",", out);
}

static const char *const CSV_COLUMNS[] = {
    "year", "goal", "goal_title", "measure", "measure_title", "owner", "kpi", "part", "title",
    "unit", "direction", "reference", "baseline", "baseline_point", "baseline_revised", "target",
    "target_value", "target_revised", "actual", "actual_value", "actual_computed", "rate", "rate_text",
    "status", "status_label", "grade", "note", "revisions", NULL
};

static void csv_row(const dxp_evaluation *ev, const dxp_year_eval *ye, const dxp_kpi_result *top,
                    const dxp_kpi_result *r, FILE *out)
{
    char y[32], v[512], p[64], num[64], rate[64];
    dxp_str mlabel = { "", 0 };
    dxp_string_list *owners = NULL;
    if (top->measure) dxp_measure_in(top->measure, ye->year, &mlabel, &owners);
    char *own = owners_text(owners);
    const dxp_goal *g = top->goal;
    char *cells[32];
    int n = 0;
    cells[n++] = dxp_xstrdup(year_text(plan_style(ev, ye->year), y, sizeof y));
    cells[n++] = g ? dxp_xasprintf("%.*s", DXP_DECL_NAME(g->decl)) : dxp_xstrdup("");
    dxp_str goal_title = g ? dxp_decl_title(g->decl) : (dxp_str){ "", 0 };
    cells[n++] = dxp_xasprintf("%.*s", (int)goal_title.len, goal_title.ptr);
    cells[n++] = top->measure ? dxp_xasprintf("%.*s", DXP_DECL_NAME(top->measure->decl)) : dxp_xstrdup("");
    cells[n++] = dxp_xasprintf("%.*s", (int)mlabel.len, mlabel.ptr);
    cells[n++] = own;
    cells[n++] = dxp_xasprintf("%.*s", DXP_SERIES_NAME(top->series));
    cells[n++] = r != top ? dxp_xasprintf("%.*s", DXP_DECL_NAME(r->series->decl)) : dxp_xstrdup("");
    cells[n++] = dxp_xasprintf("%.*s", (int)r->title.len, r->title.ptr);
    cells[n++] = dxp_xasprintf("%.*s", (int)r->unit_text.len, r->unit_text.ptr);
    cells[n++] = dxp_xstrdup(dxp_direction_name(r->direction));
    cells[n++] = dxp_xstrdup(r->reference ? "true" : "false");
    cells[n++] = dxp_xstrdup(dxp_report_value_text(ev, r->baseline, r->baseline_file, v, sizeof v));
    cells[n++] = dxp_xstrdup(dxp_report_point_text(ev, r, p, sizeof p));
    cells[n++] = dxp_xstrdup(r->baseline_revised ? "true" : "false");
    cells[n++] = dxp_xstrdup(dxp_report_value_text(ev, r->target_value, r->target_file, v, sizeof v));
    cells[n++] = dxp_xstrdup(r->nparts ? "" : r->target.kind == DXP_VAL_NUMBER ? dxp_report_number_text(r->target.number, num, sizeof num) : "");
    cells[n++] = dxp_xstrdup(r->target_revised ? "true" : "false");
    cells[n++] = dxp_xstrdup(dxp_report_value_text(ev, r->actual_value, r->actual_file, v, sizeof v));
    cells[n++] = dxp_xstrdup(r->nparts ? "" : r->actual.kind == DXP_VAL_NUMBER ? dxp_report_number_text(r->actual.number, num, sizeof num) : "");
    cells[n++] = dxp_xstrdup(r->actual_computed ? "true" : "false");
    if (r->rate.kind == DXP_VAL_NUMBER) {
        double rv = round(r->rate.number * 1e9) / 1e9;
        cells[n++] = dxp_xasprintf("%.10g", rv);
    } else {
        cells[n++] = dxp_xstrdup("");
    }
    cells[n++] = dxp_xstrdup(r->nparts ? "" : dxp_report_rate_text(&r->rate, rate, sizeof rate));
    cells[n++] = dxp_xstrdup(dxp_status_key(r->status));
    cells[n++] = dxp_xasprintf("%.*s", (int)r->status_label.len, r->status_label.ptr);
    cells[n++] = r->grade.kind == DXP_VAL_STRING ? dxp_xasprintf("%.*s", (int)r->grade.str.len, r->grade.str.ptr) : dxp_xstrdup("");
    cells[n++] = r == top && r->note.len ? dxp_xasprintf("%.*s", (int)r->note.len, r->note.ptr) : dxp_xstrdup("");
    cells[n++] = dxp_xstrdup(r->revisions ? r->revisions : "");
    for (int i = 0; i < n; i++) {
        csv_cell(out, cells[i], i == n - 1);
        free(cells[i]);
    }
}

static void csv_report(const dxp_evaluation *ev, const dxp_report_options *opt, FILE *out)
{
    if (opt->csv_bom) fputs("\xEF\xBB\xBF", out);
    for (int i = 0; CSV_COLUMNS[i]; i++) {
        fputs(CSV_COLUMNS[i], out);
        fputs(CSV_COLUMNS[i + 1] ? "," : "\r\n", out);
    }
    size_t norder;
    uint32_t *order = dxp_report_order(ev, opt, &norder);
    for (size_t yi = 0; yi < ev->nyears; yi++) {
        const dxp_year_eval *ye = &ev->years[yi];
        dxp_report_window win;
        dxp_report_window_init(&win, ev, ye, order, norder, REPORT_WINDOW);
        for (size_t i = 0; i < norder; i++) {
            const dxp_kpi_result *r = dxp_report_result(&win, i);
            csv_row(ev, ye, r, r, out);
            for (size_t k = 0; k < r->nparts; k++) csv_row(ev, ye, r, &r->parts[k], out);
        }
        dxp_report_window_free(&win);
    }
    free(order);
}

bool dxp_report_write(const dxp_evaluation *ev, const dxp_report_options *opt, FILE *out)
{
    switch (opt->format) {
    case DXP_REPORT_TEXT: text_report(ev, opt, out, false); break;
    case DXP_REPORT_MD:   text_report(ev, opt, out, true); break;
    case DXP_REPORT_CSV:  csv_report(ev, opt, out); break;
    case DXP_REPORT_JSON: return dxp_report_write_json(ev, opt, out) && !ferror(out);
    case DXP_REPORT_HTML: return dxp_report_write_html(ev, opt, out);
    }
    return !ferror(out);
}
