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

dxp_str dxp_str_from(const char *s)
{
    dxp_str r = { s, (uint32_t)strlen(s) };
    return r;
}

const char *dxp_year_format(dxp_year y, char *buf, size_t size)
{
    switch (y.era) {
    case DXP_ERA_FY:
        snprintf(buf, size, "FY%d", y.fy);
        break;
    case DXP_ERA_GREGORIAN:
        snprintf(buf, size, "%d年度", y.fy);
        break;
    default: {
        int ey = y.fy - dxp_era_first_year(y.era) + 1;
        if (y.kanji && ey == 1) snprintf(buf, size, "%s元年度", dxp_era_kanji(y.era));
        else if (y.kanji) snprintf(buf, size, "%s%d年度", dxp_era_kanji(y.era), ey);
        else snprintf(buf, size, "%c%d", y.era, ey);
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
