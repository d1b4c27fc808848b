/* program.c — loading a plan and its imports, then running resolve and check.
 *
 * Imports are resolved relative to the importing file; "std" (and any other
 * name of an embedded file) is the standard library compiled into dxp. Each
 * file is read once, however often it is imported; a file that imports itself,
 * directly or through others, is an import cycle. */
#include "dxp/program.h"
#include "dxp/i18n.h"

#include "dxp/parse.h"
#include "dxp/stdlib.h"
#include "dxp/threads.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct loaded_file {
    char *key;            /* canonical path, or "<std>/NAME" */
    dxp_file *file;       /* NULL while loading, or when it could not be read */
    bool loading;
} loaded_file;

typedef struct loader {
    dxp_program *p;
    loaded_file *files;
    size_t nfiles;
    char *root_dir;       /* imports may not leave it unless allowed */
} loader;

dxp_span dxp_program_span(int32_t file, dxp_loc loc)
{
    return dxp_span_make(file, loc.start, loc.end);
}

static void add_file(dxp_program *p, dxp_file *f)
{
    DXP_PUSH(p->files, p->nfiles, f);
}

dxp_file *dxp_parse_source(dxp_diags *diags, dxp_source *src, dxp_arena *arena)
{
    int32_t id = dxp_diags_add_source(diags, src);
    size_t bad = dxp_source_invalid_utf8(src);
    if (bad < src->len) {
        dxp_diag *d = dxp_error(diags, "DXP002", dxp_span_make(id, (uint32_t)bad, (uint32_t)bad + 1),
                                _("the file is not valid UTF-8 (byte 0x%02X)"),
                                (unsigned char)src->text[bad]);
        dxp_diag_help(d, _("plan files are UTF-8; a Shift_JIS file converts with "
                         "`iconv -f SHIFT_JIS -t UTF-8`"));
        return NULL;
    }
    dxp_file *f = dxp_parse(diags, id, arena);
    if (!f->decls && !f->had_errors)
        dxp_diag_help(dxp_warning(diags, "DXP003", dxp_span_make(id, 0, 0),
                                  "the file declares nothing"),
                      _("a plan starts with `import \"std\"` and a `plan` block (docs/language.md)"));
    return f;
}

static dxp_file *parse_source(dxp_program *p, dxp_source *src)
{
    return dxp_parse_source(p->diags, src, &p->arena);
}

