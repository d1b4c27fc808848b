/* main.c — the dxp command line. It parses options and calls the stages;
 * nothing else lives here. */
#include "dxp/codes.h"
#include "dxp/i18n.h"
#include "dxp/diag.h"
#include "dxp/fmt.h"
#include "dxp/lint.h"
#include "dxp/lsp.h"
#include "dxp/literal.h"
#include "dxp/output.h"
#include "dxp/program.h"
#include "dxp/report.h"
#include "dxp/threads.h"
#include "dxp/version.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

static const char *const USAGE = N_(
    "usage: dxp <command> [options] FILE...\n"
    "\n"
    "dxp checks plan files (.dxp) of IT/DX promotion plans: goals, measures,\n"
    "KPIs with units, baselines, yearly targets and actuals.\n"
    "\n"
    "commands:\n"
    "  check FILE...        parse and type-check each plan (with its imports)\n"
    "  lint FILE...         check, then the rule catalogue for planners and CI:\n"
    "                       pending targets, targets below the baseline, stale\n"
    "                       values, notes that contradict the numbers …\n"
    "  eval FILE --year Y   evaluate progress for fiscal year Y and print the\n"
    "                       progress report (達成 / 未達成 / 一部達成, 達成率 …)\n"
    "  fmt [FILE...]        print each plan in the canonical layout (indentation,\n"
    "                       aligned values and comments, ASCII digits); every\n"
    "                       token and comment is kept (no FILE or -: stdin)\n"
    "  explain [CODE]       what a diagnostic code means, with an example and the\n"
    "                       fix (without CODE: every code)\n"
    "  lsp                  the language server for editors (LSP on stdin/stdout):\n"
    "                       diagnostics, hover, go to definition, outline, format\n"
    "\n"
    "check and lint options:\n"
    "  --format text|gcc|json|sarif\n"
    "                       diagnostics with source line and caret (default),\n"
    "                       one line each (FILE:LINE:COL: severity: message [CODE]),\n"
    "                       a JSON array, or SARIF 2.1.0 (lint and check)\n"
    "  --compact            json and sarif on one line, without indentation\n"
    "\n"
    "lint options (also in a .dxplint file found upward from the plan):\n"
    "  --strict             pending targets are errors, and warnings fail\n"
    "  --max-warnings N     fail when there are more than N warnings\n"
    "  --severity LEVEL     show only note, warning or error and above\n"
    "  --enable CODE,...    turn rules on (overrides --disable and .dxplint)\n"
    "  --disable CODE,...   turn rules off\n"
    "  A finding is silenced for the next line by a comment `# dxp: allow CODE`.\n"
    "\n"
    "eval options:\n"
    "  --year Y             the fiscal year: R6, 令和6年度, FY2024, 2024年度 …;\n"
    "                       a range R3..R6 shows each KPI's trajectory\n"
    "  --all-years          every year of the plan period\n"
    "  --format text|md|csv|json|html\n"
    "                       the report format (default text); html is one\n"
    "                       self-contained page with charts\n"
    "  --compact            json on one line, without indentation (a national\n"
    "                       report is half the size)\n"
    "  -o FILE              write the report to FILE (atomically) instead of stdout\n"
    "  --goal ID            only the KPIs of this goal\n"
    "  --measure ID         only the KPIs of this measure\n"
    "  --csv-bom            start CSV with a byte order mark (for Excel)\n"
    "\n"
    "fmt options (a file that does not parse is never rewritten):\n"
    "  -w, --write          rewrite the files in place (atomically; unchanged\n"
    "                       files are not touched)\n"
    "  --check              list the files that are not formatted; exit 1 if any\n"
    "  --diff               show the changes as a unified diff; exit 1 if any\n"
    "\n"
    "common options:\n"
    "  --color auto|always|never\n"
    "                       colour diagnostics (auto: when stderr is a terminal\n"
    "                       and NO_COLOR is not set)\n"
    "  --column-unit char|byte|utf16|display\n"
    "                       how columns are counted (default char: code points)\n"
    "  --allow-outside      let imports leave the plan's directory\n"
    "  --lang ja|en         messages in Japanese or English (default: ja when the\n"
    "                       locale is ja_*, as in LANG=ja_JP.UTF-8)\n"
    "  -h, --help           show this help\n"
    "  --version            show the version\n"
    "\n"
    "A FILE given as - is read from standard input; its imports are found in\n"
    "the working directory.\n"
    "exit status: 0 clean, 1 errors found (eval: the plan does not check,\n"
    "so no report is made; fmt --check/--diff: files to format), 2 usage or\n"
    "I/O error.\n"
    "Documentation: docs/language.md, docs/rules.md, docs/diagnostics.md.\n");

