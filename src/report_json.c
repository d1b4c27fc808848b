/* report_json.c — the progress report as JSON (docs/report-schema.json).
 *
 * Numbers are JSON numbers, states are strings, and everything the text report
 * shows is here too: written values as written, revisions, notes, budgets. */
#include "dxp/report.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *str_json(dxp_str s)
{
    return json_stringn(s.ptr ? s.ptr : "", s.len);
}

static json_t *year_json(const dxp_evaluation *ev, dxp_year y)
{
    char buf[32];
    return json_string(dxp_report_year_text(ev, y, buf, sizeof buf));
}

/* A number, rounded to remove binary noise (6,028.000000000001 → 6028). */
static json_t *number_json(double v)
{
    double r = round(v * 1e9) / 1e9;
    if (fabs(r) < 9e15 && r == floor(r)) return json_integer((json_int_t)r);
    return json_real(r);
}

static json_t *val_json(const dxp_val *v)
{
    if (v->kind == DXP_VAL_NUMBER) return number_json(v->number);   /* rounded to 1e-9 */
    if (v->kind == DXP_VAL_STRING) return str_json(v->str);
    if (v->kind == DXP_VAL_BOOL) return json_boolean(v->truth);
    return json_null();
}

/* {"text": as written, "value": number or null, "state": …, "reason": …} */
static json_t *value_json(const dxp_evaluation *ev, const dxp_value *written, int32_t file, const dxp_val *v)
{
    char buf[512];
    json_t *o = json_object();
    json_object_set_new(o, "text", written ? json_string(dxp_report_value_text(ev, written, file, buf, sizeof buf))
                                           : json_null());
    json_object_set_new(o, "value", v ? val_json(v) : json_null());
    if (written && written->kind == DXP_VALUE_STATE)
        json_object_set_new(o, "state", json_string(dxp_state_keyword(written->state)));
    else if (v && v->kind == DXP_VAL_MISSING && v->has_state)
        json_object_set_new(o, "state", json_string(dxp_state_keyword(v->state)));
    else
        json_object_set_new(o, "state", json_null());
    if (v && v->kind == DXP_VAL_MISSING && v->why)
        json_object_set_new(o, "reason", json_string(v->why));
    if (written && written->has_from)
        json_object_set_new(o, "from_year", year_json(ev, written->from));
    if (written && written->has_remark)
        json_object_set_new(o, "remark", str_json(written->remark));
    return o;
}

static json_t *kpi_json(const dxp_evaluation *ev, const dxp_kpi_result *r)
{
    char buf[64];
    json_t *o = json_object();
    json_object_set_new(o, "id", str_json(r->series->id));
    json_object_set_new(o, "title", str_json(r->title));
    json_object_set_new(o, "unit", str_json(r->unit_text));
    json_object_set_new(o, "direction", json_string(dxp_direction_name(r->direction)));
    json_object_set_new(o, "reference", json_boolean(r->reference));
    json_object_set_new(o, "cumulative", json_boolean(r->cumulative));
    dxp_val base = { 0 };
    bool have_base = false;
    if (r->baseline && r->baseline->kind == DXP_VALUE_QUANTITY) {
        base.kind = DXP_VAL_NUMBER;
        base.number = r->baseline->number.value;
        have_base = true;
    }
    json_t *b = value_json(ev, r->baseline, r->baseline_file, have_base ? &base : NULL);
    json_object_set_new(b, "point", r->has_point ? json_string(dxp_report_point_text(ev, r, buf, sizeof buf))
                                                 : json_null());
    json_object_set_new(b, "revised", json_boolean(r->baseline_revised));
    json_object_set_new(o, "baseline", b);
    if (r->nparts == 0) {
        json_t *t = value_json(ev, r->target_value, r->target_file, &r->target);
        json_object_set_new(t, "revised", json_boolean(r->target_revised));
        json_object_set_new(o, "target", t);
        json_t *a = value_json(ev, r->actual_value, r->actual_file, &r->actual);
        json_object_set_new(a, "computed", json_boolean(r->actual_computed));
        json_object_set_new(o, "actual", a);
        json_object_set_new(o, "rate", r->rate.kind == DXP_VAL_NUMBER ? number_json(r->rate.number) : json_null());
        json_object_set_new(o, "rate_text", json_string(dxp_report_rate_text(&r->rate, buf, sizeof buf)));
    }
    json_object_set_new(o, "status", json_string(dxp_status_key(r->status)));
    json_object_set_new(o, "status_label", str_json(r->status_label));
    json_object_set_new(o, "status_reason", r->status_why ? json_string(r->status_why) : json_null());
    json_object_set_new(o, "grade", r->grade.kind == DXP_VAL_STRING ? str_json(r->grade.str) : json_null());
    json_object_set_new(o, "note", r->note.len ? str_json(r->note) : json_null());
    json_object_set_new(o, "revisions", r->revisions ? json_string(r->revisions) : json_null());
    if (r->nparts) {
        json_t *parts = json_array();
        for (size_t i = 0; i < r->nparts; i++) json_array_append_new(parts, kpi_json(ev, &r->parts[i]));
        json_object_set_new(o, "parts", parts);
    }
    return o;
}

