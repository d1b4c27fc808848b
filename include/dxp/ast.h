/* ast.h — the syntax tree of one .dxp file.
 *
 * Every node lives in the parse's arena. Names and strings point into the source
 * buffer (dxp_str); every node keeps its byte span (dxp_loc) so that the written
 * form of a literal is always recoverable from the source, and comments are kept
 * in dxp_file.comments for the formatter. A plan, goal or measure keeps its
 * properties as an ordered list, exactly as written, for the resolver; a kpi,
 * part or data block is folded into its series as it is parsed (fold.h). */
#ifndef DXP_AST_H
#define DXP_AST_H

#include "dxp/arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Enumerations stored in the syntax tree take one byte (GCC and Clang). */
#define DXP_PACKED __attribute__((packed))

typedef struct dxp_loc { uint32_t start, end; } dxp_loc;   /* byte offsets */

typedef struct dxp_str { const char *ptr; uint32_t len; } dxp_str;

/* Fiscal years dxp accepts: from the Meiji era to 2200. */
#define DXP_MIN_YEAR 1868
#define DXP_MAX_YEAR 2200
/* Years one table may hold, ranges expanded: three times the years there
 * are, so that every year given twice is still reported (DXP306), while a
 * file of ranges (1868..2200: 1, over and over) cannot ask for gigabytes. */
#define DXP_MAX_TABLE_YEARS 1000

/* Eras and the other ways a fiscal year can be written. */
typedef enum dxp_era {
    DXP_ERA_MEIJI = 'M', DXP_ERA_TAISHO = 'T', DXP_ERA_SHOWA = 'S',
    DXP_ERA_HEISEI = 'H', DXP_ERA_REIWA = 'R',
    DXP_ERA_FY = 'F',         /* FY2024 */
    DXP_ERA_GREGORIAN = 'G'   /* 2024年度 */
} dxp_era;

/* A fiscal year: `fy` is the Gregorian year in which it starts (R6 → 2024). */
typedef struct dxp_year {
    int16_t fy;
    char era;          /* dxp_era: how it was written, so reports can say R6 */
    bool kanji;        /* written with the era name (令和6年度) */
} dxp_year;

/* A time point: a calendar month (R2.12 → 2020-12), or the end of a fiscal year. */
typedef struct dxp_point {
    int16_t year;      /* calendar year */
    int8_t month;      /* 1..12 */
    bool is_fiscal;    /* written as a fiscal year: the point is its end */
    dxp_year form;     /* era and style as written */
} dxp_point;

/* Value states (LANGUAGE.md §5). */
typedef enum DXP_PACKED dxp_state {
    DXP_STATE_PENDING,      /* 調整中 検討中 */
    DXP_STATE_REVIEWING,    /* 精査中 */
    DXP_STATE_UNPUBLISHED,  /* 未公表 */
    DXP_STATE_UNMEASURED,   /* 未計測 把握困難 */
    DXP_STATE_NONE,         /* — - なし */
    DXP_STATE_NEW,          /* 新規 */
    DXP_STATE_FROM,         /* R6から実施 / from R6 */
    DXP_STATE_COUNT
} dxp_state;

const char *dxp_state_keyword(dxp_state s);   /* "pending" */
const char *dxp_state_japanese(dxp_state s);  /* "調整中" */

/* A unit as written after a number or in `unit …`: terms like 千円 / 社.
 * A term's name is as long as its loc (dxp_unit_term_name), except "%",
 * which may be written ％: a national plan writes a unit for every KPI, and
 * the name's length need not take a place of its own. */
typedef struct dxp_unit_term {
    struct dxp_unit_term *next;
    const char *name;      /* "%" for % and ％ */
    dxp_loc loc;
    int8_t exponent;       /* +1 numerator, -1 denominator */
    bool percent;
} dxp_unit_term;

static inline dxp_str dxp_unit_term_name(const dxp_unit_term *t)
{
    return (dxp_str){ t->name, t->percent ? 1 : t->loc.end - t->loc.start };
}

/* A unit of one term (件, %), by far the commonest (a national plan writes
 * one for every KPI), has no term node: its term is the text at loc. Read
 * the terms through dxp_unit_ref_terms, which makes that one in *one. */
typedef struct dxp_unit_ref {
    dxp_unit_term *terms;  /* NULL: one term, written at loc */
    const char *text;      /* the unit as written: loc's first byte */
    dxp_loc loc;
} dxp_unit_ref;

