/* Helpers shared by the unit tests that load a plan from a string. */
#ifndef DXP_TEST_HELPERS_H
#define DXP_TEST_HELPERS_H

#include <stdlib.h>
#include <string.h>

#include "dxp/parse.h"
#include "dxp/program.h"

/* A text parsed on its own: the syntax tree, no imports (test_parse, test_fold). */
typedef struct parsed {
    dxp_diags diags;
    dxp_arena arena;
    dxp_file *file;
    const char *text;   /* as the parser read it */
} parsed;

static inline parsed *parse_text(const char *text)
{
    parsed *p = dxp_xcalloc(1, sizeof *p);
    dxp_diags_init(&p->diags);
    dxp_arena_init(&p->arena);
    int32_t f = dxp_diags_add_source(&p->diags, dxp_source_from_memory("t.dxp", text, strlen(text)));
    p->file = dxp_parse(&p->diags, f, &p->arena);
    p->text = dxp_diags_source(&p->diags, f)->text;
    return p;
}

static inline void free_parsed(parsed *p)
{
    dxp_arena_free(&p->arena);
    dxp_diags_free(&p->diags);
    free(p);
}

typedef struct loaded {
    dxp_diags diags;
    dxp_program *p;
} loaded;

static inline loaded *load_plan(const char *text)
{
    loaded *l = dxp_xcalloc(1, sizeof *l);
    dxp_diags_init(&l->diags);
    l->p = dxp_program_load(&l->diags, "plan.dxp", text, strlen(text), NULL);
    return l;
}

static inline void unload(loaded *l)
{
    dxp_program_free(l->p);
    dxp_diags_free(&l->diags);
    free(l);
}

/* The codes reported, in order of position, joined by spaces ("" if none). */
static inline const char *codes_of(loaded *l, char *buf, size_t size)
{
    FILE *devnull = fopen("/dev/null", "w");
    dxp_render_options opt = { DXP_DIAG_GCC, DXP_COLUMN_CHAR, false, false };
    dxp_diags_render(&l->diags, devnull, &opt);   /* sorts them */
    fclose(devnull);
    buf[0] = '\0';
    for (size_t i = 0; i < l->diags.count; i++) {
        if (i) strncat(buf, " ", size - strlen(buf) - 1);
        strncat(buf, l->diags.items[i].code, size - strlen(buf) - 1);
    }
    return buf;
}

/* Loads text and compares the codes it reports with `expected`. */
#define assert_codes(text, expected) do {                                  \
        loaded *l_ = load_plan(text);                                      \
        char buf_[512];                                                    \
        assert_string_equal(codes_of(l_, buf_, sizeof buf_), expected);    \
        unload(l_);                                                        \
    } while (0)

#endif
