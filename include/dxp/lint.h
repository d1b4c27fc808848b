/* lint.h — the linter: rules over a checked plan that find what makes it
 * doubtful rather than wrong (pending targets, targets below the baseline,
 * stale values, notes that contradict the numbers …), for planners while
 * drafting and for CI before approval. Each rule is a code in codes.c and a
 * page in docs/diagnostics.md. */
#ifndef DXP_LINT_H
#define DXP_LINT_H

#include "dxp/program.h"

typedef struct dxp_lint_options {
    bool strict;                 /* pending targets are errors; warnings fail */
    dxp_severity min_severity;   /* report nothing below this */
    int max_warnings;            /* more warnings than this fail; -1: no limit */
    const char **enable;         /* codes turned on (overrides disable), NULL-terminated */
    const char **disable;        /* codes turned off */
} dxp_lint_options;

/* Runs every enabled rule; findings go to the program's diagnostics, except
 * those that `# dxp: allow CODE` comments silence or min_severity hides (they
 * are not collected, so they count against no limit). Then applies the
 * comments to the program's other diagnostics (dxp_apply_suppressions) and
 * warns (DXP590) about a comment that silenced nothing. */
void dxp_lint(dxp_program *p, const dxp_lint_options *opt);

/* Applies `# dxp: allow CODE` comments (they silence CODE on the next line, or
 * on their own line when they follow code) to the diagnostics of the program,
 * when lint does not run (a plan with errors); with warn_unused, warns (DXP590)
 * about a suppression that silenced nothing. */
void dxp_apply_suppressions(dxp_program *p, bool warn_unused);

/* Drops diagnostics below min_severity or disabled by the options. */
void dxp_lint_filter(dxp_diags *d, const dxp_lint_options *opt);

/* Reads a project file (.dxplint, found upward from dir) into opt; the
 * command line is applied after it. Returns the path read, or NULL. Problems
 * are reported to diags (DXP591). */
char *dxp_lint_config_load(const char *dir, dxp_lint_options *opt, dxp_diags *diags);
void dxp_lint_options_free(dxp_lint_options *opt);
/* Appends the codes of a list written "DXP501, DXP505" (commas, blanks) to a
 * NULL-terminated list; returns the list, reallocated. */
const char **dxp_lint_add_codes(const char **list, const char *value);

#endif
