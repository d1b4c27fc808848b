/* report_html.c — the progress report as one self-contained HTML file.
 *
 * No network, no scripts, no external fonts: it works from a USB stick and as
 * an e-mail attachment, under the Content-Security-Policy it declares itself
 * (default-src 'none'; style-src 'unsafe-inline'; img-src data:). Every piece
 * of text from the plan is escaped. Status is shown with colour *and* text;
 * each KPI has an inline SVG chart of baseline → targets → actuals over the
 * plan period whose <title> states the numbers; pending and unmeasured years
 * are drawn as such, never as zero. */
#include "dxp/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- escaping ------------------------------------------------------------------ */

static void esc_n(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&':  fputs("&amp;", out); break;
        case '<':  fputs("&lt;", out); break;
        case '>':  fputs("&gt;", out); break;
        case '"':  fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default:   fputc(s[i], out);
        }
    }
}

static void esc(FILE *out, const char *s)
{
    esc_n(out, s, strlen(s));
}

static void esc_str(FILE *out, dxp_str s)
{
    esc_n(out, s.ptr ? s.ptr : "", s.len);
}

/* ---- styles ---------------------------------------------------------------------- */

static const char STYLE[] =
    ":root{--met:#1a7f37;--unmet:#c62828;--partial:#b26a00;--unmeasured:#5f6368;--pending:#3a5a8c;"
    "--none:#8a8f98;--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa}"
    "*{box-sizing:border-box}"
    "body{margin:0;color:var(--ink);background:var(--bg);line-height:1.6;"
    "font-family:'Hiragino Sans','Hiragino Kaku Gothic ProN','Noto Sans JP','Noto Sans CJK JP','Yu Gothic',"
    "'YuGothic',Meiryo,system-ui,sans-serif;font-size:15px}"
    "header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}"
    "header{padding-top:24px;border-bottom:3px solid var(--ink)}"
    "h1{font-size:1.6em;margin:0 0 .3em}h2{font-size:1.3em;margin:1.6em 0 .4em;border-left:6px solid var(--ink);"
    "padding-left:.4em}h3{font-size:1.05em;margin:1.2em 0 .3em;color:var(--muted)}h4{font-size:1em;margin:0 0 .3em}"
    ".meta{color:var(--muted);margin:.2em 0}"
    "table{border-collapse:collapse;width:100%;margin:.5em 0 1em}"
    "th,td{border-bottom:1px solid var(--line);padding:.35em .5em;text-align:left;vertical-align:top}"
    "th{background:var(--soft);font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
    ".badge{display:inline-block;padding:.05em .55em;border-radius:1em;color:#fff;font-weight:600;white-space:nowrap}"
    ".s-met{background:var(--met)}.s-unmet{background:var(--unmet)}.s-partial{background:var(--partial)}"
    ".s-unmeasured{background:var(--unmeasured)}.s-pending{background:var(--pending)}"
    ".s-no_target{background:var(--none)}.s-error{background:#6e40c9}"
    ".kpi{border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:10px 0;"
    "display:grid;grid-template-columns:minmax(0,1fr) 260px;gap:12px;break-inside:avoid}"
    ".kpi dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1em .8em;margin:0}"
    ".kpi dt{color:var(--muted)}.kpi dd{margin:0}"
    ".note{grid-column:1/-1;margin:.2em 0 0;padding:.5em .7em;background:var(--soft);border-radius:6px}"
    ".parts{grid-column:1/-1}.revised{color:var(--partial);font-size:.85em}.ref{color:var(--muted);font-size:.85em}"
    ".bar{display:flex;height:14px;border-radius:7px;overflow:hidden;background:var(--soft);min-width:120px}"
    ".bar span{display:block;height:100%}"
    "svg.chart{width:100%;height:auto;max-width:260px}"
    ".legend{color:var(--muted);font-size:.9em}"
    "footer{color:var(--muted);font-size:.85em;margin-top:2em;padding-bottom:2em;border-top:1px solid var(--line)}"
    "@media (max-width:700px){.kpi{grid-template-columns:1fr}table.wide{display:block;overflow-x:auto}"
    "body{font-size:14px}}"
    "@media print{@page{size:A4;margin:14mm}body{font-size:10.5pt}header,main,footer{max-width:none;padding:0}"
    ".kpi,tr,h2,h3{break-inside:avoid}h2{break-after:avoid}.badge{-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}a{color:inherit}}";