typedef struct cli {
    const char *command;
    const char **files;
    size_t nfiles;
    dxp_render_options render;
    int color;                 /* -1 auto, 0 never, 1 always */
    bool allow_outside;
    const char *format;        /* as given: its meaning depends on the command */
    bool compact;              /* --compact: JSON and SARIF on one line */
    const char *year;          /* eval --year */
    bool all_years;
    const char *output;        /* eval -o */
    dxp_report_options report;
    dxp_lint_options lint;     /* from the command line; .dxplint is read first */
    const char *enable, *disable;
    bool strict_given, max_warnings_given, severity_given;   /* given: they override .dxplint */
    bool fmt_write, fmt_check, fmt_diff;   /* fmt -w, --check, --diff */
} cli;

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    fputs("dxp: ", stderr);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(_("\nTry 'dxp --help'.\n"), stderr);
    return EXIT_USAGE;
}

/* Whether every word of an --enable or --disable list is a diagnostic code;
 * when one is not, says so. */
static bool known_codes(const char *list)
{
    dxp_str unknown;
    free(dxp_lint_add_codes(NULL, list, &unknown));
    if (!unknown.ptr) return true;
    usage_error(_("no diagnostic has the code '%.*s'; `dxp explain` lists them all"), (int)unknown.len, unknown.ptr);
    return false;
}

/* Value of an option given as `--opt VALUE` or `--opt=VALUE`; NULL if argv[*i] is not it. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    *missing = false;
    if (strncmp(a, name, n) != 0) return NULL;
    if (a[n] == '=') return a + n + 1;
    if (a[n] != '\0') return NULL;
    if (*i + 1 >= argc) { *missing = true; return NULL; }
    return argv[++*i];
}

static int parse_args(int argc, char **argv, cli *c)
{
    c->render.format = DXP_DIAG_TEXT;
    c->render.columns = DXP_COLUMN_CHAR;
    c->color = -1;
    c->files = calloc((size_t)argc, sizeof *c->files);
    bool only_files = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        bool missing;
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            if (!c->command) c->command = a;
            else if (!*a) return usage_error(_("an empty argument where a file name belongs"));
            else c->files[c->nfiles++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { only_files = true; continue; }
        if ((v = option_value(argc, argv, &i, "--format", &missing)) || missing) {
            if (missing) return usage_error(_("option %s needs a value"), "--format");
            c->format = v;
        } else if ((v = option_value(argc, argv, &i, "--year", &missing)) || missing) {
            if (missing) return usage_error(_("option %s needs a value"), "--year");
            c->year = v;
        } else if ((v = option_value(argc, argv, &i, "-o", &missing)) || missing ||
                   (v = option_value(argc, argv, &i, "--output", &missing))) {
            if (missing) return usage_error(_("option %s needs a value"), "-o");
            c->output = v;
        } else if ((v = option_value(argc, argv, &i, "--goal", &missing)) || missing) {
            if (missing) return usage_error(_("option %s needs a value"), "--goal");
            c->report.goal = v;
        } else if ((v = option_value(argc, argv, &i, "--measure", &missing)) || missing) {
            if (missing) return usage_error(_("option %s needs a value"), "--measure");
            c->report.measure = v;
        } else if ((v = option_value(argc, argv, &i, "--max-warnings", &missing)) || missing) {
            if (missing) return usage_error(_("option %s needs a value"), "--max-warnings");
            char *end;
            errno = 0;
            long n = strtol(v, &end, 10);
            if (!*v || *end || n < 0 || n > INT_MAX || errno)
                return usage_error(_("--max-warnings needs a whole number from 0 to %d, not '%s'"), INT_MAX, v);
            c->lint.max_warnings = (int)n;
            c->max_warnings_given = true;
        } else if ((v = option_value(argc, argv, &i, "--severity", &missing)) || missing) {
            if (missing) return usage_error(_("option %s needs a value"), "--severity");
            if (!dxp_severity_named(v, strlen(v), &c->lint.min_severity))
                return usage_error(_("--severity is note, warning or error, not '%s'"), v);
            c->severity_given = true;
        } else if ((v = option_value(argc, argv, &i, "--enable", &missing)) || missing) {
            if (missing) return usage_error(_("option %s needs a value"), "--enable");
            if (!known_codes(v)) return EXIT_USAGE;
            c->enable = v;
        } else if ((v = option_value(argc, argv, &i, "--disable", &missing)) || missing) {
            if (missing) return usage_error(_("option %s needs a value"), "--disable");
            if (!known_codes(v)) return EXIT_USAGE;
            c->disable = v;
        } else if (strcmp(a, "-w") == 0 || strcmp(a, "--write") == 0) {
            c->fmt_write = true;
        } else if (strcmp(a, "--check") == 0) {
            c->fmt_check = true;
        } else if (strcmp(a, "--diff") == 0) {
            c->fmt_diff = true;
        } else if (strcmp(a, "--strict") == 0) {
            c->strict_given = true;
        } else if (strcmp(a, "--csv-bom") == 0) {
            c->report.csv_bom = true;
        } else if (strcmp(a, "--all-years") == 0) {
            c->all_years = true;
        } else if (strcmp(a, "--compact") == 0) {
            c->compact = true;
        } else if ((v = option_value(argc, argv, &i, "--color", &missing)) || missing) {
            if (missing) return usage_error(_("option %s needs a value"), "--color");
            if (strcmp(v, "auto") == 0) c->color = -1;
            else if (strcmp(v, "always") == 0) c->color = 1;
            else if (strcmp(v, "never") == 0) c->color = 0;
            else return usage_error(_("unknown --color value '%s' (auto, always or never)"), v);
        } else if ((v = option_value(argc, argv, &i, "--column-unit", &missing)) || missing) {
            if (missing) return usage_error(_("option %s needs a value"), "--column-unit");
            if (strcmp(v, "char") == 0) c->render.columns = DXP_COLUMN_CHAR;
            else if (strcmp(v, "byte") == 0) c->render.columns = DXP_COLUMN_BYTE;
            else if (strcmp(v, "utf16") == 0) c->render.columns = DXP_COLUMN_UTF16;
            else if (strcmp(v, "display") == 0) c->render.columns = DXP_COLUMN_DISPLAY;
            else return usage_error(_("unknown column unit '%s' (char, byte, utf16 or display)"), v);
        } else if ((v = option_value(argc, argv, &i, "--lang", &missing)) || missing) {
            if (missing) return usage_error(_("option %s needs a value"), "--lang");
            /* applied in main() before anything is printed */
        } else if (strcmp(a, "--allow-outside") == 0) {
            c->allow_outside = true;
        } else {
            return usage_error(_("unknown option '%s'"), a);
        }
    }
    if (c->color < 0) c->render.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    else c->render.color = c->color == 1;
    return EXIT_CLEAN;
}

