/* fold.h — a kpi, part or data block folded into its series as it is parsed.
 *
 * A national plan writes a few properties for each of hundreds of thousands
 * of KPIs. Kept as nodes until resolving, they were a quarter of the memory
 * a check took; the parser hands each such block here as it closes, and the
 * property nodes are reused for the next declaration. What the block says is
 * checked where it needs no other declaration (which properties a kind takes,
 * none given twice, a direction that is one); what it is wrong about is kept
 * as misfits, which resolving reports with its other diagnostics, so that
 * parsing alone (dxp fmt) reports syntax only. */
#ifndef DXP_FOLD_H
#define DXP_FOLD_H

#include "dxp/ast.h"

#define DXP_PROP_BIT(k) (1u << (k))

/* The keyword of a property: "baseline". */
const char *dxp_prop_keyword(dxp_prop_kind k);

/* Which properties (DXP_PROP_BIT of each) a kind of declaration takes. */
unsigned dxp_props_allowed(dxp_decl_kind kind);

/* Whether pr is one of the `allowed` properties (DXP_PROP_BIT of each) and
 * the first of its kind in its block; else false, and why in *why. `seen`
 * (DXP_PROP_PART + 1 of them, zeroed for each block) keeps the first of each
 * kind; a KPI may have many parts. */
bool dxp_prop_fits(unsigned allowed, const dxp_prop *pr, const dxp_prop **seen, dxp_misfit_kind *why);

/* The direction `name` says (up, down, keep) in *out; false, and up (the
 * default), when it says none (DXP308). */
bool dxp_direction_named(dxp_str name, dxp_direction *out);

/* The series of `decl` (a kpi, part or data declaration) with what `props`
 * say folded into it, allocated in arena. Tables, values and expressions
 * are the properties' own (in the arena already); the property nodes are
 * not kept. The series of a kpi's parts are among its parts, in order. */
dxp_series *dxp_fold_series(dxp_arena *arena, dxp_decl *decl, const dxp_prop *props);

/* Makes room for at least cap entries (tables live in the arena). */
void dxp_table_reserve(dxp_arena *arena, dxp_table *t, size_t cap);
/* Adds the entries of a table property (budget, target, actual). An empty
 * table whose entries are written in year order takes the property's array
 * as its own. */
void dxp_table_add_entries(dxp_arena *arena, dxp_table *t, const dxp_prop *table);

#endif