static json_t *rollup_json(const dxp_evaluation *ev, const dxp_rollup *ru, dxp_year y)
{
    json_t *o = json_object(), *counts = json_object();
    for (int s = 0; s < DXP_STATUS_COUNT; s++)
        json_object_set_new(counts, dxp_status_key((dxp_status)s), json_integer((json_int_t)ru->counts[s]));
    json_object_set_new(o, "counts", counts);
    json_object_set_new(o, "evaluated", json_integer((json_int_t)ru->evaluated));
    json_object_set_new(o, "met", json_integer((json_int_t)ru->met));
    json_object_set_new(o, "share_met", val_json(&ru->share_met));
    json_object_set_new(o, "label", ru->label.kind == DXP_VAL_STRING ? str_json(ru->label.str) : json_null());
    if (ru->has_budget) {
        json_t *bud = json_object();
        json_object_set_new(bud, "year", year_json(ev, y));
        json_object_set_new(bud, "amount", number_json(ru->budget.number));
        json_object_set_new(bud, "unit", str_json(ru->budget_unit));
        if (ru->has_prev_budget) {
            dxp_val pv = ru->prev_budget;
            if (dxp_unit_same_dimension(&pv.unit, &ru->budget.unit))
                pv.number *= dxp_unit_ratio(&pv.unit, &ru->budget.unit);
            json_object_set_new(bud, "previous_year_amount", number_json(pv.number));
        }
        json_object_set_new(o, "budget", bud);
    } else {
        json_object_set_new(o, "budget", json_null());
    }
    return o;
}