static int diag_format(cli *c)
{
    if (!c->format || strcmp(c->format, "text") == 0) c->render.format = DXP_DIAG_TEXT;
    else if (strcmp(c->format, "gcc") == 0) c->render.format = DXP_DIAG_GCC;
    else if (strcmp(c->format, "json") == 0) c->render.format = DXP_DIAG_JSON;
    else if (strcmp(c->format, "sarif") == 0) c->render.format = DXP_DIAG_SARIF;
    else return usage_error(_("unknown format '%s' (text, gcc, json or sarif)"), c->format);
    if (c->compact && c->render.format != DXP_DIAG_JSON && c->render.format != DXP_DIAG_SARIF)
        return usage_error(_("--compact is for --format json or sarif"));
    c->render.compact = c->compact;
    return EXIT_CLEAN;
}

/* Two programs that import the same file report its findings twice: keep one. */
static bool repeated(const dxp_diag *g, void *ctx)
{
    dxp_diags *d = ctx;
    dxp_source *src = dxp_diags_source(d, g->span.file);
    for (const dxp_diag *o = d->items; o < g; o++) {
        if (o->span.start != g->span.start || strcmp(o->code, g->code) != 0 || strcmp(o->message, g->message) != 0)
            continue;
        dxp_source *os = dxp_diags_source(d, o->span.file);
        if ((!src && !os) || (src && os && strcmp(src->path, os->path) == 0)) return true;
    }
    return false;
}

/* One plan of a check or lint run, done apart (perhaps on another thread),
 * and what it gave. */
typedef struct plan_job {
    const cli *c;
    const char *path;
    bool lint;              /* lint it under its .dxplint; else only check it */
    dxp_diags diags;        /* its own sink: absorbed into the run's in the order of the files */
    bool unreadable;        /* the file could not be read: exit status 2 */
    bool strict;            /* lint: the options it was linted with */
    int max_warnings;       /* -1: no limit */
} plan_job;