/* Whether the len bytes at s are a percent sign, % or ％. */
static inline bool dxp_is_percent_sign(const char *s, uint32_t len)
{
    return (len == 1 && s[0] == '%') || (len == 3 && memcmp(s, "\xEF\xBC\x85", 3) == 0);
}

/* The first term of ref, the others following it through next. */
static inline const dxp_unit_term *dxp_unit_ref_terms(const dxp_unit_ref *ref, dxp_unit_term *one)
{
    if (ref->terms) return ref->terms;
    bool percent = dxp_is_percent_sign(ref->text, ref->loc.end - ref->loc.start);
    *one = (dxp_unit_term){ NULL, percent ? "%" : ref->text, ref->loc, 1, percent };
    return one;
}

typedef struct dxp_number {
    double value;          /* multipliers (万 億 兆) applied */
    dxp_loc loc;           /* the written form */
} dxp_number;

typedef struct dxp_expr dxp_expr;

typedef enum DXP_PACKED dxp_value_kind {
    DXP_VALUE_QUANTITY,    /* 128, 18%, 2,400 千円 */
    DXP_VALUE_STATE,       /* 調整中, R6から実施 */
    DXP_VALUE_RANGE,       /* 95%..100% (keep targets) */
    DXP_VALUE_COMPARE      /* > actual[R5] (targets that are expressions) */
} dxp_value_kind;

/* The rarer parts of a written value, kept apart so that the common plain
 * number stays small (24 bytes): a national plan holds hundreds of thousands
 * of them. The block lies right after its value in memory (has_extra), so
 * that the value needs no pointer to it: read it through dxp_value_extra_of
 * and the accessors below, which answer for a value without one. A value is
 * therefore never copied on its own: it is made by the parser and pointed to. */
typedef struct dxp_value_extra {
    dxp_unit_ref *unit;    /* 18%: the unit written after the number */
    dxp_loc number_loc;    /* the number itself, when the value is more than it (has_number_loc) */
    union {
        struct dxp_value *high;  /* DXP_VALUE_RANGE: the upper end */
        dxp_expr *expr;          /* DXP_VALUE_COMPARE: what is compared with */
    };
    dxp_year state_year;   /* DXP_STATE_FROM: R6から実施 */
    dxp_year from;         /* 74.7 from R5: taken from another year */
    dxp_loc from_loc;
    const char *remark_text;   /* 70 "希望職員のうち": shown verbatim (dxp_value_remark) */
    uint32_t remark_len;
    uint32_t loc_end;      /* where a value too long for dxp_value.len ends (has_long_loc) */
} dxp_value_extra;

_Static_assert(sizeof(dxp_value_extra) == 56, "a value's extra block stays 56 bytes");

/* The remark written after a value (has_remark). */
static inline dxp_str dxp_value_remark(const dxp_value_extra *x)
{
    return (dxp_str){ x->remark_text, x->remark_len };
}

/* A percentage written right after its number (45.2%, 45.2％), a unit of
 * a tenth of a plan's values, needs no extra block: the value says which
 * sign ends it (percent_sign), and its number is the rest. */
enum { DXP_PERCENT_NONE, DXP_PERCENT_ASCII, DXP_PERCENT_WIDE };

/* 16 bytes: the number, where the value starts and, in the bits left,
 * how long it is (up to DXP_VALUE_MAX_LEN bytes; a longer one, a remark
 * after a long comment, keeps its end in the extra block) and what it is. */
#define DXP_VALUE_MAX_LEN 16383u
typedef struct dxp_value {
    double number;         /* DXP_VALUE_QUANTITY (and a range's lower end): multipliers and sign applied */
    uint32_t start;        /* the whole value as written: dxp_value_loc */
    unsigned len : 14;     /* its length, unless has_long_loc */
    unsigned kind : 2;     /* dxp_value_kind */
    unsigned state : 3;    /* dxp_state, for DXP_VALUE_STATE */
    unsigned compare_op : 4;   /* DXP_OP_GT … for DXP_VALUE_COMPARE */
    bool negative : 1;
    bool parenthesized : 1;    /* (100): a reference baseline */
    bool has_from : 1;         /* extra->from and from_loc are set */
    bool has_remark : 1;       /* extra->remark is set */
    bool has_number_loc : 1;   /* extra->number_loc is set: -5, 18 件, (100), 74.7 from R5 … */
    unsigned percent_sign : 2; /* DXP_PERCENT_*: the value is its number and this sign (no extra) */
    bool has_extra : 1;        /* a dxp_value_extra follows the value */
    bool has_long_loc : 1;     /* extra->loc_end is where it ends */
} dxp_value;