static const char *const STATUS_COLORS[DXP_STATUS_COUNT] = {
    "#1a7f37", "#c62828", "#b26a00", "#5f6368", "#3a5a8c", "#8a8f98", "#6e40c9"
};

/* ---- pieces ------------------------------------------------------------------------ */

static void badge(FILE *out, const dxp_kpi_result *r)
{
    fprintf(out, "<span class=\"badge s-%s\">", dxp_status_key(r->status));
    esc_str(out, r->status_label);
    fputs("</span>", out);
    if (r->grade.kind == DXP_VAL_STRING) {
        fputs(" <span class=\"badge s-no_target\">", out);
        esc_str(out, r->grade.str);
        fputs("</span>", out);
    }
}

/* A stacked bar of the counts per status, with the counts as text beside it. */
static void status_bar(FILE *out, const dxp_evaluation *ev, const dxp_rollup *ru)
{
    size_t total = 0;
    for (int s = 0; s < DXP_STATUS_COUNT; s++) total += ru->counts[s];
    fputs("<div class=\"bar\" role=\"img\" aria-label=\"", out);
    for (int s = 0, first = 1; s < DXP_STATUS_COUNT; s++) {
        if (!ru->counts[s]) continue;
        fprintf(out, "%s", first ? "" : "、");
        esc_str(out, ev->labels[s]);
        fprintf(out, " %u", (unsigned)ru->counts[s]);
        first = 0;
    }
    fputs("\">", out);
    for (int s = 0; s < DXP_STATUS_COUNT && total; s++)
        if (ru->counts[s])
            fprintf(out, "<span style=\"width:%.2f%%;background:%s\"></span>",
                    100.0 * (double)ru->counts[s] / (double)total, STATUS_COLORS[s]);
    fputs("</div>", out);
}

static void counts_text(FILE *out, const dxp_evaluation *ev, const dxp_rollup *ru)
{
    int first = 1;
    for (int s = 0; s < DXP_STATUS_COUNT; s++) {
        if (!ru->counts[s]) continue;
        fprintf(out, "%s", first ? "" : " · ");
        esc_str(out, ev->labels[s]);
        fprintf(out, " %u", (unsigned)ru->counts[s]);
        first = 0;
    }
    if (first) fputs("—", out);
}

static void share_text(FILE *out, const dxp_rollup *ru)
{
    char buf[32];
    dxp_val share_met = dxp_rollup_share(ru);
    dxp_shown share = dxp_shown_of(&share_met);
    if (share.kind == DXP_VAL_NUMBER) share.number = floor(share.number * 100 + 1e-9) / 100;
    fputs(dxp_report_rate_text(&share, buf, sizeof buf), out);
}

static void budget_cell(FILE *out, const dxp_rollup *ru)
{
    char a[64];
    if (!ru->budget || !ru->budget->has_amount) { fputs("—", out); return; }
    fputs(dxp_format_number(ru->budget->amount.number, a, sizeof a), out);
    fputc(' ', out);
    esc_str(out, ru->budget->unit);
}

/* ---- the chart ------------------------------------------------------------------- */

typedef struct chart_point {
    bool has_target, has_actual;
    double target, actual;
    const char *target_state, *actual_state;   /* 調整中, 未計測 … instead of a number */
} chart_point;

enum { CHART_W = 260, CHART_H = 110, PAD_L = 8, PAD_R = 8, PAD_T = 14, PAD_B = 22, MAX_YEARS = 16 };

