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
#include <stdint.h>
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
static void member_str(writer *w, dxp_json_name key, dxp_str s)
{
    dxp_json_member(w, key);
    str_value(w, s);
}

static void member_cstring(writer *w, dxp_json_name key, const char *s)
{
    dxp_json_member(w, key);
    dxp_json_cstring(w, s);
}

static void member_bool(writer *w, dxp_json_name key, bool b)
{
    dxp_json_member(w, key);
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

static void val_value(writer *w, const dxp_shown *v)
{
    if (v->kind == DXP_VAL_NUMBER) number_value(w, v->number);
    else if (v->kind == DXP_VAL_STRING) str_value(w, v->str);
    else if (v->kind == DXP_VAL_BOOL) dxp_json_bool(w, v->truth);
    else dxp_json_null(w);
}

/* The members of a value object: "text" as written, "value" (number or null),
 * "state", "reason", "from_year", "remark". The caller adds its own and closes. */
static void value_members(writer *w, const dxp_evaluation *ev, const dxp_value *written, int32_t file,
                          const dxp_shown *v)
{
    char buf[512];
    member_cstring(w, DXP_JSON_NAME("text"),
                   written ? dxp_report_value_text(ev, written, file, buf, sizeof buf) : NULL);
    dxp_json_member(w, DXP_JSON_NAME("value"));
    if (v) val_value(w, v);
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("state"));
    if (written && written->kind == DXP_VALUE_STATE)
        dxp_json_cstring(w, dxp_state_keyword(written->state));
    else if (v && v->kind == DXP_VAL_MISSING && v->has_state)
        dxp_json_cstring(w, dxp_state_keyword(v->state));
    else
        dxp_json_null(w);
    if (v && v->kind == DXP_VAL_MISSING && v->why) {
        member_cstring(w, DXP_JSON_NAME("reason"), v->why);
    }
    if (written && written->has_from) {
        dxp_json_member(w, DXP_JSON_NAME("from_year"));
        year_value(w, ev, dxp_value_extra_of(written)->from);
    }
    if (written && written->has_remark) {
        member_str(w, DXP_JSON_NAME("remark"), dxp_value_remark(dxp_value_extra_of(written)));
    }
}

static void value_object(writer *w, dxp_json_name key, const dxp_evaluation *ev, const dxp_value *written,
                         int32_t file, const dxp_shown *v, dxp_json_name flag_key, bool flag)
{
    dxp_json_member(w, key);
    dxp_json_begin_object(w);
    value_members(w, ev, written, file, v);
    member_bool(w, flag_key, flag);
    dxp_json_end_object(w);
}

static void kpi_object(writer *w, const dxp_evaluation *ev, const dxp_kpi_result *r)
{
    char buf[64];
    dxp_json_begin_object(w);
    member_str(w, DXP_JSON_NAME("id"), dxp_series_id(r->series));
    member_str(w, DXP_JSON_NAME("title"), r->title);
    member_str(w, DXP_JSON_NAME("unit"), r->unit_text);
    member_cstring(w, DXP_JSON_NAME("direction"), dxp_direction_name(r->direction));
    member_bool(w, DXP_JSON_NAME("reference"), r->reference);
    member_bool(w, DXP_JSON_NAME("cumulative"), r->cumulative);

    dxp_shown base = { 0 };
    bool have_base = r->baseline && r->baseline->kind == DXP_VALUE_QUANTITY;
    if (have_base) {
        base.kind = DXP_VAL_NUMBER;
        base.number = r->baseline->number;
    }
    dxp_json_member(w, DXP_JSON_NAME("baseline"));
    dxp_json_begin_object(w);
    value_members(w, ev, r->baseline, r->baseline_file, have_base ? &base : NULL);
    member_cstring(w, DXP_JSON_NAME("point"),
                   r->has_point ? dxp_report_point_text(ev, r, buf, sizeof buf) : NULL);
    member_bool(w, DXP_JSON_NAME("revised"), r->baseline_revised);
    dxp_json_end_object(w);

    if (r->nparts == 0) {
        value_object(w, DXP_JSON_NAME("target"), ev, r->target_value, r->target_file, &r->target,
                     DXP_JSON_NAME("revised"), r->target_revised);
        dxp_shown actual = dxp_shown_of(&r->actual);
        value_object(w, DXP_JSON_NAME("actual"), ev, r->actual_value, r->actual_file, &actual,
                     DXP_JSON_NAME("computed"), r->actual_computed);
        dxp_json_member(w, DXP_JSON_NAME("rate"));
        if (r->rate.kind == DXP_VAL_NUMBER) number_value(w, r->rate.number);
        else dxp_json_null(w);
        member_cstring(w, DXP_JSON_NAME("rate_text"), dxp_report_rate_text(&r->rate, buf, sizeof buf));
    }
    member_cstring(w, DXP_JSON_NAME("status"), dxp_status_key(r->status));
    member_str(w, DXP_JSON_NAME("status_label"), r->status_label);
    member_cstring(w, DXP_JSON_NAME("status_reason"), r->status_why);
    dxp_json_member(w, DXP_JSON_NAME("grade"));
    if (r->grade.kind == DXP_VAL_STRING) str_value(w, r->grade.str);
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("note"));
    str_or_null(w, r->note);
    member_cstring(w, DXP_JSON_NAME("revisions"), r->revisions);
    if (r->nparts) {
        dxp_json_member(w, DXP_JSON_NAME("parts"));
        dxp_json_begin_array(w);
        for (size_t i = 0; i < r->nparts; i++) kpi_object(w, ev, &r->parts[i]);
        dxp_json_end_array(w);
    }
    dxp_json_end_object(w);
}

