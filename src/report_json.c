/* report_json.c — the progress report as JSON (docs/report-schema.json).
 *
 * Numbers are JSON numbers, states are strings, and everything the text report
 * shows is here too: written values as written, revisions, notes, budgets.
 * The report is streamed (json_writer.c): building it as a tree first cost
 * far more than evaluating a large plan. */
#include "dxp/json_writer.h"
#include "dxp/report.h"
#include "dxp/threads.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef dxp_json_writer writer;

static void str_value(writer *w, dxp_str s)
{
    dxp_json_string(w, s.ptr, s.len);
}

/* The string, or null when it is empty. */
static void str_or_null(writer *w, dxp_str s)
{
    if (s.len) str_value(w, s);
    else dxp_json_null(w);
}

/* "key": value, for the common kinds of value. */
static void member_str(writer *w, const char *key, dxp_str s)
{
    dxp_json_key(w, key);
    str_value(w, s);
}

static void member_cstring(writer *w, const char *key, const char *s)
{
    dxp_json_key(w, key);
    dxp_json_cstring(w, s);
}

static void member_bool(writer *w, const char *key, bool b)
{
    dxp_json_key(w, key);
    dxp_json_bool(w, b);
}

static void year_value(writer *w, const dxp_evaluation *ev, dxp_year y)
{
    char buf[32];
    dxp_json_cstring(w, dxp_report_year_text(ev, y, buf, sizeof buf));
}

/* A number, rounded to remove binary noise (6,028.000000000001 → 6028). */
static void number_value(writer *w, double v)
{
    double r = round(v * 1e9) / 1e9;
    if (fabs(r) < 9e15 && r == floor(r)) dxp_json_int(w, (long long)r);
    /* At most nine decimals and fifteen digits: the digits of r × 10⁹ are what
     * "%.15g" prints (between 1e-4 and 1e6 it needs no exponent). */
    else if (fabs(r) >= 1e-4 && fabs(r) < 1e6) dxp_json_decimal(w, llround(r * 1e9), 9);
    else dxp_json_real(w, r);
}

static void val_value(writer *w, const dxp_val *v)
{
    if (v->kind == DXP_VAL_NUMBER) number_value(w, v->number);
    else if (v->kind == DXP_VAL_STRING) str_value(w, v->str);
    else if (v->kind == DXP_VAL_BOOL) dxp_json_bool(w, v->truth);
    else dxp_json_null(w);
}

/* The members of a value object: "text" as written, "value" (number or null),
 * "state", "reason", "from_year", "remark". The caller adds its own and closes. */
static void value_members(writer *w, const dxp_evaluation *ev, const dxp_value *written, int32_t file,
                          const dxp_val *v)
{
    char buf[512];
    member_cstring(w, "text", written ? dxp_report_value_text(ev, written, file, buf, sizeof buf) : NULL);
    dxp_json_key(w, "value");
    if (v) val_value(w, v);
    else dxp_json_null(w);
    dxp_json_key(w, "state");
    if (written && written->kind == DXP_VALUE_STATE)
        dxp_json_cstring(w, dxp_state_keyword(written->state));
    else if (v && v->kind == DXP_VAL_MISSING && v->has_state)
        dxp_json_cstring(w, dxp_state_keyword(v->state));
    else
        dxp_json_null(w);
    if (v && v->kind == DXP_VAL_MISSING && v->why) {
        member_cstring(w, "reason", v->why);
    }
    if (written && written->has_from) {
        dxp_json_key(w, "from_year");
        year_value(w, ev, written->extra->from);
    }
    if (written && written->has_remark) {
        member_str(w, "remark", written->extra->remark);
    }
}

static void value_object(writer *w, const char *key, const dxp_evaluation *ev, const dxp_value *written,
                         int32_t file, const dxp_val *v, const char *flag_key, bool flag)
{
    dxp_json_key(w, key);
    dxp_json_begin_object(w);
    value_members(w, ev, written, file, v);
    member_bool(w, flag_key, flag);
    dxp_json_end_object(w);
}