_Static_assert(sizeof(dxp_value) == 16, "a value stays 16 bytes: a national plan holds 665,000");
_Static_assert(DXP_STATE_COUNT <= 8 && DXP_VALUE_COMPARE < 4, "value kinds and states fit their bits");

/* The extra block of v, or NULL for a bare number or state. */
static inline dxp_value_extra *dxp_value_extra_of(const dxp_value *v)
{
    return v->has_extra ? (dxp_value_extra *)(void *)((dxp_value *)v + 1) : NULL;
}

/* Where the whole value is written. */
static inline dxp_loc dxp_value_loc(const dxp_value *v)
{
    return (dxp_loc){ v->start, v->has_long_loc ? dxp_value_extra_of(v)->loc_end : v->start + v->len };
}

/* The bytes of the percent sign that ends such a value. */
static inline uint32_t dxp_value_percent_len(const dxp_value *v)
{
    return v->percent_sign == DXP_PERCENT_WIDE ? 3 : v->percent_sign == DXP_PERCENT_ASCII ? 1 : 0;
}

/* Where the number of a quantity is written: the whole value unless it has
 * more than the number (a sign, a unit, parentheses, from, a remark). */
static inline dxp_loc dxp_value_number_loc(const dxp_value *v)
{
    if (v->has_number_loc) return dxp_value_extra_of(v)->number_loc;
    dxp_loc loc = dxp_value_loc(v);
    return (dxp_loc){ loc.start, loc.end - dxp_value_percent_len(v) };
}

/* The unit written after the number, or NULL (a bare number takes the KPI's
 * unit). A percent sign kept in the value is made into a reference in *sign. */
static inline const dxp_unit_ref *dxp_value_unit(const dxp_value *v, dxp_unit_ref *sign)
{
    if (v->percent_sign) {
        uint32_t end = dxp_value_loc(v).end;
        *sign = (dxp_unit_ref){ NULL, v->percent_sign == DXP_PERCENT_WIDE ? "\xEF\xBC\x85" : "%",
                                { end - dxp_value_percent_len(v), end } };
        return sign;
    }
    return v->has_extra ? dxp_value_extra_of(v)->unit : NULL;
}

/* The upper end of a DXP_VALUE_RANGE. */
static inline dxp_value *dxp_value_high(const dxp_value *v) { return dxp_value_extra_of(v)->high; }

/* What a DXP_VALUE_COMPARE compares with. */
static inline dxp_expr *dxp_value_compared(const dxp_value *v) { return dxp_value_extra_of(v)->expr; }

/* The year of a DXP_STATE_FROM state. */
static inline dxp_year dxp_value_state_year(const dxp_value *v) { return dxp_value_extra_of(v)->state_year; }

/* One year of a target, actual or budget table: R6: 150, or one of the
 * years of R3..R6: 0, which the parser expands. A table property's entries
 * are one array in the order written (dxp_prop.entries), and a resolved
 * table (dxp_table) is an array of the same entries: a KPI whose targets are
 * written in year order uses its property's array as its table, no copy. */
typedef struct dxp_year_entry {
    dxp_value *value;
    dxp_loc loc;          /* the year as written, or the whole range R3..R6 */
    dxp_year year;
    int32_t file : 31;    /* the source it is written in */
    bool from_actuals : 1;   /* came from an `actuals` block, not the KPI itself */
} dxp_year_entry;

/* An entry of a year table that stands for no year, which resolving
 * reports (DXP407): a range that runs backwards (R6..R3) or is longer than
 * the years dxp accepts, or the first entry past DXP_MAX_TABLE_YEARS. */
typedef enum DXP_PACKED dxp_bad_range_kind {
    DXP_RANGE_BACKWARDS, DXP_RANGE_TOO_LONG, DXP_RANGE_TABLE_FULL
} dxp_bad_range_kind;

typedef struct dxp_bad_range {
    struct dxp_bad_range *next;
    dxp_loc loc;
    dxp_bad_range_kind kind;
} dxp_bad_range;