/* Finds the same KPI (or part) in another year's evaluation. */
static const dxp_kpi_result *same_in(const dxp_year_eval *ye, const dxp_kpi_result *r)
{
    const dxp_series *parent = dxp_series_parent(r->series), *top = parent ? parent : r->series;
    const dxp_kpi_result *t = ye->by_series[top->index];
    if (!t || !parent) return t;
    for (size_t i = 0; i < t->nparts; i++)
        if (t->parts[i].series == r->series) return &t->parts[i];
    return NULL;
}

static void chart(FILE *out, const dxp_evaluation *ev, const dxp_evaluation *all, const dxp_kpi_result *r,
                  dxp_year evaluated)
{
    if (!all || all->nyears == 0 || all->nyears > MAX_YEARS || r->nparts) return;
    chart_point pts[MAX_YEARS];
    memset(pts, 0, sizeof pts);
    double lo = INFINITY, hi = -INFINITY, base = 0;
    bool has_base = false;
    if (r->baseline && !r->baseline->parenthesized &&
        dxp_value_number(ev->program, r->baseline, r->baseline_file,
                         r->series->unit, &base)) {
        has_base = true;
        lo = hi = base;
    }
    for (size_t i = 0; i < all->nyears; i++) {
        const dxp_kpi_result *y = same_in(&all->years[i], r);
        if (!y) continue;
        chart_point *p = &pts[i];
        if (y->target.kind == DXP_VAL_NUMBER && y->target_value && y->target_value->kind != DXP_VALUE_STATE) {
            p->has_target = true;
            p->target = y->target.number;
        } else if (y->target_value && y->target_value->kind == DXP_VALUE_STATE &&
                   y->target_value->state != DXP_STATE_NONE) {
            p->target_state = dxp_state_japanese(y->target_value->state);
        }
        if (y->actual.kind == DXP_VAL_NUMBER) {
            p->has_actual = true;
            p->actual = y->actual.number;
        } else if (y->actual_value && y->actual_value->kind == DXP_VALUE_STATE) {
            p->actual_state = dxp_state_japanese(y->actual_value->state);
        }
        if (p->has_target) { lo = fmin(lo, p->target); hi = fmax(hi, p->target); }
        if (p->has_actual) { lo = fmin(lo, p->actual); hi = fmax(hi, p->actual); }
    }
    size_t n = all->nyears;
    double x0 = PAD_L + 40, x1 = CHART_W - PAD_R - 14, y0 = CHART_H - PAD_B, y1 = PAD_T;
    if (!isfinite(lo)) { lo = 0; hi = 1; }
    if (hi - lo < 1e-12) { hi += 1; lo -= 1; }
    double pad = (hi - lo) * 0.12;
    lo -= pad, hi += pad;
#define X(i) (n > 1 ? x0 + (x1 - x0) * (double)(i) / (double)(n - 1) : (x0 + x1) / 2)
#define Y(v) (y0 - (y0 - y1) * ((v) - lo) / (hi - lo))
    /* What the chart says, as text for screen readers and as a tooltip. */
    char yb[32], nb[64];
    char *desc = NULL;
    size_t desc_len = 0;
    FILE *d = open_memstream(&desc, &desc_len);
    esc_str(d, r->title);
    fputs("：", d);
    if (r->baseline) {
        char v[256], pt[64];
        fprintf(d, "基準値 %s", dxp_report_value_text(ev, r->baseline, r->baseline_file, v, sizeof v));
        dxp_report_point_text(ev, r, pt, sizeof pt);
        if (pt[0]) fprintf(d, "（%s）", pt);
        fputs("。", d);
    }
    for (size_t i = 0; i < n; i++) {
        const chart_point *p = &pts[i];
        dxp_report_year_text(ev, all->years[i].year, yb, sizeof yb);
        if (!p->has_target && !p->target_state && !p->has_actual && !p->actual_state) continue;
        fprintf(d, "%s 目標 ", yb);
        if (p->has_target) fputs(dxp_format_number(p->target, nb, sizeof nb), d);
        else fputs(p->target_state ? p->target_state : "なし", d);
        fputs("・実績 ", d);
        if (p->has_actual) fputs(dxp_format_number(round(p->actual * 1e6) / 1e6, nb, sizeof nb), d);
        else fputs(p->actual_state ? p->actual_state : "未報告", d);
        fputs("。", d);
    }
    fclose(d);
    fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">"
                 "<title>%s</title>", CHART_W, CHART_H, desc, desc);
    free(desc);
    /* axis, the evaluated year, year labels */
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d0d7de\"/>", x0, y0, x1, y0);
    for (size_t i = 0; i < n; i++) {
        if (all->years[i].year.fy == evaluated.fy)
            fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"18\" height=\"%.1f\" fill=\"#fff3bf\"/>", X(i) - 9,
                    PAD_T - 6, y0 - PAD_T + 6);
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"#57606a\">%s</text>",
                X(i), CHART_H - 6, dxp_report_year_text(ev, all->years[i].year, yb, sizeof yb));
    }
    /* the value scale: its top and bottom, in the KPI's unit */
    fprintf(out, "<text x=\"%d\" y=\"%.1f\" font-size=\"8\" fill=\"#8a8f98\">%s</text>", PAD_L, y1 + 3,
            dxp_format_number(round((hi - pad) * 100) / 100, nb, sizeof nb));
    fprintf(out, "<text x=\"%d\" y=\"%.1f\" font-size=\"8\" fill=\"#8a8f98\">%s</text>", PAD_L, y0,
            dxp_format_number(round((lo + pad) * 100) / 100, nb, sizeof nb));
    if (has_base) {
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8a8f98\" stroke-dasharray=\"2 3\"/>",
                x0, Y(base), x1, Y(base));
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"8\" text-anchor=\"end\" fill=\"#57606a\">基準</text>",
                x0 - 3, Y(base) + 3);
    }
    /* targets: a dashed line through the years that have one */
    fputs("<polyline fill=\"none\" stroke=\"#3a5a8c\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\" points=\"", out);
    for (size_t i = 0; i < n; i++)
        if (pts[i].has_target) fprintf(out, "%.1f,%.1f ", X(i), Y(pts[i].target));
    fputs("\"/>", out);
    fputs("<polyline fill=\"none\" stroke=\"#1f2328\" stroke-width=\"2\" points=\"", out);
    for (size_t i = 0; i < n; i++)
        if (pts[i].has_actual) fprintf(out, "%.1f,%.1f ", X(i), Y(pts[i].actual));
    fputs("\"/>", out);
    for (size_t i = 0; i < n; i++) {
        const chart_point *p = &pts[i];
        if (p->has_target)
            fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"#fff\" stroke=\"#3a5a8c\" stroke-width=\"1.5\"/>",
                    X(i), Y(p->target));
        /* words near the right edge end there, so that they are not cut off */
        const char *anchor = i + 1 == n && n > 1 ? "end" : "middle";
        double tx = i + 1 == n && n > 1 ? X(i) + 12 : X(i);
        if (!p->has_target && p->target_state)
            fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"%s\" fill=\"#3a5a8c\">%s</text>",
                    tx, PAD_T - 2, anchor, p->target_state);
        if (p->has_actual)
            fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"#1f2328\"/>", X(i), Y(p->actual));
        else if (p->actual_state)
            fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"%s\" fill=\"#5f6368\">×%s</text>",
                    tx, y0 - 4, anchor, p->actual_state);
    }
    fputs("</svg>", out);