static void kpi_object(writer *w, const dxp_evaluation *ev, const dxp_kpi_result *r)
{
    char buf[64];
    dxp_json_begin_object(w);
    member_str(w, "id", r->series->id);
    member_str(w, "title", r->title);
    member_str(w, "unit", r->unit_text);
    member_cstring(w, "direction", dxp_direction_name(r->direction));
    member_bool(w, "reference", r->reference);
    member_bool(w, "cumulative", r->cumulative);

    dxp_val base = { 0 };
    bool have_base = r->baseline && r->baseline->kind == DXP_VALUE_QUANTITY;
    if (have_base) {
        base.kind = DXP_VAL_NUMBER;
        base.number = r->baseline->number;
    }
    dxp_json_key(w, "baseline");
    dxp_json_begin_object(w);
    value_members(w, ev, r->baseline, r->baseline_file, have_base ? &base : NULL);
    member_cstring(w, "point", r->has_point ? dxp_report_point_text(ev, r, buf, sizeof buf) : NULL);
    member_bool(w, "revised", r->baseline_revised);
    dxp_json_end_object(w);

    if (r->nparts == 0) {
        value_object(w, "target", ev, r->target_value, r->target_file, &r->target, "revised", r->target_revised);
        value_object(w, "actual", ev, r->actual_value, r->actual_file, &r->actual, "computed", r->actual_computed);
        dxp_json_key(w, "rate");
        if (r->rate.kind == DXP_VAL_NUMBER) number_value(w, r->rate.number);
        else dxp_json_null(w);
        member_cstring(w, "rate_text", dxp_report_rate_text(&r->rate, buf, sizeof buf));
    }
    member_cstring(w, "status", dxp_status_key(r->status));
    member_str(w, "status_label", r->status_label);
    member_cstring(w, "status_reason", r->status_why);
    dxp_json_key(w, "grade");
    if (r->grade.kind == DXP_VAL_STRING) str_value(w, r->grade.str);
    else dxp_json_null(w);
    dxp_json_key(w, "note");
    str_or_null(w, r->note);
    member_cstring(w, "revisions", r->revisions);
    if (r->nparts) {
        dxp_json_key(w, "parts");
        dxp_json_begin_array(w);
        for (size_t i = 0; i < r->nparts; i++) kpi_object(w, ev, &r->parts[i]);
        dxp_json_end_array(w);
    }
    dxp_json_end_object(w);
}

/* ---- the KPIs of a year, rendered on two threads ---------------------------------
 *
 * KPI objects are nine tenths of a report. In a large plan they are written in
 * rounds: while this thread renders and writes KPI_DIRECT KPIs, a second
 * thread renders the next KPI_AHEAD into memory, which this thread then
 * copies in, adding the separators. The memory is kept from round to round,
 * so a report takes that of one batch more (about 7 MB), whatever its size;
 * its bytes are those written in one piece. */

enum { KPI_DIRECT = 4096, KPI_AHEAD = 4096, KPI_ROUND = KPI_DIRECT + KPI_AHEAD };

typedef struct kpi_batch {
    const dxp_evaluation *ev;
    const dxp_kpi_result *const *kpis;
    size_t n;
    writer w;                    /* in memory, at the depth of a KPI object */
    size_t ends[KPI_AHEAD];      /* where each KPI's bytes end */
} kpi_batch;

static void render_batch(void *arg)
{
    kpi_batch *b = arg;
    for (size_t i = 0; i < b->n; i++) {
        dxp_json_detach(&b->w);
        kpi_object(&b->w, b->ev, b->kpis[i]);
        b->ends[i] = dxp_json_offset(&b->w);
    }
}

/* The KPIs of a year's report order, written one after the other. */
typedef struct kpi_stream {
    const dxp_evaluation *ev;
    const dxp_kpi_result *const *order;
    size_t norder;
    bool threaded;
    kpi_batch *batch;            /* kept from round to round; NULL until the first */
    bool ahead;                  /* the batch holds (or is rendering) KPIs from ahead_from on */
    bool joined;                 /* its thread is done */
    size_t ahead_from;
    const char *ahead_bytes;     /* once joined; NULL if its memory ran out */
    dxp_thread thread;
} kpi_stream;

static void kpi_stream_init(kpi_stream *ks, const dxp_evaluation *ev, const dxp_kpi_result *const *order,
                            size_t norder)
{
    memset(ks, 0, sizeof *ks);
    ks->ev = ev;
    ks->order = order;
    ks->norder = norder;
    ks->threaded = norder >= DXP_THREADS_MIN_KPIS && dxp_threads_available();
}

/* Starts the rendering of the KPIs from position `from` on, on the other thread. */
static void render_ahead(kpi_stream *ks, size_t from, int depth)
{
    if (!ks->batch) {
        ks->batch = malloc(sizeof *ks->batch);
        if (!ks->batch) return;   /* written here instead */
        dxp_json_init_memory(&ks->batch->w, depth);
    } else {
        dxp_json_restart_memory(&ks->batch->w, depth);
    }
    kpi_batch *b = ks->batch;
    b->ev = ks->ev;
    b->kpis = ks->order + from;
    b->n = ks->norder - from < KPI_AHEAD ? ks->norder - from : KPI_AHEAD;
    ks->ahead = true;
    ks->joined = false;
    ks->ahead_from = from;
    ks->ahead_bytes = NULL;
    dxp_thread_start(&ks->thread, render_batch, b);
}