typedef enum dxp_op {
    DXP_OP_ADD = 1, DXP_OP_SUB, DXP_OP_MUL, DXP_OP_DIV, DXP_OP_NEG,
    DXP_OP_LT, DXP_OP_LE, DXP_OP_GT, DXP_OP_GE, DXP_OP_EQ, DXP_OP_NE,
    DXP_OP_AND, DXP_OP_OR, DXP_OP_NOT
} dxp_op;

_Static_assert(DXP_OP_NOT < 16, "a compared value's operator fits its bits (dxp_value.compare_op)");

const char *dxp_op_text(int op);

typedef enum dxp_expr_kind {
    DXP_EXPR_NUMBER,       /* number, unit */
    DXP_EXPR_STRING,       /* str */
    DXP_EXPR_NAME,         /* name (may be dotted: telework.mobile) */
    DXP_EXPR_SELF,         /* actual | target | baseline of the KPI in hand: self */
    DXP_EXPR_YEAR,         /* year */
    DXP_EXPR_STATE,        /* state */
    DXP_EXPR_BOOL,         /* truth */
    DXP_EXPR_UNARY,        /* op a */
    DXP_EXPR_BINARY,       /* a op b */
    DXP_EXPR_INDEX,        /* a[b] */
    DXP_EXPR_CALL,         /* name(args) */
    DXP_EXPR_IF            /* if a then b else c */
} dxp_expr_kind;

typedef enum dxp_self { DXP_SELF_ACTUAL, DXP_SELF_TARGET, DXP_SELF_BASELINE } dxp_self;

/* 72 bytes: what only one kind has shares its place (read it after
 * checking the kind, as every walk of an expression does). */
struct dxp_expr {
    dxp_expr_kind kind;
    int op;                /* UNARY, BINARY */
    dxp_loc loc;
    dxp_expr *next;        /* next argument of a call */
    union {
        struct {
            dxp_number number;     /* NUMBER */
            dxp_unit_ref *unit;    /* NUMBER: NULL when bare */
        };
        dxp_str str;       /* STRING text, NAME, or CALL's function */
        dxp_year year;     /* YEAR */
        dxp_state state;   /* STATE */
        dxp_self self;     /* SELF */
        bool truth;        /* BOOL */
    };
    dxp_expr *a, *b, *c;   /* operands; call arguments start at a */
};

_Static_assert(sizeof(dxp_expr) == 72, "an expression node stays 72 bytes");

/* Properties: one per keyword line inside a declaration's block. */
typedef enum DXP_PACKED dxp_prop_kind {
    DXP_PROP_PERIOD,        /* period R3..R6            : year, year_to */
    DXP_PROP_STAGE,         /* stage draft|final        : name */
    DXP_PROP_RULES,         /* rules standard           : name */
    DXP_PROP_FISCAL_START,  /* fiscal_year_start 4      : number */
    DXP_PROP_LABEL,         /* label "…"                : str */
    DXP_PROP_NOTE,          /* note "…"                 : str */
    DXP_PROP_GOAL,          /* goal citizen             : name */
    DXP_PROP_MEASURE,       /* measure 企2              : name */
    DXP_PROP_OWNER,         /* owner "部" "課"          : strings */
    DXP_PROP_SINCE,         /* since H27                : year */
    DXP_PROP_FLAGS,         /* flags 新 拡              : strings (names or strings) */
    DXP_PROP_BUDGET,        /* budget { R5: … }         : entries */
    DXP_PROP_UNIT,          /* unit 千円/社             : unit */
    DXP_PROP_DIRECTION,     /* direction up|down|keep   : name */
    DXP_PROP_BASELINE,      /* baseline V at P          : value, point */
    DXP_PROP_TARGET,        /* target { … }             : entries */
    DXP_PROP_ACTUAL,        /* actual { … }             : entries */
    DXP_PROP_FORMULA,       /* formula EXPR             : expr */
    DXP_PROP_REFERENCE,     /* reference (参考値) */
    DXP_PROP_CUMULATIVE,    /* cumulative (累計) */
    DXP_PROP_UNBOUNDED,     /* unbounded (a % may exceed 100) */
    DXP_PROP_PART           /* part ID "…" { … }        : decl */
} dxp_prop_kind;