/* ---- the KPIs of a year, rendered on two threads ---------------------------------
 *
 * KPI objects are nine tenths of a report. In a large plan both threads render
 * them into memory, a chunk of CHUNK_KPIS at a time, each taking the next
 * chunk that nobody has taken. This thread also writes the chunks out in
 * order, copying each KPI in with its separator; when the next chunk to write
 * is still being rendered by the other thread, this one renders the chunk
 * after it meanwhile instead of waiting. The work so divides itself however
 * fast the destination takes the bytes (a file, a pipe, /dev/null): a fixed
 * split left the other thread idle while this one wrote to a file. At most
 * WINDOW chunks are rendered ahead of the writing, so a report takes little
 * more memory than on one thread, whatever its size. A chunk takes its KPIs'
 * results from a window of its own (dxp_report_result), so that the thread
 * that renders it also evaluates it when the evaluation kept roll-ups only.
 * Eight chunks of 128 KPIs held 5 MB with their results; four of 32 hold
 * about 1 MB, and eval of 100,000 KPIs is as fast (0.991, 11 rounds). */

enum { CHUNK_KPIS = 32, WINDOW = 4 };

typedef struct kpi_chunk {
    writer w;                    /* in memory, at the depth of a KPI object */
    dxp_report_window results;   /* its KPIs' */
    size_t ends[CHUNK_KPIS];     /* where each KPI's bytes end */
    const char *bytes;           /* once rendered; NULL if its memory ran out */
    bool done;                   /* rendered (guarded by the stream's lock) */
} kpi_chunk;

/* The KPIs of a year's report order, written one after the other. */
typedef struct kpi_stream {
    const dxp_evaluation *ev;
    const uint32_t *order;
    dxp_report_window results;   /* written directly: the window of this thread */
    size_t norder, nchunks;
    kpi_chunk *chunks;           /* chunk c in chunks[c % WINDOW]; NULL: written directly */
    int depth;                   /* of a KPI object, known at the first one */
    bool started;                /* the other thread runs */
    size_t ready;                /* a chunk known to be rendered, or SIZE_MAX */
    dxp_thread helper;
    pthread_mutex_t lock;        /* guards what follows and the chunks' done */
    pthread_cond_t changed;      /* a chunk was rendered, or the writing moved on */
    size_t next_claim;           /* the first chunk that nobody has taken */
    size_t writing;              /* the chunk being written; those before it are free */
    bool stop;                   /* the report ends (or was cut short) */
} kpi_stream;