#undef X
#undef Y
}

/* ---- one KPI --------------------------------------------------------------------------- */

static void value_dd(FILE *out, const dxp_evaluation *ev, const dxp_value *v, int32_t file, bool revised,
                     const dxp_val *computed)
{
    char buf[512], num[64];
    fputs("<dd>", out);
    if (v) esc(out, dxp_report_value_text(ev, v, file, buf, sizeof buf));
    else if (computed && computed->kind == DXP_VAL_NUMBER) {
        esc(out, dxp_report_number_text(computed->number, num, sizeof num));
        fputs("（計算値）", out);
    } else if (computed && computed->kind == DXP_VAL_MISSING && computed->why) {
        fputs("—（", out);
        esc(out, computed->why);
        fputs("）", out);
    } else fputs("—", out);
    if (revised) fputs(" <span class=\"revised\">見直し後</span>", out);
    fputs("</dd>", out);
}

static void kpi_details(FILE *out, const dxp_evaluation *ev, const dxp_kpi_result *r, dxp_year y)
{
    char buf[64], yb[32];
    dxp_report_year_text(ev, y, yb, sizeof yb);
    fputs("<dl>", out);
    fputs("<dt>単位</dt><dd>", out);
    if (r->unit_text.len) esc_str(out, r->unit_text); else fputs("—", out);
    fprintf(out, "（%s）</dd>", r->direction == DXP_DIR_DOWN ? "少ないほど良い" : r->direction == DXP_DIR_KEEP
                                                                   ? "範囲内に保つ" : "多いほど良い");
    fputs("<dt>基準値（時点）</dt>", out);
    if (r->baseline) {
        char v[256], pt[64];
        fputs("<dd>", out);
        esc(out, dxp_report_value_text(ev, r->baseline, r->baseline_file, v, sizeof v));
        dxp_report_point_text(ev, r, pt, sizeof pt);
        if (pt[0]) { fputs("（", out); esc(out, pt); fputs("）", out); }
        if (r->baseline_revised) fputs(" <span class=\"revised\">見直し後</span>", out);
        fputs("</dd>", out);
    } else {
        fputs("<dd>—</dd>", out);
    }
    fprintf(out, "<dt>%s 目標値</dt>", yb);
    value_dd(out, ev, r->target_value, r->target_file, r->target_revised, NULL);
    fprintf(out, "<dt>%s 実績値</dt>", yb);
    value_dd(out, ev, r->actual_value, r->actual_file, false, r->actual_computed ? &r->actual : NULL);
    fprintf(out, "<dt>達成率</dt><dd>%s</dd>", dxp_report_rate_text(&r->rate, buf, sizeof buf));
    fputs("<dt>状況</dt><dd>", out);
    badge(out, r);
    if (r->reference) fputs(" <span class=\"ref\">※参考値（集計に含めない）</span>", out);
    fputs("</dd></dl>", out);
}