typedef struct dxp_string_list {
    struct dxp_string_list *next;
    dxp_str str;
    dxp_loc loc;
} dxp_string_list;

typedef struct dxp_decl dxp_decl;
typedef struct dxp_series dxp_series;

/* A property keeps only what its kind has (the list above): the members of
 * the union are read only after checking `kind`. Plans repeat a handful of
 * properties hundreds of thousands of times, so the node's size matters. */
typedef struct dxp_prop {
    struct dxp_prop *next;
    dxp_loc loc;            /* the whole property */
    dxp_loc arg_loc;        /* its argument (name, year, value …) */
    dxp_prop_kind kind;
    bool has_point;         /* baseline: `at` a time point (kept out of the union, which then fits 24 bytes) */
    uint32_t nentries;      /* budget target actual: the entries, ranges expanded */
    union {
        struct {
            dxp_str name;   /* stage rules goal measure direction part */
            dxp_decl *part; /* part */
        };
        dxp_str str;                 /* label note */
        dxp_string_list *strings;    /* owner flags */
        struct { dxp_year year, year_to; };   /* period since */
        dxp_number number;           /* fiscal_year_start */
        dxp_unit_ref unit;           /* unit (in place: a KPI each) */
        struct {                     /* baseline */
            dxp_value *value;
            dxp_point point;         /* when has_point */
            dxp_loc point_loc;
        };
        dxp_year_entry *entries;     /* budget target actual: nentries of them */
        dxp_expr *expr;              /* formula */
    };
} dxp_prop;

typedef enum DXP_PACKED dxp_decl_kind {
    DXP_DECL_IMPORT, DXP_DECL_PLAN, DXP_DECL_UNIT, DXP_DECL_GOAL, DXP_DECL_MEASURE,
    DXP_DECL_KPI, DXP_DECL_PART, DXP_DECL_DATA, DXP_DECL_ACTUALS, DXP_DECL_REVISE,
    DXP_DECL_RULES
} dxp_decl_kind;

const char *dxp_decl_kind_name(dxp_decl_kind k);   /* "kpi" */

/* An item of a revise or rules block (an actuals block's are in a
 * dxp_actuals_block). */
typedef enum DXP_PACKED dxp_item_kind {
    DXP_ITEM_REVISION,      /* key: target {…} …       (revise: props) */
    DXP_ITEM_DEFINITION     /* key: expr               (rules) */
} dxp_item_kind;

/* The key is read through dxp_item_key. */
typedef struct dxp_item {
    struct dxp_item *next;
    const char *key_text;   /* the key's first byte; it is as long as key_loc */
    dxp_loc loc;
    dxp_loc key_loc;        /* telework.mobile, rate (without the colon) */
    union {                 /* what the kind has, read after checking it */
        dxp_prop *props;    /* revision */
        dxp_expr *expr;     /* definition */
    };
    dxp_item_kind kind;
} dxp_item;

static inline dxp_str dxp_item_key(const dxp_item *it)
{
    return (dxp_str){ it->key_text, it->key_loc.end - it->key_loc.start };
}

/* A note on a KPI's year (要因分析): `note k0 "…"` in an actuals block.
 * Resolving gives a KPI the notes that name it: a KPI's only note is the
 * block's own, not a copy. 32 bytes: a national plan has one a KPI. */
typedef struct dxp_year_note {
    const char *text;          /* text_len bytes, escapes undone (dxp_year_note_text) */
    dxp_loc loc;               /* the whole item */
    uint32_t key_start;        /* where the KPI's name is written (dxp_year_note_key) */
    uint16_t text_len, key_len;   /* both at most DXP_MAX_TOKEN_BYTES */
    dxp_year year;
    int32_t file;
} dxp_year_note;

_Static_assert(sizeof(dxp_year_note) == 32, "a note stays 32 bytes");

static inline dxp_str dxp_year_note_text(const dxp_year_note *n)
{
    return (dxp_str){ n->text, n->text_len };
}

/* What an actuals block says, by kind, each in the order written. The key
 * of an entry (the KPI, goal or measure it names) is the source text at its
 * place, loc, which is where a table's entry from an actuals block is
 * reported: resolving puts the entries in their KPIs' tables as they are, and
 * a KPI with one actual has the block's entry, not a copy. */
