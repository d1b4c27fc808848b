/* units.h — units of measure and their algebra.
 *
 * A unit is a factor times a product of base units with integer exponents:
 * 千円 = 1000 × 円, 千円/社 = 1000 × 円 × 社^-1, % = 0.01 (dimensionless).
 * Base units are the declared units without a conversion (件, 人, 円 …); each
 * is its own dimension. Two units are convertible when their bases and
 * exponents agree; the value then converts by the ratio of their factors. */
#ifndef DXP_UNITS_H
#define DXP_UNITS_H

#include "dxp/ast.h"
#include "dxp/symtab.h"

#include <stdbool.h>
#include <stdint.h>

#define DXP_UNIT_MAX_DIMS 6

typedef struct DXP_PACKED dxp_dim {   /* three bytes: every value carries six */
    uint16_t base;       /* index of a base unit */
    int8_t exponent;
} dxp_dim;

typedef struct dxp_unit {
    double factor;
    uint8_t ndims;       /* sorted by base, no zero exponents */
    dxp_dim dims[DXP_UNIT_MAX_DIMS];
} dxp_unit;

typedef struct dxp_unit_def {
    dxp_str name;
    dxp_unit unit;
    dxp_decl *decl;      /* NULL for the built-in % */
    int32_t file;
    bool resolved;       /* conversion evaluated */
    bool resolving;      /* on the stack: a cycle in conversions */
} dxp_unit_def;

typedef struct dxp_unit_table {
    dxp_symtab names;    /* name → dxp_unit_def */
    dxp_str *bases;      /* base unit names, by index */
    size_t nbases;
} dxp_unit_table;

extern const dxp_unit DXP_UNIT_ONE;      /* dimensionless, factor 1 */

void dxp_units_init(dxp_unit_table *t, dxp_arena *arena);
void dxp_units_free(dxp_unit_table *t);

/* Makes a new base unit and returns its index. */
uint16_t dxp_units_new_base(dxp_unit_table *t, dxp_str name);

/* Product and quotient; false when the result would need more than
 * DXP_UNIT_MAX_DIMS dimensions. */
bool dxp_unit_mul(const dxp_unit *a, const dxp_unit *b, dxp_unit *out);
bool dxp_unit_div(const dxp_unit *a, const dxp_unit *b, dxp_unit *out);
bool dxp_unit_same_dimension(const dxp_unit *a, const dxp_unit *b);
bool dxp_unit_is_dimensionless(const dxp_unit *a);
/* Multiplier that converts a value in `from` to `to` (same dimension). */
double dxp_unit_ratio(const dxp_unit *from, const dxp_unit *to);

/* Writes the unit in base terms ("1000 円/社") for messages. */
const char *dxp_unit_describe(const dxp_unit_table *t, const dxp_unit *u, char *buf, size_t size);

#endif