static void kpi_stream_init(kpi_stream *ks, const dxp_evaluation *ev, const dxp_year_eval *ye,
                            const uint32_t *order, size_t norder, bool compact)
{
    memset(ks, 0, sizeof *ks);
    ks->ev = ev;
    ks->order = order;
    ks->norder = norder;
    ks->nchunks = (norder + CHUNK_KPIS - 1) / CHUNK_KPIS;
    ks->ready = SIZE_MAX;
    dxp_report_window_init(&ks->results, ev, ye, order, norder, CHUNK_KPIS);
    if (norder < DXP_THREADS_MIN_KPIS || !dxp_threads_available()) return;
    ks->chunks = calloc(WINDOW, sizeof *ks->chunks);
    if (!ks->chunks) return;   /* written directly instead */
    for (size_t i = 0; i < WINDOW; i++) {
        dxp_report_window_init(&ks->chunks[i].results, ev, ye, order, norder, CHUNK_KPIS);
        dxp_json_set_compact(&ks->chunks[i].w, compact);
    }
    pthread_mutex_init(&ks->lock, NULL);
    pthread_cond_init(&ks->changed, NULL);
}

/* Takes the next chunk to render (with the lock held). False when every chunk
 * is taken, or when the window is full and `wait` is false. */
static bool claim_chunk(kpi_stream *ks, bool wait, size_t *chunk)
{
    for (;;) {
        if (ks->stop || ks->next_claim == ks->nchunks) return false;
        if (ks->next_claim < ks->writing + WINDOW) {
            *chunk = ks->next_claim++;
            ks->chunks[*chunk % WINDOW].done = false;   /* its slot held a chunk already written */
            return true;
        }
        if (!wait) return false;
        pthread_cond_wait(&ks->changed, &ks->lock);
    }
}

/* Renders a claimed chunk into its slot (without the lock held). */
static void render_chunk(kpi_stream *ks, size_t chunk)
{
    kpi_chunk *ch = &ks->chunks[chunk % WINDOW];
    size_t from = chunk * CHUNK_KPIS, n = ks->norder - from < CHUNK_KPIS ? ks->norder - from : CHUNK_KPIS;
    dxp_json_restart_memory(&ch->w, ks->depth);
    for (size_t i = 0; i < n; i++) {
        dxp_json_detach(&ch->w);
        kpi_object(&ch->w, ks->ev, dxp_report_result(&ch->results, from + i));
        ch->ends[i] = dxp_json_offset(&ch->w);
    }
    const char *bytes = dxp_json_memory(&ch->w);
    pthread_mutex_lock(&ks->lock);
    ch->bytes = bytes;
    ch->done = true;
    pthread_cond_broadcast(&ks->changed);
    pthread_mutex_unlock(&ks->lock);
}

/* The other thread: renders chunks until none is left. */
static void render_chunks(void *arg)
{
    kpi_stream *ks = arg;
    size_t chunk;
    pthread_mutex_lock(&ks->lock);
    while (claim_chunk(ks, true, &chunk)) {
        pthread_mutex_unlock(&ks->lock);
        render_chunk(ks, chunk);
        pthread_mutex_lock(&ks->lock);
    }
    pthread_mutex_unlock(&ks->lock);
}

/* Returns once chunk c is rendered, rendering others (or c itself) meanwhile. */
static void await_chunk(kpi_stream *ks, size_t c)
{
    pthread_mutex_lock(&ks->lock);
    if (c > ks->writing) {
        /* The chunks before c are written, and their slots free once none is
         * being rendered still (positions come one after the other, so only
         * a chunk skipped by a caller could be). */
        while (ks->writing < c) {
            size_t w = ks->writing;
            if (w < ks->next_claim && !ks->chunks[w % WINDOW].done) pthread_cond_wait(&ks->changed, &ks->lock);
            else ks->writing++;
        }
        pthread_cond_broadcast(&ks->changed);
    }
    while (!(c < ks->next_claim && ks->chunks[c % WINDOW].done)) {
        size_t other;
        if (claim_chunk(ks, false, &other)) {
            pthread_mutex_unlock(&ks->lock);
            render_chunk(ks, other);
            pthread_mutex_lock(&ks->lock);
        } else {
            pthread_cond_wait(&ks->changed, &ks->lock);
        }
    }
    pthread_mutex_unlock(&ks->lock);
    ks->ready = c;
}

