/* program.h — a plan with its imports, resolved: the input of check, lint and eval.
 *
 * dxp_program_load() runs the front end: load (UTF-8 check) → parse → resolve
 * (imports, names, properties folded into the structures below, actuals and
 * revisions attached to their KPIs) → check (units, years, value states,
 * formulas). All diagnostics go to the sink given by the caller. */
#ifndef DXP_PROGRAM_H
#define DXP_PROGRAM_H

#include "dxp/ast.h"
#include "dxp/diag.h"
#include "dxp/fold.h"
#include "dxp/symtab.h"
#include "dxp/units.h"

/* Deepest chain of imports, formula references and expression nesting. */
#define DXP_MAX_IMPORT_DEPTH 64
#define DXP_MAX_FORMULA_DEPTH 1000
#define DXP_MAX_EXPR_DEPTH 1000


/* A revision of one KPI or measure in a `revise` block: the properties it
 * gives replace the plan's from the revision's year on. */
struct dxp_revision {
    dxp_revision *next;
    dxp_decl *revise;     /* the block: year and title */
    dxp_item *item;       /* the entry: its properties */
    int32_t file;
};

typedef struct dxp_goal {
    dxp_decl *decl;
    int32_t file;
    dxp_str label;
    dxp_table budget;
    dxp_measure **measures;
    size_t nmeasures;
    size_t index;         /* position in dxp_program.goals */
} dxp_goal;

struct dxp_measure {
    dxp_decl *decl;
    int32_t file;
    dxp_goal *goal;
    dxp_prop *goal_prop;
    dxp_string_list *owners;
    bool has_since;
    dxp_year since;
    dxp_string_list *flags;
    dxp_table budget;
    dxp_series **kpis;
    size_t nkpis;
    dxp_revision *revisions;
    size_t index;         /* position in dxp_program.measures */
};


typedef struct dxp_plan_info {
    dxp_decl *decl;       /* NULL when no file of the program declares a plan */
    int32_t file;
    bool has_period;
    dxp_prop *period_prop;
    dxp_year first, last;
    bool final;           /* stage final */
    dxp_prop *rules_prop;
    dxp_decl *rules;      /* the selected rule set */
    int fiscal_start;     /* month the fiscal year starts (4) */
} dxp_plan_info;

/* A declaration and the source it is in. */
typedef struct dxp_block_ref {
    dxp_decl *decl;
    int32_t file;
} dxp_block_ref;

typedef struct dxp_program {
    dxp_diags *diags;
    dxp_arena arena;
    dxp_file **files;     /* dependencies before the files that import them */
    size_t nfiles;
    int32_t root;         /* source number of the file named on the command line */
    dxp_unit_table units;
    dxp_symtab goal_names, measure_names, series_names, rules_names;
    dxp_goal **goals;
    size_t ngoals;
    dxp_measure **measures;
    size_t nmeasures;
    dxp_series **series;  /* KPIs, parts and data, in declaration order */
    size_t nseries;
    dxp_plan_info plan;
    dxp_block_ref *unit_decls; /* unit declarations, in order */
    size_t nunit_decls;
    dxp_block_ref *rule_decls; /* rule sets, in order (a walk of every declaration costs a cache miss each) */
    size_t nrule_decls;
    dxp_block_ref *actuals;    /* actuals blocks */
    size_t nactuals;
    dxp_block_ref *revisions;  /* revise blocks */
    size_t nrevisions;
    bool allow_outside;   /* imports may leave the root file's directory */
    bool stdlib_only;     /* no file imports at all */
    bool *file_used;      /* by source number: a declaration of it is referenced */
    size_t nfile_used;
} dxp_program;

typedef struct dxp_load_options {
    bool allow_outside;
    bool stdlib_only;     /* imports may name the standard library only (fuzzing, LSP buffers) */
} dxp_load_options;

/* Registers src with diags (which takes it), checks that it is UTF-8 and
 * parses it: the syntax only, no imports (dxp fmt). NULL when it is not UTF-8. */
dxp_file *dxp_parse_source(dxp_diags *diags, dxp_source *src, dxp_arena *arena);

/* Loads, parses, resolves and checks the plan at path ("-": standard input,
 * whose imports are found in the working directory), or in memory when text
 * is not NULL. Returns NULL only when the file itself cannot be read (the
 * reason is reported to diags); otherwise a program, perhaps with errors. */
dxp_program *dxp_program_load(dxp_diags *diags, const char *path, const char *text,
                              size_t len, const dxp_load_options *opt);
void dxp_program_free(dxp_program *p);

/* The stages, in the order dxp_program_load runs them. */
void dxp_resolve(dxp_program *p);
void dxp_check(dxp_program *p);

/* Helpers shared by the stages. */
dxp_span dxp_program_span(int32_t file, dxp_loc loc);
void dxp_table_add(dxp_arena *arena, dxp_table *t, dxp_year year, dxp_value *v, dxp_loc loc, int32_t file,
                   bool from_actuals);
const dxp_year_entry *dxp_table_find(const dxp_table *t, int16_t fy);
/* The entry of a table property (a revision's target …) for fiscal year fy:
 * the last written, as a later entry of the same year overrides; or NULL. */
const dxp_year_entry *dxp_prop_entry_for(const dxp_prop *table, int16_t fy);
/* Unit of a written unit (千円/社); false (and a diagnostic) when a name is unknown. */
bool dxp_program_unit_of(dxp_program *p, int32_t file, const dxp_unit_ref *ref, dxp_unit *out,
                         bool report);
const char *dxp_direction_name(dxp_direction d);
/* A pass over one series, given the program to report to and allocate in. */
typedef void (*dxp_series_pass)(dxp_program *p, dxp_series *s, void *arg);
/* Runs pass over every series in order. In a large program (DXP_THREADS_MIN_KPIS
 * series or more, two threads) it runs the two halves at once, the second on a
 * view of the program whose diagnostics and arena are its own and are added to
 * the program's afterwards, so that the result is that of one thread. The pass
 * may change only its series, allocate and report; a KPI and its parts stay
 * in one half. */
void dxp_program_each_series(dxp_program *p, dxp_series_pass pass, void *arg);

/* Records that a declaration of source `file` is referenced (for unused imports). */
void dxp_program_use(dxp_program *p, int32_t file);
/* Makes room to record every source loaded so far, so that dxp_program_use
 * never grows the record and may then be called from two threads at once. */
void dxp_program_reserve_use(dxp_program *p);

#endif