static void check_one(plan_job *j)
{
    dxp_load_options lo = { j->c->allow_outside, false };
    dxp_program *p = dxp_program_load(&j->diags, j->path, NULL, 0, &lo);
    j->unreadable = !p;
    if (p) dxp_apply_suppressions(p, false);
    dxp_program_free(p);
}

static void lint_one(plan_job *j)
{
    const cli *c = j->c;
    /* .dxplint (found upward from the plan), then the command line */
    dxp_lint_options opt;
    memset(&opt, 0, sizeof opt);
    opt.max_warnings = -1;
    char *dir = dxp_path_dir(j->path);
    free(dxp_lint_config_load(dir, &opt, &j->diags));
    free(dir);
    if (c->strict_given) opt.strict = true;
    if (c->max_warnings_given) opt.max_warnings = c->lint.max_warnings;
    if (c->severity_given) opt.min_severity = c->lint.min_severity;
    dxp_str unknown;   /* none: the options were checked */
    if (c->enable) opt.enable = dxp_lint_add_codes(opt.enable, c->enable, &unknown);
    if (c->disable) opt.disable = dxp_lint_add_codes(opt.disable, c->disable, &unknown);
    j->strict = opt.strict;
    j->max_warnings = opt.max_warnings;
    size_t config_errors = j->diags.errors;
    dxp_load_options lo = { c->allow_outside, false };
    dxp_program *p = dxp_program_load(&j->diags, j->path, NULL, 0, &lo);
    j->unreadable = !p;
    /* lint a plan that checks (a bad .dxplint does not stop it); lint applies the allow comments */
    if (p && j->diags.errors == config_errors) dxp_lint(p, &opt);
    /* when the rules did not run, their suppressions cannot be judged unused */
    else if (p) dxp_apply_suppressions(p, false);
    dxp_lint_filter(&j->diags, &opt);
    dxp_lint_options_free(&opt);
    dxp_program_free(p);
}

/* The plans of a run, shared by two threads: each takes the next plan that
 * nobody has taken, so that a CI run over every municipality's plan uses
 * both processors whatever the sizes of the files. */
typedef struct plan_queue {
    plan_job *jobs;
    size_t njobs;
    atomic_size_t next;
} plan_queue;

static void plan_worker(void *arg)
{
    plan_queue *q = arg;
    for (size_t i; (i = atomic_fetch_add(&q->next, 1)) < q->njobs;) {
        plan_job *j = &q->jobs[i];
        if (j->lint) lint_one(j);
        else check_one(j);
        dxp_diags_drop_unused_sources(&j->diags);   /* a clean plan's text is not kept to the end of the run */
    }
}

/* What a check or lint run over several plans comes to. */
typedef struct plan_run {
    dxp_diags diags;        /* every plan's, in the order of the files; a finding in a file
                               that several plans import is shown once */
    bool unreadable;        /* some file could not be read */
    bool strict;            /* some plan was linted strictly */
    int max_warnings;       /* the last limit a plan was linted with; -1: none */
} plan_run;

/* Standard input can be read once: "-" names a plan at most once. */
static bool stdin_named_twice(const cli *c)
{
    size_t named = 0;
    for (size_t i = 0; i < c->nfiles; i++) named += dxp_arg_is_stdin(c->files[i]);
    return named > 1;
}

/* Checks (or lints) every file of the command line, two at a time. */
static void run_plans(const cli *c, bool lint, plan_run *run)
{
    plan_queue q = { dxp_xcalloc(c->nfiles, sizeof *q.jobs), c->nfiles, 0 };
    for (size_t i = 0; i < c->nfiles; i++) {
        q.jobs[i].c = c;
        q.jobs[i].path = c->files[i];
        q.jobs[i].lint = lint;
        dxp_diags_init(&q.jobs[i].diags);
    }
    if (c->nfiles > 1 && dxp_threads_available()) dxp_run_both(plan_worker, &q, plan_worker, &q);
    else plan_worker(&q);
    dxp_diags_init(&run->diags);
    run->unreadable = run->strict = false;
    run->max_warnings = -1;
    for (size_t i = 0; i < c->nfiles; i++) {
        plan_job *j = &q.jobs[i];
        dxp_diags_absorb(&run->diags, &j->diags);
        dxp_diags_free(&j->diags);
        run->unreadable = run->unreadable || j->unreadable;
        run->strict = run->strict || j->strict;
        if (j->max_warnings >= 0) run->max_warnings = j->max_warnings;
    }
    free(q.jobs);
    dxp_diags_remove_if(&run->diags, repeated, &run->diags);
}