static bool inside(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/') return true;
    return strncmp(dir, path, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static void load_imports(loader *ld, dxp_file *f, int depth);

static loaded_file *find_loaded(loader *ld, const char *key)
{
    for (size_t i = 0; i < ld->nfiles; i++)
        if (strcmp(ld->files[i].key, key) == 0) return &ld->files[i];
    return NULL;
}

static loaded_file *remember(loader *ld, const char *key)
{
    ld->files = dxp_xrealloc(ld->files, (ld->nfiles + 1) * sizeof *ld->files);
    loaded_file *lf = &ld->files[ld->nfiles++];
    lf->key = dxp_xstrdup(key);
    lf->file = NULL;
    lf->loading = true;
    return lf;
}

/* Loads the file one import names, and (first) everything it imports. */
static void load_import(loader *ld, dxp_file *from, dxp_decl *imp, int depth)
{
    dxp_program *p = ld->p;
    dxp_span at = dxp_program_span(from->file, imp->id_loc);
    char *name = dxp_arena_strndup(&p->arena, imp->id_text, imp->id_len);
    if (depth >= DXP_MAX_IMPORT_DEPTH) {
        dxp_error(p->diags, "DXP304", at, _("imports are nested deeper than %d files"),
                  DXP_MAX_IMPORT_DEPTH);
        return;
    }
    char key[PATH_MAX + 16];
    char *path = NULL;
    const dxp_embedded_file *emb = strchr(name, '/') || strstr(name, ".dxp")
                                       ? NULL : dxp_stdlib_find(name, strlen(name));
    if (emb) {
        snprintf(key, sizeof key, "<std>/%s", name);
    } else if (p->stdlib_only) {
        dxp_error(p->diags, "DXP301", at, _("cannot import '%s': only the standard library can be imported here"), name);
        return;
    } else {
        dxp_source *importer = dxp_diags_source(p->diags, from->file);
        char *dir = importer->embedded ? dxp_xstrdup(".") : dxp_path_dir(importer->path);
        path = dxp_xmalloc(strlen(dir) + strlen(name) + 2);
        if (name[0] == '/' || strcmp(dir, ".") == 0) strcpy(path, name);
        else sprintf(path, "%s/%s", dir, name);
        char real[PATH_MAX];
        const char *why = NULL;
        bool found = realpath(path, real) != NULL;
        if (!found) {
            dxp_diag *d = dxp_error(p->diags, "DXP301", at, _("cannot import '%s': no such file"), name);
            if (importer->from_stdin)
                dxp_diag_help(d, _("a plan read from standard input imports from the working directory; "
                                 "the standard library is imported as \"std\""));
            else
                dxp_diag_help(d, _("imports are relative to the importing file (%s/); the standard "
                                 "library is imported as \"std\""), dir);
        } else if (!p->allow_outside && ld->root_dir && !inside(ld->root_dir, real)) {
            dxp_diag *d = dxp_error(p->diags, "DXP309", at,
                                    _("import '%s' leaves the plan's directory"), name);
            dxp_diag_help(d, _("keep imported plans beside the plan or below it, or pass "
                             "--allow-outside"));
            found = false;
        } else if (!dxp_path_is_file(real, &why)) {
            dxp_diag *d = dxp_error(p->diags, "DXP301", at, _("cannot import '%s': %s"), name, why);
            dxp_diag_help(d, _("an import names a plan file, e.g. import \"plan-common.dxp\""));
            found = false;
        }
        free(dir);
        if (!found) { free(path); return; }
        snprintf(key, sizeof key, "%s", real);
    }
    loaded_file *seen = find_loaded(ld, key);
    if (seen) {
        /* Imported before: read once. Still loading: it imports itself. */
        if (seen->loading)
            dxp_error(p->diags, "DXP304", at, _("import cycle: '%s' is already being imported"), name);
        else if (seen->file)
            imp->target = seen->file->file;
        free(path);
        return;
    }
    dxp_source *src;
    if (emb) {
        char label[64];
        snprintf(label, sizeof label, "<std>/%s.dxp", emb->name);
        src = dxp_source_from_memory(label, emb->text, emb->len);
        src->embedded = true;
    } else {
        const char *err = NULL;
        src = dxp_source_load(path, &err);
        free(path);
        if (!src) {
            dxp_error(p->diags, "DXP301", at, _("cannot import '%s': %s"), name, err);
            return;
        }
    }
    size_t index = ld->nfiles;
    remember(ld, key);
    dxp_file *f = parse_source(p, src);
    imp->target = f ? f->file : -1;
    if (f) load_imports(ld, f, depth + 1);
    ld->files[index].file = f;
    ld->files[index].loading = false;
    if (f) add_file(p, f);
}

static void load_imports(loader *ld, dxp_file *f, int depth)
{
    uint32_t seen = 0;
    for (dxp_decl *d = NULL; (d = dxp_file_next_import(f, d, &seen));) load_import(ld, f, d, depth);
}

/* The names the program's tables are keyed by (dxp_symtab_init). */
static dxp_str goal_name(const void *g) { return dxp_decl_id(((const dxp_goal *)g)->decl); }
static dxp_str measure_name(const void *m) { return dxp_decl_id(((const dxp_measure *)m)->decl); }
static dxp_str series_name(const void *s) { return dxp_series_id(s); }
static dxp_str rules_name(const void *d) { return dxp_decl_id(((const dxp_decl *)d)); }

dxp_program *dxp_program_load(dxp_diags *diags, const char *path, const char *text, size_t len,
                              const dxp_load_options *opt)
{
    dxp_source *src;
    if (text) {
        src = dxp_source_from_memory(path, text, len);
    } else {
        const char *err = NULL;
        src = dxp_source_load_arg(path, &err);
        if (!src) {
            dxp_error(diags, "DXP001", DXP_NO_SPAN, _("cannot read %s: %s"), dxp_arg_display_name(path), err);
            return NULL;
        }
    }
    dxp_program *p = dxp_xcalloc(1, sizeof *p);
    p->diags = diags;
    p->allow_outside = opt && opt->allow_outside;
    p->stdlib_only = opt && opt->stdlib_only;
    dxp_arena_init(&p->arena);
    dxp_units_init(&p->units, &p->arena);
    dxp_symtab_init(&p->goal_names, goal_name);
    dxp_symtab_init(&p->measure_names, measure_name);
    dxp_symtab_init(&p->series_names, series_name);
    dxp_symtab_init(&p->rules_names, rules_name);

    loader ld = { p, NULL, 0, NULL };
    char real[PATH_MAX];
    if (!text && dxp_arg_is_stdin(path)) {
        /* A plan read from standard input imports from the working directory. */
        ld.root_dir = realpath(".", real) ? dxp_xstrdup(real) : NULL;
        remember(&ld, DXP_STDIN_NAME);
    } else if (!text && realpath(path, real)) {
        ld.root_dir = dxp_path_dir(real);
        remember(&ld, real);
    } else {
        ld.root_dir = NULL;
        remember(&ld, path);
    }
    dxp_file *root = parse_source(p, src);
    p->root = (int32_t)diags->nsources - 1;
    if (root) {
        load_imports(&ld, root, 1);
        add_file(p, root);
    }
    for (size_t i = 0; i < ld.nfiles; i++) free(ld.files[i].key);
    free(ld.files);
    free(ld.root_dir);

    dxp_resolve(p);
    dxp_check(p);
    return p;
}

/* Makes the record of files used hold at least n files. */
static void grow_use(dxp_program *p, size_t n)
{
    if (n <= p->nfile_used) return;
    p->file_used = dxp_xrealloc(p->file_used, n * sizeof *p->file_used);
    memset(p->file_used + p->nfile_used, 0, (n - p->nfile_used) * sizeof *p->file_used);
    p->nfile_used = n;
}

void dxp_program_use(dxp_program *p, int32_t file)
{
    if (file < 0) return;
    if ((size_t)file >= p->nfile_used) grow_use(p, (size_t)file + 8);
    /* The two halves of a series pass have records of their own (below).
     * The two halves of an evaluation share this one, but checking has
     * marked what they use before them: they find it marked and do not
     * write. The accesses stay atomic for a case where they would. */
    if (!__atomic_load_n(&p->file_used[file], __ATOMIC_RELAXED))
        __atomic_store_n(&p->file_used[file], true, __ATOMIC_RELAXED);
}

void dxp_program_reserve_use(dxp_program *p)
{
    grow_use(p, p->diags->nsources);
}

/* One half of the series: the first runs on the program itself, the second
 * on a copy of it whose diagnostics and arena are its own. */
typedef struct series_half {
    dxp_program *program;
    size_t from, to;
    dxp_series_pass pass;
    void *arg;
} series_half;

static void run_series_half(void *arg)
{
    series_half *h = arg;
    for (size_t i = h->from; i < h->to; i++) h->pass(h->program, h->program->series[i], h->arg);
}

void dxp_program_each_series(dxp_program *p, dxp_series_pass pass, void *arg)
{
    size_t split = p->nseries / 2;
    while (split < p->nseries && p->series[split]->kind == DXP_SERIES_PART) split++;   /* parts stay with their KPI */
    if (p->nseries < DXP_THREADS_MIN_KPIS || split == p->nseries || !dxp_threads_available()) {
        for (size_t i = 0; i < p->nseries; i++) pass(p, p->series[i], arg);
        return;
    }
    dxp_diags diags;
    dxp_diags_init_borrowing(&diags, p->diags);
    dxp_program copy = *p;
    copy.diags = &diags;
    dxp_arena_init(&copy.arena);
    copy.file_used = dxp_xcalloc(p->nfile_used, sizeof *copy.file_used);
    series_half first = { p, 0, split, pass, arg }, second = { &copy, split, p->nseries, pass, arg };
    dxp_run_both(run_series_half, &first, run_series_half, &second);
    dxp_arena_adopt(&p->arena, &copy.arena);
    for (size_t i = 0; i < copy.nfile_used; i++)
        if (copy.file_used[i]) dxp_program_use(p, (int32_t)i);
    free(copy.file_used);
    dxp_diags_append(p->diags, &diags);
    dxp_diags_free_borrowing(&diags);
}

void dxp_program_free(dxp_program *p)
{
    if (!p) return;
    free(p->file_used);
    for (size_t i = 0; i < p->ngoals; i++) free(p->goals[i]->measures);
    free(p->goals);
    free(p->measures);
    free(p->series);
    free(p->unit_decls);
    free(p->rule_decls);
    free(p->actuals);
    free(p->revisions);
    free(p->files);
    dxp_units_free(&p->units);
    dxp_symtab_free(&p->goal_names);
    dxp_symtab_free(&p->measure_names);
    dxp_symtab_free(&p->series_names);
    dxp_symtab_free(&p->rules_names);
    dxp_arena_free(&p->arena);
    free(p);
}