/* Writes the KPI at position pos of the order; positions come one after the other. */
static void write_kpi(kpi_stream *ks, writer *w, size_t pos)
{
    if (!ks->chunks) {
        kpi_object(w, ks->ev, dxp_report_result(&ks->results, pos));
        return;
    }
    if (!ks->started) {
        ks->depth = w->depth;
        ks->started = true;
        dxp_thread_start(&ks->helper, render_chunks, ks);
    }
    size_t c = pos / CHUNK_KPIS, i = pos % CHUNK_KPIS;
    if (c != ks->ready) await_chunk(ks, c);
    const kpi_chunk *ch = &ks->chunks[c % WINDOW];
    size_t start = i ? ch->ends[i - 1] : 0;
    if (ch->bytes) dxp_json_raw_value(w, ch->bytes + start, ch->ends[i] - start);
    else w->failed = true;
}

/* Stops the other thread (a report may end before its last chunk: one cut
 * short) and frees the chunks' memory. */
static void kpi_stream_finish(kpi_stream *ks)
{
    dxp_report_window_free(&ks->results);
    if (!ks->chunks) return;
    if (ks->started) {
        pthread_mutex_lock(&ks->lock);
        ks->stop = true;
        pthread_cond_broadcast(&ks->changed);
        pthread_mutex_unlock(&ks->lock);
        dxp_thread_join(&ks->helper);
    }
    for (size_t i = 0; i < WINDOW; i++) {
        dxp_json_free_memory(&ks->chunks[i].w);
        dxp_report_window_free(&ks->chunks[i].results);
    }
    free(ks->chunks);
    pthread_mutex_destroy(&ks->lock);
    pthread_cond_destroy(&ks->changed);
}