/* Where diagnostics go: the machine formats are the output, text is for people. */
static FILE *diagnostics_stream(const cli *c)
{
    return c->render.format == DXP_DIAG_JSON || c->render.format == DXP_DIAG_SARIF ? stdout : stderr;
}

/* What check and lint ask of their command line before they read a plan:
 * EXIT_CLEAN when it will do. */
static int plan_command_usage(cli *c, const char *command)
{
    if (c->nfiles == 0) return usage_error(_("%s: no input files"), command);
    if (stdin_named_twice(c)) return usage_error(_("%s: standard input (-) can be named once"), command);
    return diag_format(c);
}

/* dxp check: every file, one report for all of them (one JSON array, one SARIF log). */
static int run_check(cli *c)
{
    int rc = plan_command_usage(c, "check");
    if (rc != EXIT_CLEAN) return rc;
    plan_run run;
    run_plans(c, false, &run);
    dxp_diags_render(&run.diags, diagnostics_stream(c), &c->render);
    int status = run.unreadable ? EXIT_USAGE : run.diags.errors ? EXIT_FINDINGS : EXIT_CLEAN;
    dxp_diags_free(&run.diags);
    return status;
}

/* dxp lint: check, then the rules, for each file; one report for all of them. */
static int run_lint(cli *c)
{
    int rc = plan_command_usage(c, "lint");
    if (rc != EXIT_CLEAN) return rc;
    plan_run run;
    run_plans(c, true, &run);
    size_t errors = run.diags.errors, warnings = run.diags.warnings;
    dxp_diags_render(&run.diags, diagnostics_stream(c), &c->render);
    int status = run.unreadable ? EXIT_USAGE : EXIT_CLEAN;
    if (status == EXIT_CLEAN && (errors > 0 || (run.strict && warnings > 0) ||
                                 (run.max_warnings >= 0 && warnings > (size_t)run.max_warnings)))
        status = EXIT_FINDINGS;
    if (status == EXIT_FINDINGS && errors == 0 && c->render.format == DXP_DIAG_TEXT)
        fprintf(stderr, "dxp: %zu warning%s%s\n", warnings, warnings == 1 ? "" : "s",
                run.strict ? " (--strict: warnings fail)" : " (more than --max-warnings)");
    dxp_diags_free(&run.diags);
    return status;
}

/* dxp explain: the page of docs/diagnostics.md for a code, or the list of codes. */
static int run_explain(cli *c)
{
    if (c->nfiles == 0) {
        for (const dxp_code_info *k = dxp_codes; k->code; k++)
            printf("%s  %-8s %s\n", k->code, dxp_severity_name(k->severity), k->summary);
        return EXIT_CLEAN;
    }
    int status = EXIT_CLEAN;
    for (size_t i = 0; i < c->nfiles; i++) {
        const dxp_code_info *info = dxp_code_lookup(c->files[i], strlen(c->files[i]));   /* dxp501, 501 */
        size_t len;
        const char *page = info ? dxp_code_page(info->code, &len) : NULL;
        if (!page) {
            fprintf(stderr, "dxp: no diagnostic code '%s'; `dxp explain` lists them all\n", c->files[i]);
            status = EXIT_USAGE;
            continue;
        }
        fwrite(page, 1, len, stdout);
        if (len && page[len - 1] != '\n') fputc('\n', stdout);
    }
    return status;
}

/* Parses --year: one fiscal year in any form, or a range FROM..TO (also 〜 ～ ~). */
static bool parse_years(const char *text, dxp_year *from, dxp_year *to)
{
    static const char *const seps[] = { "..", "〜", "～", "~", NULL };
    for (int i = 0; seps[i]; i++) {
        const char *sep = strstr(text, seps[i]);
        if (!sep) continue;
        size_t n1 = (size_t)(sep - text), skip = strlen(seps[i]);
        return dxp_literal_year(text, n1, from) == DXP_LIT_OK &&
               dxp_literal_year(sep + skip, strlen(sep + skip), to) == DXP_LIT_OK;
    }
    if (dxp_literal_year(text, strlen(text), from) != DXP_LIT_OK) return false;
    *to = *from;
    return true;
}

