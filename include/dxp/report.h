/* report.h — the progress report of an evaluation, in every format.
 *
 * text: aligned tables (display width, so Japanese columns line up), one
 *       section per goal with its roll-up and budget, and the legend of the
 *       rule set; md: GitHub-flavoured Markdown; csv: one row per KPI/part with
 *       stable English column names; json: the versioned schema of
 *       docs/report-schema.json; html: one self-contained page with charts
 *       (report_html.c). A multi-year evaluation (--year R3..R6) is
 *       shown as one row per KPI with its trajectory. */
#ifndef DXP_REPORT_H
#define DXP_REPORT_H

#include "dxp/eval.h"

#include <stdio.h>

typedef enum dxp_report_format {
    DXP_REPORT_TEXT, DXP_REPORT_MD, DXP_REPORT_CSV, DXP_REPORT_JSON, DXP_REPORT_HTML
} dxp_report_format;

/* Version of the JSON report schema; bumped on any incompatible change. */
#define DXP_REPORT_SCHEMA_VERSION 1

typedef struct dxp_report_options {
    dxp_report_format format;
    const char *goal;        /* only this goal (id), or NULL */
    const char *measure;     /* only this measure (id), or NULL */
    bool csv_bom;            /* start CSV with a BOM so that Excel reads UTF-8 */
    bool compact;            /* JSON on one line, without indentation */
} dxp_report_options;

/* Writes the report; returns false on a write error. */
bool dxp_report_write(const dxp_evaluation *ev, const dxp_report_options *opt, FILE *out);

/* ---- shared by the renderers (report.c, report_json.c) ---- */

/* A fiscal year in the style the plan writes its period in (R6, not FY2024). */
const char *dxp_report_year_text(const dxp_evaluation *ev, dxp_year y, char *buf, size_t size);

/* The top-level KPIs in report order — goal by goal, measure by measure,
 * then those without a goal — after the filters: the same every year. The
 * array (malloc'd) holds their indices in the program's series, 4 bytes
 * each: a national plan's is 100,000 long. */
uint32_t *dxp_report_order(const dxp_evaluation *ev, const dxp_report_options *opt, size_t *count);

/* The KPI at position i of the order. */
static inline dxp_series *dxp_report_kpi(const dxp_evaluation *ev, const uint32_t *order, size_t i)
{
    return ev->program->series[order[i]];
}

/* The goal a top-level KPI is reported under: its measure's, or NULL. */
static inline const dxp_goal *dxp_report_goal_of(const dxp_series *kpi)
{
    return kpi->measure ? kpi->measure->goal : NULL;
}

/* The KPIs of goal g (NULL: those without a goal) are the run of the report
 * order that starts at *at, since the order lists them goal by goal: returns
 * the run's length and moves *at past it. Call it for every goal in turn. */
size_t dxp_report_goal_run(const dxp_evaluation *ev, const uint32_t *order, size_t norder, size_t *at,
                           const dxp_goal *g);

/* The results of a year's KPIs in report order, a window of them at a time:
 * an evaluation that kept only its roll-ups (dxp_evaluate_rollups) has each
 * window evaluated when it is first asked for, so that a report of any size
 * takes the memory of one window; one that kept every result is read. */
typedef struct dxp_report_window {
    const dxp_evaluation *ev;
    const dxp_year_eval *ye;
    const uint32_t *order;
    size_t norder, size;         /* size: KPIs a window holds */
    size_t from, count;          /* the window: order[from .. from + count) */
    dxp_series **kpis;           /* its KPIs: size of them */
    dxp_kpi_result *results;     /* size of them */
    dxp_kpi_result *parts;       /* their parts */
    size_t parts_room;
    dxp_arena arena;             /* the strings their results built */
} dxp_report_window;

void dxp_report_window_init(dxp_report_window *w, const dxp_evaluation *ev, const dxp_year_eval *ye,
                            const uint32_t *order, size_t norder, size_t size);
/* The result of order[pos]; valid until a position outside its window is asked for. */
const dxp_kpi_result *dxp_report_result(dxp_report_window *w, size_t pos);
void dxp_report_window_free(dxp_report_window *w);
/* A written value as the report shows it: "2,400 千円", "74.7（R5の値）", "調整中". */
const char *dxp_report_value_text(const dxp_evaluation *ev, const dxp_value *v, int32_t file,
                                  char *buf, size_t size);
/* The time point of a baseline as written ("R3.3"), or "". */
const char *dxp_report_point_text(const dxp_evaluation *ev, const dxp_kpi_result *r, char *buf,
                                  size_t size);
/* A rate as a percentage ("502%"), or "—" when missing. */
const char *dxp_report_rate_text(const dxp_shown *rate, char *buf, size_t size);
/* A computed number in the KPI's unit ("12,000"). */
const char *dxp_report_number_text(double v, char *buf, size_t size);
bool dxp_report_write_json(const dxp_evaluation *ev, const dxp_report_options *opt, FILE *out);
bool dxp_report_write_html(const dxp_evaluation *ev, const dxp_report_options *opt, FILE *out);

#endif