/* Writes the KPI at position pos of the order; positions come one after the other. */
static void write_kpi(kpi_stream *ks, writer *w, size_t pos)
{
    kpi_batch *b = ks->batch;
    if (ks->ahead && pos >= ks->ahead_from) {   /* rendered ahead: copy it in */
        if (pos == ks->ahead_from) {
            dxp_thread_join(&ks->thread);
            ks->joined = true;
            ks->ahead_bytes = dxp_json_memory(&b->w);
            if (!ks->ahead_bytes) w->failed = true;
        }
        size_t i = pos - ks->ahead_from, start = i ? b->ends[i - 1] : 0;
        if (ks->ahead_bytes) dxp_json_raw_value(w, ks->ahead_bytes + start, b->ends[i] - start);
        if (i + 1 == b->n) ks->ahead = false;
        return;
    }
    /* A round starts the rendering of its KPIs after the first KPI_DIRECT. */
    if (ks->threaded && pos % KPI_ROUND == 0 && pos + KPI_DIRECT < ks->norder)
        render_ahead(ks, pos + KPI_DIRECT, w->depth);
    kpi_object(w, ks->ev, ks->order[pos]);
}

/* Waits for a batch that was rendered ahead and never written (a report cut
 * short), and frees the batch's memory. */
static void kpi_stream_finish(kpi_stream *ks)
{
    if (ks->ahead && !ks->joined) dxp_thread_join(&ks->thread);
    if (!ks->batch) return;
    dxp_json_free_memory(&ks->batch->w);
    free(ks->batch);
    ks->batch = NULL;
}

static void rollup_object(writer *w, const dxp_evaluation *ev, const dxp_rollup *ru, dxp_year y)
{
    dxp_json_begin_object(w);
    dxp_json_key(w, "counts");
    dxp_json_begin_object(w);
    for (int s = 0; s < DXP_STATUS_COUNT; s++) {
        dxp_json_key(w, dxp_status_key((dxp_status)s));
        dxp_json_int(w, (long long)ru->counts[s]);
    }
    dxp_json_end_object(w);
    dxp_json_key(w, "evaluated");
    dxp_json_int(w, (long long)ru->evaluated);
    dxp_json_key(w, "met");
    dxp_json_int(w, (long long)ru->met);
    dxp_json_key(w, "share_met");
    val_value(w, &ru->share_met);
    dxp_json_key(w, "label");
    if (ru->label.kind == DXP_VAL_STRING) str_value(w, ru->label.str);
    else dxp_json_null(w);
    dxp_json_key(w, "budget");
    if (ru->has_budget) {
        dxp_json_begin_object(w);
        dxp_json_key(w, "year");
        year_value(w, ev, y);
        dxp_json_key(w, "amount");
        number_value(w, ru->budget.number);
        member_str(w, "unit", ru->budget_unit);
        if (ru->has_prev_budget) {
            dxp_val pv = ru->prev_budget;
            if (dxp_unit_same_dimension(&pv.unit, &ru->budget.unit))
                pv.number *= dxp_unit_ratio(&pv.unit, &ru->budget.unit);
            dxp_json_key(w, "previous_year_amount");
            number_value(w, pv.number);
        }
        dxp_json_end_object(w);
    } else {
        dxp_json_null(w);
    }
    dxp_json_end_object(w);
}

/* Opens the object of a measure and its "kpis" array. */
static void begin_measure(writer *w, const dxp_evaluation *ev, const dxp_year_eval *ye, const dxp_measure *m)
{
    dxp_json_begin_object(w);
    dxp_json_key(w, "id");
    if (m) str_value(w, m->decl->id);
    else dxp_json_null(w);
    dxp_json_key(w, "title");
    dxp_str label = { 0 };
    dxp_string_list *owners = NULL;
    if (m) {
        dxp_measure_in(m, ye->year, &label, &owners);
        str_value(w, label);
    } else {
        dxp_json_null(w);
    }
    dxp_json_key(w, "owners");
    dxp_json_begin_array(w);
    for (dxp_string_list *s = owners; s; s = s->next) str_value(w, s->str);
    dxp_json_end_array(w);
    dxp_json_key(w, "summary");
    if (m) rollup_object(w, ev, &ye->measures[m->index], ye->year);
    else dxp_json_null(w);
    dxp_json_key(w, "kpis");
    dxp_json_begin_array(w);
}

static void end_measure(writer *w)
{
    dxp_json_end_array(w);
    dxp_json_end_object(w);
}

