/* codes.c — the catalogue of diagnostic codes (see codes.h). */
#include "dxp/codes.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

extern const char dxp_diagnostics_md[];
extern const size_t dxp_diagnostics_md_len;

#define E DXP_SEV_ERROR
#define W DXP_SEV_WARNING
#define N DXP_SEV_NOTE

const dxp_code_info dxp_codes[] = {
    { "DXP001", "cannot-read", E, "A file named on the command line cannot be read." },
    { "DXP002", "invalid-utf8", E, "The file is not valid UTF-8." },
    { "DXP003", "empty-file", W, "The file declares nothing." },
    { "DXP101", "unexpected-character", E, "A character that cannot start a token." },
    { "DXP102", "unterminated-string", E, "A string is not closed on its line." },
    { "DXP103", "unknown-escape", E, "An unknown escape in a string." },
    { "DXP104", "bad-grouping", E, "Grouping commas do not separate groups of three digits." },
    { "DXP105", "number-out-of-range", E, "A number is too large or has more than 15 significant digits." },
    { "DXP106", "year-followed-by-text", E, "A fiscal-year literal is followed by Japanese text." },
    { "DXP107", "bad-era-year", E, "An era year the era never had (H32, R0)." },
    { "DXP108", "bad-month", E, "A time point without a month from 1 to 12." },
    { "DXP109", "bad-name-character", E, "A character that cannot be part of a name." },
    { "DXP110", "token-too-long", E, "A name or string longer than 4,096 bytes." },
    { "DXP201", "syntax-error", E, "The parser met a token it did not expect." },
    { "DXP203", "nesting-too-deep", E, "Blocks or expressions nested too deeply." },
    { "DXP204", "revision-without-key", E, "A revision property before the KPI it changes." },
    { "DXP301", "import-not-found", E, "An imported file cannot be read." },
    { "DXP302", "duplicate-declaration", E, "A name declared twice." },
    { "DXP303", "unknown-name", E, "A reference to a name that is not declared." },
    { "DXP304", "import-cycle", E, "A file imports itself, or imports are nested too deeply." },
    { "DXP305", "wrong-kind", E, "A name of the wrong kind (a goal where a measure belongs …)." },
    { "DXP306", "given-twice", E, "A property, table year or rule given twice." },
    { "DXP307", "misplaced-property", E, "A property that does not belong in this declaration." },
    { "DXP308", "invalid-option", E, "An option with an unknown value (stage, direction …)." },
    { "DXP309", "import-outside", E, "An import leaves the plan's directory." },
    { "DXP401", "unknown-unit", E, "A unit that is not declared." },
    { "DXP402", "unit-mismatch", E, "A value whose unit does not convert to its KPI's unit." },
    { "DXP403", "formula-units", E, "Units that do not fit in a formula." },
    { "DXP404", "outside-period", E, "Actuals or a revision outside the plan period." },
    { "DXP405", "formula-cycle", E, "A formula, or a rule set through `extends`, that depends on itself." },
    { "DXP406", "misplaced-value", E, "A value state or form that does not belong here." },
    { "DXP407", "year-out-of-range", E, "A year outside 1868–2200, a range that runs backwards, or a table of more than 1,000 years." },
    { "DXP408", "missing-unit", E, "A KPI or data series without a unit." },
    { "DXP409", "bad-function-or-index", E, "An unknown function or an index that is not a year." },
    { "DXP410", "bad-unit-declaration", E, "A unit declared in terms of itself, with a factor that is not positive, or past the 65,535th base unit." },
    { "DXP501", "pending-target", W, "A target is still pending (調整中/検討中)." },
    { "DXP502", "pending-baseline", W, "A baseline is pending, under review or unpublished." },
    { "DXP503", "no-target", W, "A KPI has no target in the plan period." },
    { "DXP504", "no-final-target", W, "A KPI has no target for the last year of the plan." },
    { "DXP505", "baseline-without-point", N, "A baseline without its time point." },
    { "DXP510", "target-below-baseline", W, "A target is worse than the baseline." },
    { "DXP511", "targets-against-direction", W, "Targets move against the KPI's direction from year to year." },
    { "DXP512", "cumulative-decreasing", W, "A cumulative (累計) KPI whose targets decrease." },
    { "DXP513", "percentage-over-100", W, "A percentage target above 100% without `unbounded`." },
    { "DXP520", "baseline-after-first-target", W, "The baseline is later than the first target year." },
    { "DXP521", "target-outside-period", W, "A target for a year outside the plan period." },
    { "DXP522", "actual-without-target", W, "An actual reported for a year with no target." },
    { "DXP523", "stale-actual", W, "An actual taken from another year than its target." },
    { "DXP530", "regression", W, "An actual worse than the baseline." },
    { "DXP531", "note-contradicts-status", W, "A note's 【達成】/【未達成】/【一部達成】 contradicts the computed status." },
    { "DXP532", "unmeasured-part", W, "A part of a multi-part KPI is not measured." },
    { "DXP533", "target-lowered", W, "A revision makes a target less ambitious." },
    { "DXP534", "baseline-changed", N, "A revision changes a baseline." },
    { "DXP540", "measure-without-kpi", W, "A measure with no KPI." },
    { "DXP541", "kpi-without-measure", W, "A KPI that belongs to no measure." },
    { "DXP542", "empty-goal", W, "A goal with no measure." },
    { "DXP543", "unused-data", W, "A data series no formula uses." },
    { "DXP544", "unused-import", W, "An import nothing is used from." },
    { "DXP545", "restated-kpi-disagrees", W, "A KPI restated (再掲) with a different baseline." },
    { "DXP546", "reference-not-marked", W, "A KPI titled as a reference value (参考値) but counted in summaries." },
    { "DXP590", "unused-suppression", W, "A `# dxp: allow` comment that silences nothing." },
    { "DXP591", "bad-lint-config", E, "A problem in a .dxplint project file." },
    { "DXP601", "all-years-without-period", E, "--all-years for a plan without a period, or with one of more than 50 years." },
    { "DXP602", "unknown-filter", E, "--goal or --measure names nothing in the plan." },
    { "DXP603", "cannot-write", E, "The report or formatted plan cannot be written." },
    { "DXP604", "year-outside-period", W, "eval --year names only years outside the plan's period." },
    { NULL, NULL, E, NULL }
};

/* The catalogue is in code order (a unit test keeps it so): a binary search,
 * since lint looks a code up for every finding. */
const dxp_code_info *dxp_code_find(const char *code)
{
    size_t lo = 0, hi = sizeof dxp_codes / sizeof *dxp_codes - 1;   /* without the end marker */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(dxp_codes[mid].code, code);
        if (c == 0) return &dxp_codes[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const dxp_code_info *dxp_code_lookup(const char *s, size_t len)
{
    /* "DXP501", "dxp501" or "501": at most six letters and digits */
    char code[8] = "DXP";
    size_t from = len == 3 ? 3 : 0;
    if (len != 3 && len != 6) return NULL;
    for (size_t i = 0; i < len; i++) code[from + i] = (char)toupper((unsigned char)s[i]);
    code[6] = '\0';
    return dxp_code_find(code);
}

const char *dxp_code_page(const char *code, size_t *len)
{
    char heading[32];
    snprintf(heading, sizeof heading, "\n## %s ", code);
    const char *start = strstr(dxp_diagnostics_md, heading);
    if (!start) return NULL;
    start++;
    const char *end = strstr(start + 3, "\n## ");
    *len = end ? (size_t)(end - start) : dxp_diagnostics_md_len - (size_t)(start - dxp_diagnostics_md);
    return start;
}
