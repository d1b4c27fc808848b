/* ast.c — small helpers over the syntax tree (see ast.h). */
#include "dxp/ast.h"

#include "dxp/literal.h"
#include "dxp/stdlib.h"

#include <stdio.h>
#include <string.h>

static const struct { const char *keyword, *japanese; } STATE_NAMES[DXP_STATE_COUNT] = {
    [DXP_STATE_PENDING]     = { "pending", "調整中" },
    [DXP_STATE_REVIEWING]   = { "reviewing", "精査中" },
    [DXP_STATE_UNPUBLISHED] = { "unpublished", "未公表" },
    [DXP_STATE_UNMEASURED]  = { "unmeasured", "未計測" },
    [DXP_STATE_NONE]        = { "none", "—" },
    [DXP_STATE_NEW]         = { "new", "新規" },
    [DXP_STATE_FROM]        = { "from", "から実施" },
};

const char *dxp_state_keyword(dxp_state s)
{
    return s < DXP_STATE_COUNT ? STATE_NAMES[s].keyword : "?";
}

const char *dxp_state_japanese(dxp_state s)
{
    return s < DXP_STATE_COUNT ? STATE_NAMES[s].japanese : "?";
}

const char *dxp_op_text(int op)
{
    switch (op) {
    case DXP_OP_ADD: return "+";
    case DXP_OP_SUB: case DXP_OP_NEG: return "-";
    case DXP_OP_MUL: return "*";
    case DXP_OP_DIV: return "/";
    case DXP_OP_LT:  return "<";
    case DXP_OP_LE:  return "<=";
    case DXP_OP_GT:  return ">";
    case DXP_OP_GE:  return ">=";
    case DXP_OP_EQ:  return "==";
    case DXP_OP_NE:  return "!=";
    case DXP_OP_AND: return "and";
    case DXP_OP_OR:  return "or";
    case DXP_OP_NOT: return "not";
    default:         return "?";
    }
}

dxp_decl *dxp_file_next_import(const dxp_file *f, dxp_decl *d, uint32_t *seen)
{
    if (*seen >= f->nimports) return NULL;
    for (d = d ? d->next : f->decls; d; d = d->next)
        if (d->kind == DXP_DECL_IMPORT) {
            (*seen)++;
            return d;
        }
    return NULL;
}

const char *dxp_decl_kind_name(dxp_decl_kind k)
{
    switch (k) {
    case DXP_DECL_IMPORT:  return "import";
    case DXP_DECL_PLAN:    return "plan";
    case DXP_DECL_UNIT:    return "unit";
    case DXP_DECL_GOAL:    return "goal";
    case DXP_DECL_MEASURE: return "measure";
    case DXP_DECL_KPI:     return "kpi";
    case DXP_DECL_PART:    return "part";
    case DXP_DECL_DATA:    return "data";
    case DXP_DECL_ACTUALS: return "actuals";
    case DXP_DECL_REVISE:  return "revise";
    case DXP_DECL_RULES:   return "rules";
    }
    return "?";
}

bool dxp_str_eq(dxp_str a, const char *s)
{
    size_t n = strlen(s);
    return a.len == n && memcmp(a.ptr, s, n) == 0;
}

bool dxp_str_same(dxp_str a, dxp_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

int dxp_str_compare(dxp_str a, dxp_str b)
{
    int c = memcmp(a.ptr, b.ptr, a.len < b.len ? a.len : b.len);
    return c ? c : (a.len > b.len) - (a.len < b.len);
}

dxp_str dxp_str_from(const char *s)
{
    dxp_str r = { s, (uint32_t)strlen(s) };
    return r;
}

/* Appends len bytes of s to the NUL-terminated text of length n in buf, as
 * far as it fits; returns the new length. */
static size_t append(char *buf, size_t size, size_t n, const char *s, size_t len)
{
    if (n + len >= size) len = n + 1 < size ? size - n - 1 : 0;
    memcpy(buf + n, s, len);
    buf[n + len] = '\0';
    return n + len;
}

char *dxp_format_integer(long long v, char *end)
{
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do *--end = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0) *--end = '-';
    return end;
}

static size_t append_int(char *buf, size_t size, size_t n, int v)
{
    char digits[12];
    const char *start = dxp_format_integer(v, digits + sizeof digits);
    return append(buf, size, n, start, (size_t)(digits + sizeof digits - start));
}

/* Without printf: reports and messages format a year for every KPI. */
const char *dxp_year_format(dxp_year y, char *buf, size_t size)
{
    static const char NENDO[] = "年度";
    if (size == 0) return buf;
    buf[0] = '\0';
    size_t n = 0;
    switch (y.era) {
    case DXP_ERA_FY:
        n = append(buf, size, n, "FY", 2);
        append_int(buf, size, n, y.fy);
        break;
    case DXP_ERA_GREGORIAN:
        n = append_int(buf, size, n, y.fy);
        append(buf, size, n, NENDO, sizeof NENDO - 1);
        break;
    default: {
        int ey = y.fy - dxp_era_first_year(y.era) + 1;
        if (y.kanji) {
            const char *era = dxp_era_kanji(y.era);
            n = append(buf, size, n, era, strlen(era));
            n = ey == 1 ? append(buf, size, n, "元", strlen("元")) : append_int(buf, size, n, ey);
            append(buf, size, n, NENDO, sizeof NENDO - 1);
        } else {
            char era = y.era;
            n = append(buf, size, n, &era, 1);
            append_int(buf, size, n, ey);
        }
    }
    }
    return buf;
}

const dxp_embedded_file *dxp_stdlib_find(const char *name, size_t len)
{
    for (const dxp_embedded_file *f = dxp_stdlib_files; f->name; f++)
        if (strlen(f->name) == len && memcmp(f->name, name, len) == 0) return f;
    return NULL;
}
