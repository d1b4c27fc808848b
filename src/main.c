#include "dxp/parse.h"
#include <stdio.h>
int main(int argc, char **argv)
{
    dxp_diags d; dxp_diags_init(&d);
    const char *err;
    dxp_source *s = dxp_source_load(argv[argc-1], &err);
    if (!s) { fprintf(stderr, "%s\n", err); return 2; }
    int32_t f = dxp_diags_add_source(&d, s);
    dxp_arena a; dxp_arena_init(&a);
    dxp_parse(&d, f, &a);
    dxp_render_options o = { DXP_DIAG_TEXT, DXP_COLUMN_CHAR, false };
    dxp_diags_render(&d, stderr, &o);
    int rc = d.errors ? 1 : 0;
    dxp_arena_free(&a); dxp_diags_free(&d);
    return rc;
}