typedef struct dxp_actuals_block {
    dxp_year_entry *values;    /* key: value */
    dxp_year_note *notes;      /* note key "…" */
    dxp_year_entry *budgets;   /* budget key: value (決算額 of a goal or measure) */
    uint32_t nvalues, nnotes, nbudgets;
} dxp_actuals_block;

/* The name an entry of an actuals block or a note is about, in `text`, the
 * source it is written in. */
static inline dxp_str dxp_actual_key(const char *text, const dxp_year_entry *e)
{
    return (dxp_str){ text + e->loc.start, e->loc.end - e->loc.start };
}

static inline dxp_str dxp_year_note_key(const char *text, const dxp_year_note *n)
{
    return (dxp_str){ text + n->key_start, n->key_len };
}

/* What two rare kinds of declaration have, kept apart so that every
 * declaration does not carry it: a national plan has 150,000 of them. */
typedef struct dxp_conversion {     /* unit 千円 = 1000 円 */
    dxp_number factor;
    dxp_unit_ref *unit;
} dxp_conversion;

typedef struct dxp_rules_base {     /* rules … extends BASE */
    dxp_str name;
    dxp_loc loc;
} dxp_rules_base;

typedef struct dxp_rules_block {    /* rules NAME … { KEY expr … } */
    dxp_item *items;
    dxp_rules_base *base;           /* extends BASE; NULL without */
} dxp_rules_block;

/* 72 bytes: the names' and titles' texts and lengths are apart, so that the
 * lengths and a year fill the places a dxp_str would leave empty. */
struct dxp_decl {
    dxp_decl *next;
    dxp_decl_kind kind;
    bool has_title;
    bool incomplete;        /* a syntax error was skipped inside its block */
    bool has_conversion;    /* unit 千円 = 1000 円 */
    dxp_loc loc;            /* keyword to closing brace */
    uint32_t title_len;
    const char *id_text;    /* name; import: the path (dxp_decl_id) */
    union {
        dxp_loc id_loc;
        dxp_loc year_loc;   /* actuals R6 / revise R5: a year is written where others have a name */
    };
    uint32_t id_len;
    union {                 /* what the kind has, read after checking it */
        dxp_year year;      /* actuals R6 / revise R5 */
        int32_t target;     /* import: the source it loaded, -1 if none */
    };
    const char *title_text; /* "オープンデータみやぎの推進": dxp_decl_title */
    dxp_loc title_loc;
    union {                 /* the block, read after checking the kind */
        dxp_prop *props;    /* plan, goal, measure */
        dxp_series *series; /* kpi, part, data: the block folded as it was parsed */
        dxp_item *items;    /* revise */
        dxp_actuals_block *actuals;   /* actuals */
        dxp_rules_block *rules;       /* rules */
        dxp_conversion *conversion;   /* unit: when has_conversion */
    };
};

_Static_assert(sizeof(dxp_decl) == 72, "a declaration stays 72 bytes: a national plan has 140,000");

/* The declaration's name (an import's path). */
static inline dxp_str dxp_decl_id(const dxp_decl *d)
{
    return (dxp_str){ d->id_text, d->id_len };
}

/* A declaration's name as the arguments of printf's "%.*s". */
#define DXP_DECL_NAME(d) (int)dxp_decl_id(d).len, dxp_decl_id(d).ptr

static inline void dxp_decl_set_id(dxp_decl *d, dxp_str id)
{
    d->id_text = id.ptr;
    d->id_len = id.len;
}

/* The title after the name ("" when there is none: has_title). */
static inline dxp_str dxp_decl_title(const dxp_decl *d)
{
    return (dxp_str){ d->title_text, d->title_len };
}

/* ---- series: what a kpi, part or data block says ----------------------------
 *
 * A national plan has hundreds of thousands of KPIs, each a block of a few
 * properties. The parser folds such a block into its series as soon as it is
 * read (fold.h), so that no property node of it outlives its declaration;
 * resolving then registers the series and links the names it gives. */

typedef enum DXP_PACKED dxp_direction { DXP_DIR_UP, DXP_DIR_DOWN, DXP_DIR_KEEP } dxp_direction;

/* In year order; entries of the same year in the order written. */
typedef struct dxp_table {
    dxp_year_entry *items;
    uint32_t count, cap;
} dxp_table;

/* `baseline V at P`: a series keeps it like this; a revision's baseline
 * property reads the same through dxp_prop_baseline. The value is written
 * at value->loc (the property's arg_loc). */