/* Whether --year from..to stays within the fiscal years dxp knows and the
 * years one evaluation takes (DXP_MAX_EVAL_YEARS); says why not. */
static bool eval_years_ok(dxp_year from, dxp_year to, const char *text)
{
    if (from.fy > to.fy) {
        char a[32], b[32];
        usage_error(_("--year '%s' runs backwards: write %s..%s"), text, dxp_year_format(to, a, sizeof a),
                    dxp_year_format(from, b, sizeof b));
        return false;
    }
    if (from.fy < DXP_MIN_YEAR || to.fy > DXP_MAX_YEAR) {
        usage_error(_("--year '%s': fiscal years run from %d (明治元年) to %d"), text, DXP_MIN_YEAR, DXP_MAX_YEAR);
        return false;
    }
    if (to.fy - from.fy + 1 > DXP_MAX_EVAL_YEARS) {
        usage_error(_("--year '%s' spans %d fiscal years; one report takes at most %d"), text, to.fy - from.fy + 1,
                    DXP_MAX_EVAL_YEARS);
        return false;
    }
    return true;
}

/* The file of the program that writing to `path` would replace (the plan
 * itself, an import, through a link or another name), or NULL. */
static const char *read_from(const dxp_diags *diags, const char *path)
{
    struct stat out, in;
    if (stat(path, &out) != 0 || !S_ISREG(out.st_mode)) return NULL;   /* new, or a device or a pipe */
    for (size_t i = 0; i < diags->nsources; i++) {
        const dxp_source *src = diags->sources[i];
        if (!src->embedded && stat(src->path, &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino)
            return src->path;
    }
    return NULL;
}

/* A year typed wrong (--year R6 for a plan of R7..R9) gives a report in
 * which every KPI is 対象外: said on standard error, the report still made. */
static void warn_outside_period(dxp_diags *diags, const dxp_program *p, const char *asked, dxp_year from, dxp_year to)
{
    const dxp_plan_info *pl = &p->plan;
    if (!pl->has_period || (to.fy >= pl->first.fy && from.fy <= pl->last.fy)) return;
    char first[32], last[32];
    dxp_year_format(pl->first, first, sizeof first);
    dxp_year_format(pl->last, last, sizeof last);
    dxp_diag *d = dxp_warning(diags, "DXP604", dxp_program_span(pl->file, pl->period_prop->arg_loc),
                              _("--year %s is outside the plan's period %s..%s: every KPI is 対象外"),
                              asked, first, last);
    dxp_diag_help(d, _("report a year of the period, e.g. --year %s"), to.fy < pl->first.fy ? first : last);
}

/* dxp eval: the progress report of one plan for a year or a range of years. */
static int run_eval(cli *c)
{
    if (c->nfiles != 1) return usage_error(_("%s: give exactly one plan file"), "eval");
    if (!c->format || strcmp(c->format, "text") == 0) c->report.format = DXP_REPORT_TEXT;
    else if (strcmp(c->format, "md") == 0) c->report.format = DXP_REPORT_MD;
    else if (strcmp(c->format, "csv") == 0) c->report.format = DXP_REPORT_CSV;
    else if (strcmp(c->format, "json") == 0) c->report.format = DXP_REPORT_JSON;
    else if (strcmp(c->format, "html") == 0) c->report.format = DXP_REPORT_HTML;
    else return usage_error(_("unknown report format '%s' (text, md, csv, json or html)"), c->format);
    if (c->compact && c->report.format != DXP_REPORT_JSON) return usage_error(_("--compact is for --format json"));
    c->report.compact = c->compact;
    if (!c->year && !c->all_years) return usage_error(_("%s: say which year with --year (e.g. --year R6)"), "eval");
    dxp_year from = { 0, 'R', false }, to = from;
    if (c->year && !parse_years(c->year, &from, &to))
        return usage_error(_("--year '%s' is not a fiscal year (R6, 令和6年度, FY2024, 2024年度 or R3..R6)"), c->year);
    if (c->year && !eval_years_ok(from, to, c->year)) return EXIT_USAGE;

    dxp_diags diags;
    dxp_diags_init(&diags);
    dxp_load_options opt = { c->allow_outside, false };
    dxp_program *p = dxp_program_load(&diags, c->files[0], NULL, 0, &opt);
    int status = EXIT_CLEAN;
    if (!p) status = EXIT_USAGE;
    else if (diags.errors) status = EXIT_FINDINGS;     /* never a report of a plan that does not check */
    else if (c->all_years && !p->plan.has_period) {
        dxp_error(&diags, "DXP601", DXP_NO_SPAN, _("--all-years needs a plan with a period"));
        status = EXIT_USAGE;
    } else if (c->all_years && p->plan.last.fy - p->plan.first.fy + 1 > DXP_MAX_EVAL_YEARS) {
        dxp_diag_help(dxp_error(&diags, "DXP601", dxp_program_span(p->plan.file, p->plan.period_prop->arg_loc),
                                _("--all-years: the plan's period spans %d fiscal years; one report takes at most %d"),
                                p->plan.last.fy - p->plan.first.fy + 1, DXP_MAX_EVAL_YEARS),
                      _("give the years to report with --year (e.g. --year R3..R6)"));
        status = EXIT_USAGE;
    } else if (c->report.goal && !dxp_symtab_get(&p->goal_names, dxp_str_from(c->report.goal))) {
        dxp_error(&diags, "DXP602", DXP_NO_SPAN, _("--goal: the plan has no goal '%s'"), c->report.goal);
        status = EXIT_USAGE;
    } else if (c->report.measure && !dxp_symtab_get(&p->measure_names, dxp_str_from(c->report.measure))) {
        dxp_error(&diags, "DXP602", DXP_NO_SPAN, _("--measure: the plan has no measure '%s'"), c->report.measure);
        status = EXIT_USAGE;
    }
    const char *plan_file = status == EXIT_CLEAN && c->output ? read_from(&diags, c->output) : NULL;
    if (plan_file) {
        dxp_diag_help(dxp_error(&diags, "DXP603", DXP_NO_SPAN, _("-o %s would replace %s, which the report is made from"),
                                c->output, plan_file),
                      _("write the report to another file"));
        status = EXIT_USAGE;
    }
    if (status == EXIT_CLEAN && c->all_years) { from = p->plan.first; to = p->plan.last; }
    if (status == EXIT_CLEAN && !c->all_years) warn_outside_period(&diags, p, c->year, from, to);
    /* The KPIs' results are evaluated again, a window at a time, as the report
     * is written: its summaries come first, and a national plan's results
     * would take a third of a KB each. */
    dxp_evaluation *ev = status == EXIT_CLEAN ? dxp_evaluate_rollups(p, from, to) : NULL;
    if (ev) {
        dxp_output o;
        FILE *out = stdout;
        if (c->output) {
            if (!dxp_output_open(&o, c->output)) {
                dxp_error(&diags, "DXP603", DXP_NO_SPAN, _("cannot write %s: %s"), c->output, strerror(errno));
                status = EXIT_USAGE;
            }
            out = o.file;
            dxp_output_write_behind(&o);
        }
        if (status == EXIT_CLEAN) {
            bool ok = dxp_report_write(ev, &c->report, out);
            if (c->output) {
                if (!ok) dxp_output_abort(&o);
                if (!ok || !dxp_output_commit(&o)) ok = false;
            } else {
                ok = ok && fflush(stdout) == 0;
            }
            if (!ok) {
                dxp_error(&diags, "DXP603", DXP_NO_SPAN, _("cannot write %s: %s"),
                          c->output ? c->output : "the report", strerror(errno));
                status = EXIT_USAGE;
            }
        }
    }
    dxp_diags_render(&diags, stderr, &c->render);
    dxp_evaluation_free(ev);
    dxp_program_free(p);
    dxp_diags_free(&diags);
    return status;
}

static bool not_an_error(const dxp_diag *g, void *ctx)
{
    (void)ctx;
    return g->severity != DXP_SEV_ERROR;
}

/* Formats one file as -w, --check, --diff or plain fmt ask. Returns the exit status. */
static int fmt_file(cli *c, const char *path, dxp_diags *diags)
{
    const char *err = NULL;
    dxp_source *src = dxp_source_load_arg(path, &err);
    if (!src) {
        dxp_error(diags, "DXP001", DXP_NO_SPAN, _("cannot read %s: %s"), dxp_arg_display_name(path), err);
        return EXIT_USAGE;
    }
    dxp_arena arena;
    dxp_arena_init(&arena);
    size_t errors_before = diags->errors;
    /* a file that does not parse is never formatted: its errors are shown instead */
    dxp_file *parsed = dxp_parse_source(diags, src, &arena);
    if (!parsed || diags->errors > errors_before) {
        dxp_arena_free(&arena);
        return EXIT_FINDINGS;
    }
    char *out;
    size_t out_len;
    dxp_format(src, (int32_t)diags->nsources - 1, diags, &arena, &out, &out_len);
    dxp_arena_free(&arena);
    const char *orig = src->buf;                         /* with its BOM, if any */
    size_t orig_len = src->len + (size_t)(src->text - src->buf);
    int status = EXIT_CLEAN;
    bool changed = out_len != orig_len || memcmp(out, orig, out_len) != 0;
    if (!dxp_format_equivalent(orig, orig_len, out, out_len)) {
        fprintf(stderr, _("dxp: internal error: formatting %s would change its tokens or comments; "
                          "the file is left as it is. Please report this with the file.\n"), path);
        status = EXIT_USAGE;
    } else if (c->fmt_check) {
        if (changed) { printf("%s\n", path); status = EXIT_FINDINGS; }
    } else if (c->fmt_diff) {
        if (changed) { dxp_unified_diff(path, orig, orig_len, out, out_len, stdout); status = EXIT_FINDINGS; }
    } else if (c->fmt_write) {
        /* write through a symbolic link to the file it names, atomically, keeping its mode */
        char real[PATH_MAX];
        dxp_output o = { 0 };
        if (changed && (!realpath(path, real) || !dxp_output_open(&o, real) ||
                        fwrite(out, 1, out_len, o.file) != out_len || !dxp_output_commit(&o))) {
            int saved = errno;
            if (o.file) dxp_output_abort(&o);
            dxp_error(diags, "DXP603", DXP_NO_SPAN, _("cannot write %s: %s"), path, strerror(saved));
            status = EXIT_USAGE;
        }
    } else {
        fwrite(out, 1, out_len, stdout);
    }
    free(out);
    return status;
}

/* dxp fmt: the canonical layout of each plan (stdout, -w in place, --check, --diff). */
static int run_fmt(cli *c)
{
    if (c->fmt_write + c->fmt_check + c->fmt_diff > 1)
        return usage_error(_("%s: choose one of -w, --check and --diff"), "fmt");
    static const char *const stdin_only[] = { "-" };
    const char *const *files = c->nfiles ? c->files : stdin_only;
    size_t nfiles = c->nfiles ? c->nfiles : 1;
    for (size_t i = 0; i < nfiles; i++)
        if (strcmp(files[i], "-") == 0 && (c->fmt_write || nfiles > 1))
            return usage_error(_("%s: standard input (-) is formatted alone and to standard output"), "fmt");
    dxp_diags diags;
    dxp_diags_init(&diags);
    int status = EXIT_CLEAN;
    for (size_t i = 0; i < nfiles; i++) {
        int rc = fmt_file(c, files[i], &diags);
        if (rc > status) status = rc;
    }
    fflush(stdout);
    dxp_diags_remove_if(&diags, not_an_error, NULL);     /* fmt reports what stops it, not warnings */
    dxp_diags_render(&diags, stderr, &c->render);
    dxp_diags_free(&diags);
    return status;
}

int main(int argc, char **argv)
{
    /* The language first, so that every message after it is in it. */
    const char *lang = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strncmp(argv[i], "--lang=", 7) == 0) lang = argv[i] + 7;
        else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) lang = argv[i + 1];
    }
    if (!dxp_i18n_init(lang)) {
        dxp_i18n_init(NULL);
        return usage_error(_("--lang is ja or en, not '%s'"), lang);
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "help") == 0) {
            fputs(_(USAGE), stdout);
            return EXIT_CLEAN;
        }
        if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "version") == 0) {
            printf("dxp %s\n", DXP_VERSION);
            return EXIT_CLEAN;
        }
    }
    cli c;
    memset(&c, 0, sizeof c);
    int rc = parse_args(argc, argv, &c);
    if (rc == EXIT_CLEAN) {
        if (!c.command) rc = usage_error(_("%s"), "no command given");
        else if (strcmp(c.command, "check") == 0) rc = run_check(&c);
        else if (strcmp(c.command, "eval") == 0) rc = run_eval(&c);
        else if (strcmp(c.command, "lint") == 0) rc = run_lint(&c);
        else if (strcmp(c.command, "explain") == 0) rc = run_explain(&c);
        else if (strcmp(c.command, "fmt") == 0) rc = run_fmt(&c);
        else if (strcmp(c.command, "lsp") == 0) rc = dxp_lsp_run(stdin, stdout, NULL);
        else rc = usage_error(_("unknown command '%s'"), c.command);
    }
    free(c.files);
    return rc;
}