static void kpi_article(FILE *out, const dxp_evaluation *ev, const dxp_evaluation *all, const dxp_kpi_result *r,
                        dxp_year y)
{
    fprintf(out, "<article class=\"kpi\" id=\"kpi-");
    esc_str(out, dxp_series_id(r->series));
    fputs("\" data-status=\"", out);
    fputs(dxp_status_key(r->status), out);
    fputs("\"><div><h4>", out);
    esc_str(out, r->title);
    fputs("</h4>", out);
    if (r->nparts == 0) kpi_details(out, ev, r, y);
    else {
        fputs("<p>状況: ", out);
        badge(out, r);
        if (r->reference) fputs(" <span class=\"ref\">※参考値（集計に含めない）</span>", out);
        fputs("</p>", out);
    }
    fputs("</div><div>", out);
    chart(out, ev, all, r, y);
    fputs("</div>", out);
    if (r->nparts) {
        fputs("<div class=\"parts\">", out);
        for (size_t i = 0; i < r->nparts; i++) {
            const dxp_kpi_result *p = &r->parts[i];
            fputs("<article class=\"kpi\"><div><h5>", out);
            esc_str(out, p->title);
            fputs("</h5>", out);
            kpi_details(out, ev, p, y);
            fputs("</div><div>", out);
            chart(out, ev, all, p, y);
            fputs("</div></article>", out);
        }
        fputs("</div>", out);
    }
    if (r->note.len) {
        fputs("<p class=\"note\"><strong>要因分析等</strong>　", out);
        esc_str(out, r->note);
        fputs("</p>", out);
    }
    fputs("</article>\n", out);
}