typedef struct dxp_baseline {
    dxp_value *value;
    dxp_point point;        /* when it has one (dxp_baseline_has_point) */
    dxp_loc point_loc;      /* where the point is written; {0, 0} without one */
    dxp_loc loc;            /* the whole property */
} dxp_baseline;

_Static_assert(sizeof(dxp_baseline) == 32, "a baseline stays 32 bytes: a national plan has 120,000");

/* `baseline 128 at R2.12`: a point is never written at the file's start. */
static inline bool dxp_baseline_has_point(const dxp_baseline *b)
{
    return b->point_loc.end != 0;
}

static inline dxp_baseline dxp_prop_baseline(const dxp_prop *pr)
{
    return (dxp_baseline){ pr->value, pr->point, pr->has_point ? pr->point_loc : (dxp_loc){ 0, 0 }, pr->loc };
}

/* A property of a series' block that folding left out and resolving reports:
 * not a property of its kind (DXP307), given twice (DXP306), or a direction
 * that is not one (DXP308). Rare: kept as a list. */
typedef enum DXP_PACKED dxp_misfit_kind {
    DXP_MISFIT_MISPLACED, DXP_MISFIT_REPEATED, DXP_MISFIT_BAD_DIRECTION
} dxp_misfit_kind;

typedef struct dxp_misfit {
    struct dxp_misfit *next;
    dxp_loc loc;            /* the property */
    dxp_loc other;          /* repeated: where it was first given; direction: the name */
    dxp_prop_kind prop;
    dxp_misfit_kind kind;
} dxp_misfit;

typedef enum DXP_PACKED dxp_series_kind { DXP_SERIES_KPI, DXP_SERIES_PART, DXP_SERIES_DATA } dxp_series_kind;

typedef struct dxp_measure dxp_measure;
typedef struct dxp_revision dxp_revision;
typedef struct dxp_unit dxp_unit;

/* What few series have, kept apart: a national plan has 130,000 series,
 * and one in twenty has a formula, fewer a label, parts, a revision or a
 * mistake. Read through the accessors below, which answer for a series
 * without. */
typedef struct dxp_series_rare {
    dxp_expr *formula;
    dxp_str label;
    dxp_revision *revisions;
    dxp_revision *introduced;  /* a part added by this revision, not by the plan */
    dxp_misfit *misfits;       /* for resolving to report */
    dxp_series *parent;        /* a part's KPI */
    dxp_series **parts;        /* a KPI's parts (nparts of them), in the arena */
    dxp_str part_id;           /* a part's full name: telework.mobile (dxp_series_id) */
} dxp_series_rare;

/* A KPI, a part of a multi-part KPI, or a `data` series. What its block
 * says is set by the parser; the rest by resolving. */
struct dxp_series {
    dxp_series_kind kind;
    dxp_direction direction;
    bool reference, cumulative, unbounded;
    bool direction_given;  /* a part without it takes its KPI's */
    bool has_unit_ref;     /* unit_ref is written in the block */
    int8_t mark;          /* formula cycle search: 0 new, 1 on stack, 2 done */
    int32_t file;
    uint32_t nparts;
    uint32_t nnotes;
    uint32_t index;       /* position in dxp_program.series */
    dxp_decl *decl;
    dxp_measure *measure;
    dxp_loc measure_loc;  /* `measure 企2`: where the name is written; {0, 0} without */
    const dxp_unit *unit; /* NULL when it has none, or an unknown one; shared with
                             its unit's declaration when it is one unit (件, %) */
    dxp_unit_term *unit_terms; /* `unit 千円/社` (has_unit_ref): its terms, as in a dxp_unit_ref */
    dxp_loc unit_loc;          /* and where it is written (dxp_series_unit_ref) */
    dxp_baseline *baseline;
    dxp_table targets, actuals;
    dxp_year_note *notes;
    dxp_series_rare *rare;     /* NULL: none of it */
};

_Static_assert(sizeof(dxp_series) == 128, "a series stays 128 bytes: a national plan has 130,000");

/* A part's KPI, or NULL. */
static inline dxp_series *dxp_series_parent(const dxp_series *s) { return s->rare ? s->rare->parent : NULL; }

/* A KPI's parts: s->nparts of them. */
static inline dxp_series **dxp_series_parts(const dxp_series *s) { return s->rare ? s->rare->parts : NULL; }

