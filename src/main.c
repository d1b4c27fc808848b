/* main.c — the dxp command line. It parses options and calls the stages;
 * nothing else lives here. */
#include "dxp/diag.h"
#include "dxp/program.h"
#include "dxp/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

static const char USAGE[] =
    "usage: dxp <command> [options] FILE...\n"
    "\n"
    "dxp checks plan files (.dxp) of IT/DX promotion plans: goals, measures,\n"
    "KPIs with units, baselines, yearly targets and actuals.\n"
    "\n"
    "commands:\n"
    "  check FILE...        parse and type-check each plan (with its imports)\n"
    "\n"
    "options:\n"
    "  --format text|gcc    diagnostics with source line and caret (default),\n"
    "                       or one line each as FILE:LINE:COL: severity: message\n"
    "  --color auto|always|never\n"
    "                       colour diagnostics (auto: when stderr is a terminal\n"
    "                       and NO_COLOR is not set)\n"
    "  --column-unit char|byte|utf16|display\n"
    "                       how columns are counted (default char: code points)\n"
    "  --allow-outside      let imports leave the plan's directory\n"
    "  -h, --help           show this help\n"
    "  --version            show the version\n"
    "\n"
    "exit status: 0 clean, 1 errors found, 2 usage or I/O error.\n"
    "Documentation: docs/language.md, docs/diagnostics.md.\n";

typedef struct cli {
    const char *command;
    const char **files;
    size_t nfiles;
    dxp_render_options render;
    int color;                 /* -1 auto, 0 never, 1 always */
    bool allow_outside;
} cli;

static int usage_error(const char *fmt, const char *arg)
{
    fputs("dxp: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'dxp --help'.\n", stderr);
    return EXIT_USAGE;
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
            else c->files[c->nfiles++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { only_files = true; continue; }
        if ((v = option_value(argc, argv, &i, "--format", &missing)) || missing) {
            if (missing) return usage_error("option %s needs a value", "--format");
            if (strcmp(v, "text") == 0) c->render.format = DXP_DIAG_TEXT;
            else if (strcmp(v, "gcc") == 0) c->render.format = DXP_DIAG_GCC;
            else return usage_error("unknown format '%s' (text or gcc)", v);
        } else if ((v = option_value(argc, argv, &i, "--color", &missing)) || missing) {
            if (missing) return usage_error("option %s needs a value", "--color");
            if (strcmp(v, "auto") == 0) c->color = -1;
            else if (strcmp(v, "always") == 0) c->color = 1;
            else if (strcmp(v, "never") == 0) c->color = 0;
            else return usage_error("unknown --color value '%s' (auto, always or never)", v);
        } else if ((v = option_value(argc, argv, &i, "--column-unit", &missing)) || missing) {
            if (missing) return usage_error("option %s needs a value", "--column-unit");
            if (strcmp(v, "char") == 0) c->render.columns = DXP_COLUMN_CHAR;
            else if (strcmp(v, "byte") == 0) c->render.columns = DXP_COLUMN_BYTE;
            else if (strcmp(v, "utf16") == 0) c->render.columns = DXP_COLUMN_UTF16;
            else if (strcmp(v, "display") == 0) c->render.columns = DXP_COLUMN_DISPLAY;
            else return usage_error("unknown column unit '%s' (char, byte, utf16 or display)", v);
        } else if (strcmp(a, "--allow-outside") == 0) {
            c->allow_outside = true;
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    if (c->color < 0) c->render.color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    else c->render.color = c->color == 1;
    return EXIT_CLEAN;
}

/* dxp check: each file is checked as its own program, with its imports. */
static int run_check(const cli *c)
{
    if (c->nfiles == 0) return usage_error("%s: no input files", "check");
    int status = EXIT_CLEAN;
    for (size_t i = 0; i < c->nfiles; i++) {
        dxp_diags diags;
        dxp_diags_init(&diags);
        dxp_load_options opt = { c->allow_outside };
        dxp_program *p = dxp_program_load(&diags, c->files[i], NULL, 0, &opt);
        dxp_diags_render(&diags, stderr, &c->render);
        if (!p) status = EXIT_USAGE;
        else if (diags.errors && status == EXIT_CLEAN) status = EXIT_FINDINGS;
        dxp_program_free(p);
        dxp_diags_free(&diags);
    }
    return status;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "help") == 0) {
            fputs(USAGE, stdout);
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
        if (!c.command) rc = usage_error("%s", "no command given");
        else if (strcmp(c.command, "check") == 0) rc = run_check(&c);
        else rc = usage_error("unknown command '%s'", c.command);
    }
    free(c.files);
    return rc;
}