/* ---- the page ------------------------------------------------------------------------------ */

static void page_head(FILE *out, const dxp_evaluation *ev, const char *subtitle)
{
    const dxp_plan_info *pl = &ev->program->plan;
    dxp_str title = pl->decl ? (pl->decl->has_title ? dxp_decl_title(pl->decl) : dxp_decl_id(pl->decl)) : dxp_str_from("計画");
    fputs("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"dxp\">\n<title>", out);
    esc_str(out, title);
    fprintf(out, " — %s</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", subtitle, STYLE);
    esc_str(out, title);
    fprintf(out, " <small>%s</small></h1>\n", subtitle);
    char a[32], b[32];
    if (pl->has_period)
        fprintf(out, "<p class=\"meta\">計画期間 %s〜%s · %s</p>\n", dxp_year_format(pl->first, a, sizeof a),
                dxp_year_format(pl->last, b, sizeof b), pl->final ? "確定" : "案");
    if (ev->rules) {
        fputs("<p class=\"meta\">評価規則 ", out);
        esc_str(out, dxp_decl_id(ev->rules));
        fputs("「", out);
        esc_str(out, ev->rules_title);
        fputs("」", out);
        if (ev->rate_formula.len) { fputs("<br>", out); esc_str(out, ev->rate_formula); }
        fputs("</p>\n", out);
    }
    fputs("</header>\n<main>\n", out);
}