static void rollup_object(writer *w, const dxp_evaluation *ev, const dxp_rollup *ru, dxp_year y)
{
    dxp_json_begin_object(w);
    dxp_json_member(w, DXP_JSON_NAME("counts"));
    dxp_json_begin_object(w);
    for (int s = 0; s < DXP_STATUS_COUNT; s++) {
        dxp_json_key(w, dxp_status_key((dxp_status)s));
        dxp_json_int(w, (long long)ru->counts[s]);
    }
    dxp_json_end_object(w);
    dxp_json_member(w, DXP_JSON_NAME("evaluated"));
    dxp_json_int(w, (long long)ru->evaluated);
    dxp_json_member(w, DXP_JSON_NAME("met"));
    dxp_json_int(w, (long long)ru->met);
    dxp_json_member(w, DXP_JSON_NAME("share_met"));
    dxp_val share_met = dxp_rollup_share(ru);
    dxp_shown share = dxp_shown_of(&share_met);
    val_value(w, &share);
    dxp_json_member(w, DXP_JSON_NAME("label"));
    if (ru->label.ptr) str_value(w, ru->label);
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("budget"));
    const dxp_budget *bu = ru->budget;
    if (bu && bu->has_amount) {
        dxp_json_begin_object(w);
        dxp_json_member(w, DXP_JSON_NAME("year"));
        year_value(w, ev, y);
        dxp_json_member(w, DXP_JSON_NAME("amount"));
        number_value(w, bu->amount.number);
        member_str(w, DXP_JSON_NAME("unit"), bu->unit);
        if (bu->has_prev) {
            dxp_json_member(w, DXP_JSON_NAME("previous_year_amount"));
            number_value(w, dxp_budget_prev_number(bu));
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
    dxp_json_member(w, DXP_JSON_NAME("id"));
    if (m) str_value(w, dxp_decl_id(m->decl));
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("title"));
    dxp_str label = { 0 };
    dxp_string_list *owners = NULL;
    if (m) {
        dxp_measure_in(m, ye->year, &label, &owners);
        str_value(w, label);
    } else {
        dxp_json_null(w);
    }
    dxp_json_member(w, DXP_JSON_NAME("owners"));
    dxp_json_begin_array(w);
    for (dxp_string_list *s = owners; s; s = s->next) str_value(w, s->str);
    dxp_json_end_array(w);
    dxp_json_member(w, DXP_JSON_NAME("summary"));
    if (m) rollup_object(w, ev, &ye->measures[m->index], ye->year);
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("kpis"));
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
    const uint32_t *kpis = ks->order + from;
    dxp_json_begin_object(w);
    dxp_json_member(w, DXP_JSON_NAME("id"));
    if (g) str_value(w, dxp_decl_id(g->decl));
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("title"));
    if (g) str_value(w, dxp_decl_title(g->decl));
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("label"));
    if (g) str_or_null(w, g->label);
    else dxp_json_null(w);
    if (g) {
        dxp_json_member(w, DXP_JSON_NAME("summary"));
        rollup_object(w, ev, &ye->goals[gi], ye->year);
    }
    dxp_json_member(w, DXP_JSON_NAME("measures"));
    dxp_json_begin_array(w);
    bool in_measure = false;
    const dxp_measure *current = NULL;
    for (size_t i = 0; i < nkpis; i++) {
        const dxp_series *kpi = dxp_report_kpi(ev, kpis, i);
        if (!in_measure || kpi->measure != current) {
            if (in_measure) end_measure(w);
            current = kpi->measure;
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
    dxp_json_member(w, DXP_JSON_NAME("year"));
    year_value(w, ev, ye->year);
    dxp_json_member(w, DXP_JSON_NAME("fiscal_year"));
    dxp_json_int(w, ye->year.fy);
    dxp_json_member(w, DXP_JSON_NAME("summary"));
    rollup_object(w, ev, &ye->plan, ye->year);
    size_t norder;
    uint32_t *order = dxp_report_order(ev, opt, &norder);
    kpi_stream ks;
    kpi_stream_init(&ks, ev, ye, order, norder, opt->compact);
    dxp_json_member(w, DXP_JSON_NAME("goals"));
    dxp_json_begin_array(w);
    size_t at = 0;
    for (size_t gi = 0; gi < p->ngoals; gi++) {
        const dxp_goal *g = p->goals[gi];
        size_t from = at, n = dxp_report_goal_run(ev, order, norder, &at, g);
        if (!opt->goal || dxp_str_eq(dxp_decl_id(g->decl), opt->goal)) goal_object(w, &ks, ye, g, gi, from, n);
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
    dxp_json_set_compact(w, opt->compact);
    dxp_json_begin_object(w);
    dxp_json_member(w, DXP_JSON_NAME("schema_version"));
    dxp_json_int(w, DXP_REPORT_SCHEMA_VERSION);
    member_cstring(w, DXP_JSON_NAME("generator"), "dxp");

    dxp_json_member(w, DXP_JSON_NAME("plan"));
    dxp_json_begin_object(w);
    dxp_json_member(w, DXP_JSON_NAME("id"));
    if (pl->decl) str_value(w, dxp_decl_id(pl->decl));
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("title"));
    if (pl->decl && pl->decl->has_title) str_value(w, dxp_decl_title(pl->decl));
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("first_year"));
    if (pl->has_period) year_value(w, ev, pl->first);
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("last_year"));
    if (pl->has_period) year_value(w, ev, pl->last);
    else dxp_json_null(w);
    member_cstring(w, DXP_JSON_NAME("stage"), pl->final ? "final" : "draft");
    dxp_json_end_object(w);

    dxp_json_member(w, DXP_JSON_NAME("rules"));
    dxp_json_begin_object(w);
    dxp_json_member(w, DXP_JSON_NAME("id"));
    if (ev->rules) str_value(w, dxp_decl_id(ev->rules));
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("title"));
    if (ev->rules) str_value(w, ev->rules_title);
    else dxp_json_null(w);
    dxp_json_member(w, DXP_JSON_NAME("rate_formula"));
    str_or_null(w, ev->rate_formula);
    dxp_json_end_object(w);

    dxp_json_member(w, DXP_JSON_NAME("filter"));
    dxp_json_begin_object(w);
    member_cstring(w, DXP_JSON_NAME("goal"), opt->goal);
    member_cstring(w, DXP_JSON_NAME("measure"), opt->measure);
    dxp_json_end_object(w);

    dxp_json_member(w, DXP_JSON_NAME("evaluations"));
    dxp_json_begin_array(w);
    for (size_t i = 0; i < ev->nyears; i++) year_eval_object(w, ev, opt, &ev->years[i]);
    dxp_json_end_array(w);
    dxp_json_end_object(w);
    bool ok = dxp_json_finish(w);
    free(w);
    return ok;
}