static json_t *year_eval_json(const dxp_evaluation *ev, const dxp_report_options *opt, const dxp_year_eval *ye)
{
    dxp_program *p = ev->program;
    json_t *o = json_object();
    json_object_set_new(o, "year", year_json(ev, ye->year));
    json_object_set_new(o, "fiscal_year", json_integer(ye->year.fy));
    json_object_set_new(o, "summary", rollup_json(ev, &ye->plan, ye->year));
    size_t norder;
    const dxp_kpi_result **order = dxp_report_order(ev, ye, opt, &norder);
    json_t *goals = json_array();
    for (size_t gi = 0; gi <= p->ngoals; gi++) {
        const dxp_goal *g = gi < p->ngoals ? p->goals[gi] : NULL;
        if (opt->goal && (!g || !dxp_str_eq(g->decl->id, opt->goal))) continue;
        json_t *go = json_object();
        json_object_set_new(go, "id", g ? str_json(g->decl->id) : json_null());
        json_object_set_new(go, "title", g ? str_json(g->decl->title) : json_null());
        json_object_set_new(go, "label", g && g->label.len ? str_json(g->label) : json_null());
        if (g) json_object_set_new(go, "summary", rollup_json(ev, &ye->goals[gi], ye->year));
        json_t *measures = json_array();
        json_t *mo = NULL;
        const dxp_measure *current = NULL;
        for (size_t i = 0; i < norder; i++) {
            const dxp_kpi_result *r = order[i];
            if (r->goal != g) continue;
            if (!mo || r->measure != current) {
                current = r->measure;
                mo = json_object();
                if (r->measure) {
                    dxp_str label;
                    dxp_string_list *owners;
                    dxp_measure_in(r->measure, ye->year, &label, &owners);
                    json_object_set_new(mo, "id", str_json(r->measure->decl->id));
                    json_object_set_new(mo, "title", str_json(label));
                    json_t *ow = json_array();
                    for (dxp_string_list *s = owners; s; s = s->next) json_array_append_new(ow, str_json(s->str));
                    json_object_set_new(mo, "owners", ow);
                    json_object_set_new(mo, "summary", rollup_json(ev, &ye->measures[r->measure->index], ye->year));
                } else {
                    json_object_set_new(mo, "id", json_null());
                    json_object_set_new(mo, "title", json_null());
                    json_object_set_new(mo, "owners", json_array());
                    json_object_set_new(mo, "summary", json_null());
                }
                json_object_set_new(mo, "kpis", json_array());
                json_array_append_new(measures, mo);
            }
            json_array_append_new(json_object_get(mo, "kpis"), kpi_json(ev, r));
        }
        json_object_set_new(go, "measures", measures);
        if (!g && json_array_size(measures) == 0) { json_decref(go); continue; }
        json_array_append_new(goals, go);
    }
    free(order);
    json_object_set_new(o, "goals", goals);
    return o;
}

bool dxp_report_write_json(const dxp_evaluation *ev, const dxp_report_options *opt, FILE *out)
{
    const dxp_plan_info *pl = &ev->program->plan;
    json_t *root = json_object();
    json_object_set_new(root, "schema_version", json_integer(DXP_REPORT_SCHEMA_VERSION));
    json_object_set_new(root, "generator", json_string("dxp"));
    json_t *plan = json_object();
    json_object_set_new(plan, "id", pl->decl ? str_json(pl->decl->id) : json_null());
    json_object_set_new(plan, "title", pl->decl && pl->decl->has_title ? str_json(pl->decl->title) : json_null());
    json_object_set_new(plan, "first_year", pl->has_period ? year_json(ev, pl->first) : json_null());
    json_object_set_new(plan, "last_year", pl->has_period ? year_json(ev, pl->last) : json_null());
    json_object_set_new(plan, "stage", json_string(pl->final ? "final" : "draft"));
    json_object_set_new(root, "plan", plan);
    json_t *rules = json_object();
    json_object_set_new(rules, "id", ev->rules ? str_json(ev->rules->id) : json_null());
    json_object_set_new(rules, "title", ev->rules ? str_json(ev->rules_title) : json_null());
    json_object_set_new(rules, "rate_formula", ev->rate_formula.len ? str_json(ev->rate_formula) : json_null());
    json_object_set_new(root, "rules", rules);
    json_t *filter = json_object();
    json_object_set_new(filter, "goal", opt->goal ? json_string(opt->goal) : json_null());
    json_object_set_new(filter, "measure", opt->measure ? json_string(opt->measure) : json_null());
    json_object_set_new(root, "filter", filter);
    json_t *years = json_array();
    for (size_t i = 0; i < ev->nyears; i++) json_array_append_new(years, year_eval_json(ev, opt, &ev->years[i]));
    json_object_set_new(root, "evaluations", years);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    fputc('\n', out);
    json_decref(root);
    return rc == 0;
}