/* The series' name: its declaration's, or a registered part's full name
 * (its KPI's and its own: telework.mobile), kept apart as parts are few. */
static inline dxp_str dxp_series_id(const dxp_series *s)
{
    return s->rare && s->rare->part_id.ptr ? s->rare->part_id : dxp_decl_id(s->decl);
}

/* A series' name as the arguments of printf's "%.*s". */
#define DXP_SERIES_NAME(s) (int)dxp_series_id(s).len, dxp_series_id(s).ptr

/* The text at `at`, a place in s's block. The block is written in the
 * source its declaration's name points into, so the text is found from the
 * name's: a series keeps no pointer for it. */
static inline const char *dxp_series_text_at(const dxp_series *s, dxp_loc at)
{
    return dxp_decl_id(s->decl).ptr + ((int64_t)at.start - (int64_t)s->decl->id_loc.start);
}

/* The unit the block writes (has_unit_ref), made in *out. */
static inline const dxp_unit_ref *dxp_series_unit_ref(const dxp_series *s, dxp_unit_ref *out)
{
    *out = (dxp_unit_ref){ s->unit_terms, dxp_series_text_at(s, s->unit_loc), s->unit_loc };
    return out;
}

/* Whether a KPI's block names its measure. */
static inline bool dxp_series_names_measure(const dxp_series *s) { return s->measure_loc.end != 0; }

/* The measure a KPI's block names. */
static inline dxp_str dxp_series_measure_name(const dxp_series *s)
{
    return (dxp_str){ dxp_series_text_at(s, s->measure_loc), s->measure_loc.end - s->measure_loc.start };
}

static inline dxp_expr *dxp_series_formula(const dxp_series *s) { return s->rare ? s->rare->formula : NULL; }
/* The label, or no text (ptr NULL). */
static inline dxp_str dxp_series_label(const dxp_series *s) { return s->rare ? s->rare->label : (dxp_str){ NULL, 0 }; }
static inline dxp_revision *dxp_series_revisions(const dxp_series *s) { return s->rare ? s->rare->revisions : NULL; }
static inline dxp_revision *dxp_series_introduced(const dxp_series *s) { return s->rare ? s->rare->introduced : NULL; }
static inline dxp_misfit *dxp_series_misfits(const dxp_series *s) { return s->rare ? s->rare->misfits : NULL; }

/* The rare part of s, made when first asked for. */
static inline dxp_series_rare *dxp_series_rare_of(dxp_arena *arena, dxp_series *s)
{
    if (!s->rare) s->rare = dxp_arena_alloc(arena, sizeof *s->rare);
    return s->rare;
}

typedef struct dxp_comment {
    struct dxp_comment *next;
    dxp_loc loc;            /* from '#' to the end of the line */
} dxp_comment;

typedef struct dxp_file {
    int32_t file;           /* source number in the diagnostics sink */
    dxp_decl *decls;
    dxp_comment *comments;
    bool had_errors;        /* syntax errors: the tree is partial */
    uint32_t nseries;       /* kpi and data declarations and parts: room for their names */
    uint32_t nimports;      /* import declarations: a walk for them ends after the last */
    dxp_bad_range *bad_ranges;   /* in table properties, in no particular order */
} dxp_file;

/* The import declaration after d in f (the first one when d is NULL), or NULL
 * after the last. The walk stops there, using the parser's count, instead of
 * visiting a national plan's every declaration, a cache miss each, to find
 * there are no more. `seen` counts the imports returned: start it at 0. */
dxp_decl *dxp_file_next_import(const dxp_file *f, dxp_decl *d, uint32_t *seen);

/* Helpers shared by the stages. */
bool dxp_str_eq(dxp_str a, const char *s);
bool dxp_str_same(dxp_str a, dxp_str b);
int dxp_str_compare(dxp_str a, dxp_str b);   /* byte order (code point order for UTF-8) */
/* Writes v in decimal (with a '-' when negative) so that it ends just before
 * `end`, and returns where it starts: at most 20 bytes, no NUL, no printf
 * (reports and JSON write a number for every KPI). */
char *dxp_format_integer(long long v, char *end);
dxp_str dxp_str_from(const char *s);

/* Formats a year the way the plan wrote it (R6, 令和6年度, FY2024 …) into buf. */
const char *dxp_year_format(dxp_year y, char *buf, size_t size);

#endif
