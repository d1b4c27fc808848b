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
    const char **enable;         /* codes turned on (overrides disable): the catalogue's, NULL-terminated */
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

/* Reads the project file that applies to a plan in dir (.dxplint, in dir or
 * the nearest directory above it) into opt; the command line is applied
 * after it. Returns the path read, or NULL when there is none. The file is
 * registered with diags, so that its problems (DXP591) show its line. */
char *dxp_lint_config_load(const char *dir, dxp_lint_options *opt, dxp_diags *diags);
/* Reads the settings of a .dxplint already registered with diags as `file`
 * (what dxp_lint_config_load does once it has found and loaded it). */
void dxp_lint_config_parse(dxp_diags *diags, int32_t file, dxp_lint_options *opt);
void dxp_lint_options_free(dxp_lint_options *opt);
/* Appends the codes of a list written "DXP501, dxp505 510" (commas, blanks;
 * see dxp_code_lookup) to a NULL-terminated list of catalogue codes and
 * returns the list. A word that is no code is left out: the first such is
 * returned in *unknown (ptr NULL when there is none). */
const char **dxp_lint_add_codes(const char **list, const char *value, dxp_str *unknown);

#endif
