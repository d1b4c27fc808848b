/* units.c — see units.h. */
#include "dxp/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const dxp_unit DXP_UNIT_ONE = { 1.0, 0, { { 0, 0 } } };

static dxp_str unit_name(const void *def)
{
    return ((const dxp_unit_def *)def)->name;
}

void dxp_units_init(dxp_unit_table *t, dxp_arena *arena)
{
    memset(t, 0, sizeof *t);
    dxp_symtab_init(&t->names, unit_name);
    /* % is built in: dimensionless, a hundredth. */
    dxp_unit_def *pct = dxp_arena_alloc(arena, sizeof *pct);
    pct->name = dxp_str_from("%");
    pct->unit = DXP_UNIT_ONE;
    pct->unit.factor = 0.01;
    pct->resolved = true;
    pct->file = -1;
    dxp_symtab_put(&t->names, pct->name, pct);
}

void dxp_units_free(dxp_unit_table *t)
{
    dxp_symtab_free(&t->names);
    free(t->bases);
    memset(t, 0, sizeof *t);
}

uint16_t dxp_units_new_base(dxp_unit_table *t, dxp_str name)
{
    DXP_PUSH(t->bases, t->nbases, name);
    return (uint16_t)(t->nbases - 1);
}

/* Merges the dimensions of a and b (b's exponents times sign). */
static bool combine(const dxp_unit *a, const dxp_unit *b, int sign, dxp_unit *out)
{
    dxp_unit r;
    memset(&r, 0, sizeof r);
    r.factor = sign > 0 ? a->factor * b->factor : a->factor / b->factor;
    size_t i = 0, j = 0;
    while (i < a->ndims || j < b->ndims) {
        dxp_dim d;
        if (j >= b->ndims || (i < a->ndims && a->dims[i].base < b->dims[j].base)) {
            d = a->dims[i++];
        } else if (i >= a->ndims || b->dims[j].base < a->dims[i].base) {
            d = b->dims[j++];
            d.exponent = (int8_t)(d.exponent * sign);
        } else {
            d.base = a->dims[i].base;
            d.exponent = (int8_t)(a->dims[i].exponent + sign * b->dims[j].exponent);
            i++, j++;
        }
        if (d.exponent == 0) continue;
        if (r.ndims == DXP_UNIT_MAX_DIMS) return false;
        r.dims[r.ndims++] = d;
    }
    *out = r;
    return true;
}

bool dxp_unit_mul(const dxp_unit *a, const dxp_unit *b, dxp_unit *out)
{
    return combine(a, b, 1, out);
}

bool dxp_unit_div(const dxp_unit *a, const dxp_unit *b, dxp_unit *out)
{
    return combine(a, b, -1, out);
}

bool dxp_unit_same_dimension(const dxp_unit *a, const dxp_unit *b)
{
    if (a->ndims != b->ndims) return false;
    for (size_t i = 0; i < a->ndims; i++)
        if (a->dims[i].base != b->dims[i].base || a->dims[i].exponent != b->dims[i].exponent)
            return false;
    return true;
}

bool dxp_unit_is_dimensionless(const dxp_unit *a)
{
    return a->ndims == 0;
}

double dxp_unit_ratio(const dxp_unit *from, const dxp_unit *to)
{
    return from->factor / to->factor;
}

const char *dxp_unit_describe(const dxp_unit_table *t, const dxp_unit *u, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
#define PUT(...) do { int k = snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__); \
                      if (k > 0) n += (size_t)k; } while (0)
    /* Dimensionless units read as "%" or "a plain number"; others as "1000 円/社". */
    if (u->ndims == 0) {
        if (u->factor == 0.01) PUT("%%");
        else if (u->factor == 1.0) PUT("a plain number");
        else PUT("%.15g", u->factor);
        return buf;
    }
    if (u->factor != 1.0) PUT("%.15g", u->factor);
    bool first = true;
    for (int pass = 0; pass < 2; pass++) {         /* numerator, then denominator */
        for (size_t i = 0; i < u->ndims; i++) {
            int e = u->dims[i].exponent;
            if ((pass == 0) != (e > 0)) continue;
            dxp_str name = u->dims[i].base < t->nbases ? t->bases[u->dims[i].base]
                                                       : dxp_str_from("?");
            if (pass == 1) PUT("/");
            else if (!first || u->factor != 1.0) PUT(" ");
            PUT("%.*s", (int)name.len, name.ptr);
            if (abs(e) > 1) PUT("^%d", abs(e));
            first = false;
        }
    }
#undef PUT
    if (n >= size && size > 0) buf[size - 1] = '\0';
    return buf;
}