/* A goal with its measures and their KPIs (its run of the report order). */
static void goal_object(writer *w, kpi_stream *ks, const dxp_year_eval *ye, const dxp_goal *g, size_t gi,
                        size_t from, size_t nkpis)
{
    const dxp_evaluation *ev = ks->ev;
    const dxp_kpi_result *const *kpis = ks->order + from;
    dxp_json_begin_object(w);
    dxp_json_key(w, "id");
    if (g) str_value(w, g->decl->id);
    else dxp_json_null(w);
    dxp_json_key(w, "title");
    if (g) str_value(w, g->decl->title);
    else dxp_json_null(w);
    dxp_json_key(w, "label");
    if (g) str_or_null(w, g->label);
    else dxp_json_null(w);
    if (g) {
        dxp_json_key(w, "summary");
        rollup_object(w, ev, &ye->goals[gi], ye->year);
    }
    dxp_json_key(w, "measures");
    dxp_json_begin_array(w);
    bool in_measure = false;
    const dxp_measure *current = NULL;
    for (size_t i = 0; i < nkpis; i++) {
        const dxp_kpi_result *r = kpis[i];
        if (!in_measure || r->measure != current) {
            if (in_measure) end_measure(w);
            current = r->measure;
            in_measure = true;
            begin_measure(w, ev, ye, current);
        }
        write_kpi(ks, w, from + i);
    }
    if (in_measure) end_measure(w);
    dxp_json_end_array(w);
    dxp_json_end_object(w);
}

static void year_eval_object(writer *w, const dxp_evaluation *ev, const dxp_report_options *opt,
                             const dxp_year_eval *ye)
{
    dxp_program *p = ev->program;
    dxp_json_begin_object(w);
    dxp_json_key(w, "year");
    year_value(w, ev, ye->year);
    dxp_json_key(w, "fiscal_year");
    dxp_json_int(w, ye->year.fy);
    dxp_json_key(w, "summary");
    rollup_object(w, ev, &ye->plan, ye->year);
    size_t norder;
    const dxp_kpi_result **order = dxp_report_order(ev, ye, opt, &norder);
    kpi_stream ks;
    kpi_stream_init(&ks, ev, order, norder);
    dxp_json_key(w, "goals");
    dxp_json_begin_array(w);
    size_t at = 0;
    for (size_t gi = 0; gi < p->ngoals; gi++) {
        const dxp_goal *g = p->goals[gi];
        size_t from = at, n = dxp_report_goal_run(order, norder, &at, g);
        if (!opt->goal || dxp_str_eq(g->decl->id, opt->goal)) goal_object(w, &ks, ye, g, gi, from, n);
    }
    /* KPIs without a goal come last, under a goal of nulls. */
    if (!opt->goal && at < norder) goal_object(w, &ks, ye, NULL, p->ngoals, at, norder - at);
    kpi_stream_finish(&ks);
    dxp_json_end_array(w);
    free(order);
    dxp_json_end_object(w);
}

bool dxp_report_write_json(const dxp_evaluation *ev, const dxp_report_options *opt, FILE *out)
{
    const dxp_plan_info *pl = &ev->program->plan;
    writer *w = malloc(sizeof *w);
    if (!w) return false;
    dxp_json_init(w, out);
    dxp_json_begin_object(w);
    dxp_json_key(w, "schema_version");
    dxp_json_int(w, DXP_REPORT_SCHEMA_VERSION);
    member_cstring(w, "generator", "dxp");

    dxp_json_key(w, "plan");
    dxp_json_begin_object(w);
    dxp_json_key(w, "id");
    if (pl->decl) str_value(w, pl->decl->id);
    else dxp_json_null(w);
    dxp_json_key(w, "title");
    if (pl->decl && pl->decl->has_title) str_value(w, pl->decl->title);
    else dxp_json_null(w);
    dxp_json_key(w, "first_year");
    if (pl->has_period) year_value(w, ev, pl->first);
    else dxp_json_null(w);
    dxp_json_key(w, "last_year");
    if (pl->has_period) year_value(w, ev, pl->last);
    else dxp_json_null(w);
    member_cstring(w, "stage", pl->final ? "final" : "draft");
    dxp_json_end_object(w);

    dxp_json_key(w, "rules");
    dxp_json_begin_object(w);
    dxp_json_key(w, "id");
    if (ev->rules) str_value(w, ev->rules->id);
    else dxp_json_null(w);
    dxp_json_key(w, "title");
    if (ev->rules) str_value(w, ev->rules_title);
    else dxp_json_null(w);
    dxp_json_key(w, "rate_formula");
    str_or_null(w, ev->rate_formula);
    dxp_json_end_object(w);

    dxp_json_key(w, "filter");
    dxp_json_begin_object(w);
    member_cstring(w, "goal", opt->goal);
    member_cstring(w, "measure", opt->measure);
    dxp_json_end_object(w);

    dxp_json_key(w, "evaluations");
    dxp_json_begin_array(w);
    for (size_t i = 0; i < ev->nyears; i++) year_eval_object(w, ev, opt, &ev->years[i]);
    dxp_json_end_array(w);
    dxp_json_end_object(w);
    bool ok = dxp_json_finish(w);
    free(w);
    return ok;
}