static void summary_table(FILE *out, const dxp_evaluation *ev, const dxp_report_options *opt, const dxp_year_eval *ye)
{
    dxp_program *p = ev->program;
    char yb[32];
    fputs("<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">目標ごとの概要</h2>\n", out);
    fputs("<table class=\"wide\"><thead><tr><th scope=\"col\">目標</th><th scope=\"col\">状況の内訳</th>"
          "<th scope=\"col\" class=\"num\">達成割合</th>", out);
    fprintf(out, "<th scope=\"col\" class=\"num\">決算額（%s）</th></tr></thead><tbody>\n",
            dxp_report_year_text(ev, ye->year, yb, sizeof yb));
    for (size_t gi = 0; gi < p->ngoals; gi++) {
        const dxp_goal *g = p->goals[gi];
        if (opt->goal && !dxp_str_eq(dxp_decl_id(g->decl), opt->goal)) continue;
        const dxp_rollup *ru = &ye->goals[gi];
        fputs("<tr><th scope=\"row\"><a href=\"#goal-", out);
        esc_str(out, dxp_decl_id(g->decl));
        fputs("\">", out);
        if (g->label.len) { esc_str(out, g->label); fputs(" — ", out); }
        esc_str(out, g->decl->has_title ? dxp_decl_title(g->decl) : dxp_decl_id(g->decl));
        fputs("</a></th><td>", out);
        status_bar(out, ev, ru);
        counts_text(out, ev, ru);
        fputs("</td><td class=\"num\">", out);
        share_text(out, ru);
        fputs("</td><td class=\"num\">", out);
        budget_cell(out, ru);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody><tfoot><tr><th scope=\"row\">計画全体（※参考値を除く）</th><td>", out);
    status_bar(out, ev, &ye->plan);
    counts_text(out, ev, &ye->plan);
    fputs("</td><td class=\"num\">", out);
    share_text(out, &ye->plan);
    fputs("</td><td class=\"num\">", out);
    budget_cell(out, &ye->plan);
    fputs("</td></tr></tfoot></table>\n</section>\n", out);
}

static void one_year(FILE *out, const dxp_evaluation *ev, const dxp_evaluation *all, const dxp_report_options *opt,
                     const dxp_year_eval *ye)
{
    dxp_program *p = ev->program;
    summary_table(out, ev, opt, ye);
    size_t norder;
    uint32_t *order = dxp_report_order(ev, opt, &norder);
    dxp_report_window win;   /* reads the results the evaluation kept (see dxp_report_write_html) */
    dxp_report_window_init(&win, ev, ye, order, norder, 1);
    size_t at = 0;
    for (size_t gi = 0; gi <= p->ngoals; gi++) {
        const dxp_goal *g = gi < p->ngoals ? p->goals[gi] : NULL;
        size_t first_kpi = at, shown = dxp_report_goal_run(ev, order, norder, &at, g);
        if (!shown) continue;
        fputs("<section class=\"goal\" id=\"goal-", out);
        if (g) esc_str(out, dxp_decl_id(g->decl)); else fputs("none", out);
        fputs("\">\n<h2>", out);
        if (g) {
            if (g->label.len) { esc_str(out, g->label); fputs(" — ", out); }
            esc_str(out, g->decl->has_title ? dxp_decl_title(g->decl) : dxp_decl_id(g->decl));
        } else {
            fputs("目標に属さない指標", out);
        }
        fputs("</h2>\n", out);
        if (g) {
            const dxp_rollup *ru = &ye->goals[gi];
            fputs("<p class=\"meta\">", out);
            counts_text(out, ev, ru);
            fputs(" — 達成割合 ", out);
            share_text(out, ru);
            if (ru->budget && ru->budget->has_amount) { fputs(" — 決算額 ", out); budget_cell(out, ru); }
            fputs("</p>\n", out);
        }
        const dxp_measure *current = NULL;
        bool first = true;
        for (size_t i = 0; i < shown; i++) {
            const dxp_kpi_result *r = dxp_report_result(&win, first_kpi + i);
            if (first || r->measure != current) {
                current = r->measure;
                first = false;
                fputs("<h3>", out);
                if (r->measure) {
                    dxp_str label;
                    dxp_string_list *owners;
                    dxp_measure_in(r->measure, ye->year, &label, &owners);
                    esc_str(out, dxp_decl_id(r->measure->decl));
                    fputs(" ", out);
                    esc_str(out, label);
                    if (owners) {
                        fputs("（", out);
                        for (dxp_string_list *o = owners; o; o = o->next) {
                            esc_str(out, o->str);
                            if (o->next) fputc(' ', out);
                        }
                        fputs("）", out);
                    }
                } else {
                    fputs("施策なし", out);
                }
                fputs("</h3>\n", out);
            }
            kpi_article(out, ev, all, r, ye->year);
        }
        fputs("</section>\n", out);
    }
    dxp_report_window_free(&win);
    free(order);
}

/* Several years: one row per KPI with its trajectory, and the chart. */
static void trajectory(FILE *out, const dxp_evaluation *ev, const dxp_evaluation *all, const dxp_report_options *opt)
{
    char yb[32], v[256], av[256];
    const dxp_year_eval *last = &ev->years[ev->nyears - 1];
    fputs("<section aria-labelledby=\"trajectory\">\n<h2 id=\"trajectory\">指標の推移</h2>\n"
          "<table class=\"wide\"><thead><tr><th scope=\"col\">指標</th><th scope=\"col\">基準値（時点）</th>", out);
    for (size_t i = 0; i < ev->nyears; i++)
        fprintf(out, "<th scope=\"col\">%s 目標 → 実績</th>", dxp_report_year_text(ev, ev->years[i].year, yb, sizeof yb));
    fputs("<th scope=\"col\">推移</th></tr></thead><tbody>\n", out);
    size_t norder;
    uint32_t *order = dxp_report_order(ev, opt, &norder);
    for (size_t oi = 0; oi < norder; oi++) {
        const dxp_kpi_result *r = last->by_series[order[oi]];
        size_t nrows = r->nparts ? r->nparts : 1;
        for (size_t k = 0; k < nrows; k++) {
            const dxp_kpi_result *shape = r->nparts ? &r->parts[k] : r;
            fputs("<tr><th scope=\"row\">", out);
            if (r->nparts) { esc_str(out, r->title); fputs("：", out); }
            esc_str(out, shape->title);
            fputs("</th><td>", out);
            if (shape->baseline) {
                esc(out, dxp_report_value_text(ev, shape->baseline, shape->baseline_file, v, sizeof v));
                dxp_report_point_text(ev, shape, v, sizeof v);
                if (v[0]) { fputs("（", out); esc(out, v); fputs("）", out); }
            } else {
                fputs("—", out);
            }
            fputs("</td>", out);
            for (size_t yi = 0; yi < ev->nyears; yi++) {
                const dxp_kpi_result *y = same_in(&ev->years[yi], shape);
                fputs("<td>", out);
                if (y) {
                    dxp_report_value_text(ev, y->target_value, y->target_file, v, sizeof v);
                    if (y->actual_value) dxp_report_value_text(ev, y->actual_value, y->actual_file, av, sizeof av);
                    else if (y->actual.kind == DXP_VAL_NUMBER) dxp_report_number_text(y->actual.number, av, sizeof av);
                    else snprintf(av, sizeof av, "—");
                    esc(out, v[0] ? v : "—");
                    fputs(" → ", out);
                    esc(out, av);
                    fputs("<br>", out);
                    badge(out, y);
                }
                fputs("</td>", out);
            }
            fputs("<td>", out);
            chart(out, ev, all, shape, last->year);
            fputs("</td></tr>\n", out);
        }
    }
    free(order);
    fputs("</tbody></table>\n</section>\n", out);
}

bool dxp_report_write_html(const dxp_evaluation *ev, const dxp_report_options *opt, FILE *out)
{
    const dxp_plan_info *pl = &ev->program->plan;
    char a[32], b[32], subtitle[96];
    if (ev->nyears == 1)
        snprintf(subtitle, sizeof subtitle, "%s 進捗報告", dxp_report_year_text(ev, ev->years[0].year, a, sizeof a));
    else
        snprintf(subtitle, sizeof subtitle, "%s〜%s 推移", dxp_report_year_text(ev, ev->years[0].year, a, sizeof a),
                 dxp_report_year_text(ev, ev->years[ev->nyears - 1].year, b, sizeof b));
    /* The page shows every KPI's result at once (the trajectory looks its
     * KPIs up in every year): an evaluation that kept only its roll-ups is
     * done again with the results. A page is read by people, of plans a
     * person can read; a national plan's report is JSON or CSV. */
    dxp_evaluation *kept = NULL;
    if (ev->nyears && !ev->years[0].by_series)
        ev = kept = dxp_evaluate(ev->program, ev->years[0].year, ev->years[ev->nyears - 1].year);
    /* The charts span the plan period, whatever years the report is for. */
    dxp_evaluation *all = NULL;
    if (pl->has_period && pl->last.fy - pl->first.fy < 16)
        all = dxp_evaluate(ev->program, pl->first, pl->last);
    page_head(out, ev, subtitle);
    if (ev->nyears == 1) one_year(out, ev, all, opt, &ev->years[0]);
    else trajectory(out, ev, all, opt);
    fputs("</main>\n<footer>\n<p class=\"legend\">状況は色と文字で示します。目標値と実績値がそろった指標を評価規則で判定し、"
          "目標値のない年度は対象外、目標値が調整中なら調整中、実績値がなければ未計測としています。"
          "グラフの破線は目標値、実線は実績値、横の点線は基準値、黄色の帯は評価年度です。</p>\n"
          "<p>dxp で作成</p>\n</footer>\n</body>\n</html>\n", out);
    dxp_evaluation_free(all);
    dxp_evaluation_free(kept);
    return !ferror(out);
}
