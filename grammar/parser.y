/* parser.y — the .dxp grammar (pure bison, byte-span locations).
 *
 * Actions only build the tree (include/dxp/ast.h) in the arena, folding a
 * kpi, part or data block into its series as it closes (fold.h); names are
 * resolved and properties checked by later stages. Each rule carries its EBNF.
 * Error recovery: a bad declaration, property, table entry or block item is
 * skipped up to the next thing that can start one, so one run reports every
 * syntax error. */

%require "3.8"
%define api.pure full
%define api.token.prefix {TOK_}
%define api.value.type union
%define api.location.type {dxp_loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {dxp_parser *ps}

%code top {
/* The Makefile also builds this grammar without LAC, as build/gen/fast/parser.c
 * with DXP_PARSER_FAST defined: its parser is then dxp_yyparse_fast, and the
 * driver at the end of this file is left out of it. */
#ifdef DXP_PARSER_FAST
#define yyparse dxp_yyparse_fast
#endif
}

%code requires {
#include "dxp/ast.h"
#include "dxp/diag.h"
typedef struct dxp_parser dxp_parser;
}

%code provides {
#define YYLLOC_DEFAULT(Cur, Rhs, N)                              \
    do {                                                         \
        if (N) {                                                 \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                \
            (Cur).end = YYRHSLOC(Rhs, N).end;                    \
        } else {                                                 \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;      \
        }                                                        \
    } while (0)
}

%code {
#include "dxp/fold.h"
#include "dxp/i18n.h"
#include "dxp/lex.h"
#include "dxp/parse.h"
#include "lexer.h"

#include "dxp/threads.h"

#include <string.h>

enum { PROP_BLOCK_NODES = 64 };

typedef struct prop_block {
    struct prop_block *next;
    dxp_prop nodes[PROP_BLOCK_NODES];
} prop_block;

struct dxp_parser {
    yyscan_t scanner;
    dxp_lexer lx;
    dxp_arena *arena;
    /* In a large text, declarations lie next to each other in an arena of
     * their own, given to `arena` at the end: resolving walks the list of a
     * national plan's 155,000 declarations, and a walk through nodes spread
     * among their properties would wait for memory at every step. A small
     * text (it fits in the cache anyway) does without the arena's first
     * chunk: a CI run parses thousands of them. */
    dxp_arena decl_arena;
    dxp_arena *decls;            /* &decl_arena or arena */
    dxp_diags *diags;
    dxp_file *file;
    dxp_decl *last_decl;
    bool has_block_error;        /* a syntax error was skipped in a block of properties, */
    uint32_t block_error_at;     /* the last one here */
    int first_token;             /* a keyword to return before scanning (the second half of a file) */
    dxp_loc first_loc;
    /* The entries of the year table being read, copied into the arena as one
     * array when it closes (tables do not nest). */
    dxp_year_entry *table;
    uint32_t ntable, table_cap;
    bool table_full;             /* DXP_MAX_TABLE_YEARS reached: the rest is left out (and reported) */
    /* The items of the actuals block being read, by kind (blocks do not
     * nest): the block keeps the arrays (dxp_actuals_block). */
    dxp_growing actual_values, actual_notes, actual_budgets;
    /* The property nodes of the declaration being read. A kpi, part or
     * data block is folded into its series as it closes (fold.h), and
     * other declarations copy theirs into the arena: the nodes are used
     * again for the next declaration. */
    prop_block *props;           /* the first block; the others follow it */
    prop_block *props_block;     /* the block being filled */
    uint32_t props_used;         /* its nodes handed out */
};

static int yylex(YYSTYPE *lval, YYLTYPE *lloc, dxp_parser *ps)
{
    if (ps->first_token) {
        int kind = ps->first_token;
        ps->first_token = 0;
        *lloc = ps->first_loc;
        return kind;
    }
    if (ps->lx.fatal) { lloc->start = lloc->end = ps->lx.offset; return TOK_YYEOF; }
    return dxp_yylex(lval, lloc, ps->scanner);
}

/* Only called by bison for "memory exhausted"; syntax errors go through
 * yyreport_syntax_error below. */
static void yyerror(const YYLTYPE *loc, dxp_parser *ps, const char *msg)
{
    dxp_error(ps->diags, "DXP203", dxp_span_make(ps->lx.file, loc->start, loc->end),
              _("the parser ran out of room: %s"), msg);
}

#define NEW(T) ((T *)dxp_arena_alloc(ps->arena, sizeof(T)))
/* Appends item to a singly linked list kept as {head, tail} in a semantic value. */
#define APPEND(list, item) do {                                  \
        if ((list).tail) (list).tail->next = (item);             \
        else (list).head = (item);                               \
        (list).tail = (item);                                    \
    } while (0)

static dxp_decl *new_decl(dxp_parser *ps, dxp_decl_kind kind, dxp_loc loc)
{
    dxp_decl *d = dxp_arena_alloc(ps->decls, sizeof *d);
    d->kind = kind;
    d->loc = loc;
    return d;
}

/* A title is the string after a declaration's name (opt_title: no text
 * when there is none), at `loc`. */
static void set_title(dxp_decl *d, dxp_str title, dxp_loc loc)
{
    d->has_title = title.ptr != NULL;
    d->title_text = title.ptr;
    d->title_len = title.len;
    d->title_loc = loc;
}

/* Whether a syntax error was skipped inside the declaration at `loc`: the
 * errors are met in the order of the text, so the last one tells. */
static bool error_inside(const dxp_parser *ps, dxp_loc loc)
{
    return ps->has_block_error && ps->block_error_at >= loc.start && ps->block_error_at <= loc.end;
}

static dxp_prop *new_prop(dxp_parser *ps, dxp_prop_kind kind, dxp_loc loc)
{
    if (!ps->props_block || ps->props_used == PROP_BLOCK_NODES) {
        prop_block **next = ps->props_block ? &ps->props_block->next : &ps->props;
        if (!*next) *next = dxp_xcalloc(1, sizeof **next);
        ps->props_block = *next;
        ps->props_used = 0;
    }
    dxp_prop *p = &ps->props_block->nodes[ps->props_used++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->loc = loc;
    return p;
}

/* The property nodes of the declaration just read are free again. */
static void reuse_props(dxp_parser *ps)
{
    ps->props_block = NULL;
}

static void free_props(dxp_parser *ps)
{
    for (prop_block *b = ps->props, *next; b; b = next) {
        next = b->next;
        free(b);
    }
}

/* A copy of the list in the arena, for a declaration that keeps its
 * properties (plan, goal, measure, a revision). */
static dxp_prop *keep_props(dxp_parser *ps, const dxp_prop *list)
{
    dxp_prop *head = NULL, **at = &head;
    for (; list; list = list->next) {
        *at = NEW(dxp_prop);
        **at = *list;
        (*at)->next = NULL;
        at = &(*at)->next;
    }
    return head;
}

static dxp_unit_ref *unit_ref(dxp_parser *ps, dxp_unit_list list, dxp_loc loc);
static dxp_value_extra *value_extra(dxp_parser *ps, dxp_value **vp);

/* Where *vp is written: its length in the value, or, past DXP_VALUE_MAX_LEN
 * bytes (a value spread over lines of comments), its end in the extra block. */
static void set_value_loc(dxp_parser *ps, dxp_value **vp, dxp_loc loc)
{
    dxp_value *v = *vp;
    v->start = loc.start;
    if (loc.end - loc.start <= DXP_VALUE_MAX_LEN && !v->has_long_loc) {
        v->len = loc.end - loc.start;
        return;
    }
    value_extra(ps, vp)->loc_end = loc.end;
    (*vp)->has_long_loc = true;
}

static dxp_value *new_value(dxp_parser *ps, dxp_value_kind kind, dxp_loc loc)
{
    dxp_value *v = NEW(dxp_value);
    v->kind = kind;
    set_value_loc(ps, &v, loc);
    return v;
}

/* The extra block of *vp, made when first asked for right after the value
 * (dxp_value_extra_of). When something was allocated after the value since
 * (the terms of its unit, the upper end of a range), the value moves to
 * where there is room for both, and *vp with it: the values being built are
 * pointed to from nowhere else yet, and the 24 bytes left behind are few (a
 * plain number, the commonest value, has no extra). A percentage kept in the
 * value itself (percent_sign) moves into the block, as any other unit would be. */
static dxp_value_extra *value_extra(dxp_parser *ps, dxp_value **vp)
{
    dxp_value *v = *vp;
    if (!v->has_extra) {
        if (!dxp_arena_extend(ps->arena, v, sizeof *v, sizeof(dxp_value_extra))) {
            dxp_value *moved = dxp_arena_alloc(ps->arena, sizeof *v + sizeof(dxp_value_extra));
            *moved = *v;
            *vp = v = moved;
        }
        v->has_extra = true;
    }
    dxp_value_extra *x = dxp_value_extra_of(v);
    if (v->percent_sign) {
        dxp_unit_ref sign;
        dxp_loc at = dxp_value_unit(v, &sign)->loc;
        x->number_loc = dxp_value_number_loc(v);
        v->has_number_loc = true;
        v->percent_sign = DXP_PERCENT_NONE;
        x->unit = unit_ref(ps, (dxp_unit_list){ NULL, NULL }, at);
    }
    return x;
}

/* A quantity's span grows to take in more than its number ($$->loc = @$):
 * where the number is written is kept in the extra block first. */
static void widen_value(dxp_parser *ps, dxp_value **vp, dxp_loc loc)
{
    dxp_value *v = *vp;
    dxp_loc was = dxp_value_loc(v);
    if (loc.start == was.start && loc.end == was.end) return;   /* 18%: set_unit kept it in the value */
    if (v->kind == DXP_VALUE_QUANTITY && !v->has_number_loc) {
        dxp_loc number = dxp_value_number_loc(v);
        value_extra(ps, vp)->number_loc = number;
        v = *vp;
        v->has_number_loc = true;
    }
    set_value_loc(ps, vp, loc);
}

static void set_from(dxp_parser *ps, dxp_value **vp, dxp_year from, dxp_loc loc)
{
    dxp_value_extra *x = value_extra(ps, vp);
    (*vp)->has_from = true;
    x->from = from;
    x->from_loc = loc;
}

static void set_remark(dxp_parser *ps, dxp_value **vp, dxp_str remark)
{
    dxp_value_extra *x = value_extra(ps, vp);
    x->remark_text = remark.ptr;
    x->remark_len = remark.len;
    (*vp)->has_remark = true;
}

/* 128 and -5: a value of just a number, with its sign. */
static dxp_value *plain_quantity(dxp_parser *ps, dxp_number n)
{
    dxp_value *v = new_value(ps, DXP_VALUE_QUANTITY, n.loc);
    v->number = n.value;
    return v;
}

static dxp_value *negative_quantity(dxp_parser *ps, dxp_number n, dxp_loc whole)
{
    dxp_value *v = plain_quantity(ps, n);
    v->number = -n.value;
    v->negative = true;
    widen_value(ps, &v, whole);
    return v;
}

static dxp_expr *new_expr(dxp_parser *ps, dxp_expr_kind kind, dxp_loc loc)
{
    dxp_expr *e = NEW(dxp_expr);
    e->kind = kind;
    e->loc = loc;
    return e;
}

static dxp_expr *binary(dxp_parser *ps, int op, dxp_expr *a, dxp_expr *b, dxp_loc loc)
{
    dxp_expr *e = new_expr(ps, DXP_EXPR_BINARY, loc);
    e->op = op;
    e->a = a;
    e->b = b;
    return e;
}

/* A term of a unit: a name written at loc, or % (written % or ％) when `percent`. */
static dxp_unit_term *unit_term(dxp_parser *ps, const char *name, bool percent, dxp_loc loc)
{
    dxp_unit_term *t = NEW(dxp_unit_term);
    t->name = percent ? "%" : name;
    t->percent = percent;
    t->loc = loc;
    t->exponent = 1;
    return t;
}

/* A unit of one term is read without a node for it (dxp_unit_ref); when a
 * second term follows, the first, written at `first`, gets its node. */
static void add_unit_term(dxp_parser *ps, dxp_unit_list *list, dxp_loc first, dxp_unit_term *t)
{
    if (!list->head) {
        const char *at = ps->lx.src->text + first.start;
        bool percent = dxp_is_percent_sign(at, first.end - first.start);
        list->head = list->tail = unit_term(ps, at, percent, first);
    }
    APPEND(*list, t);
}

/* The unit written at loc, of the terms in list (none: one term, the text at loc). */
static dxp_unit_ref make_unit_ref(dxp_parser *ps, dxp_unit_list list, dxp_loc loc)
{
    return (dxp_unit_ref){ list.head, ps->lx.src->text + loc.start, loc };
}

static dxp_unit_ref *unit_ref(dxp_parser *ps, dxp_unit_list list, dxp_loc loc)
{
    dxp_unit_ref *u = NEW(dxp_unit_ref);
    *u = make_unit_ref(ps, list, loc);
    return u;
}

/* 18 件, 18%: the unit written at `at` after the number of v, its terms in
 * `terms`; the value then spans both. A percent sign right after the number
 * is kept in the value itself. */
static void set_unit(dxp_parser *ps, dxp_value **vp, dxp_unit_list terms, dxp_loc at)
{
    dxp_value *v = *vp;
    const char *sign = ps->lx.src->text + at.start;
    if (!terms.head && !v->has_extra && !v->has_number_loc && at.start == dxp_value_loc(v).end &&
        dxp_is_percent_sign(sign, at.end - at.start)) {
        v->percent_sign = at.end - at.start == 1 ? DXP_PERCENT_ASCII : DXP_PERCENT_WIDE;
        set_value_loc(ps, vp, (dxp_loc){ v->start, at.end });
        return;
    }
    dxp_value_extra *x = value_extra(ps, vp);
    x->unit = unit_ref(ps, terms, at);
}

/* An actuals block's `key: value` or `budget key: value`: an entry of the
 * table it is for, placed at its key (which is as long as its place, as an
 * item's; the year is the block's, set when it closes). */
static void add_actual(dxp_parser *ps, dxp_growing *to, dxp_str key, dxp_loc at, dxp_value *v)
{
    dxp_year_entry *e = dxp_growing_push(to, sizeof *e);
    *e = (dxp_year_entry){ .value = v, .loc = { at.start, at.start + key.len }, .file = ps->lx.file,
                           .from_actuals = true };
}

static void add_actual_note(dxp_parser *ps, dxp_str key, dxp_loc key_at, dxp_str text, dxp_loc at)
{
    /* the lexer reports a name or string over DXP_MAX_TOKEN_BYTES and keeps
     * it whole; a note holds the first 65,535 bytes of either */
    dxp_year_note *n = dxp_growing_push(&ps->actual_notes, sizeof *n);
    *n = (dxp_year_note){ .text = text.ptr, .text_len = (uint16_t)(text.len < UINT16_MAX ? text.len : UINT16_MAX),
                          .loc = at, .key_start = key_at.start,
                          .key_len = (uint16_t)(key.len < UINT16_MAX ? key.len : UINT16_MAX), .file = ps->lx.file };
}

/* The actuals block that closes, of year `year`: the items read become its. */
static dxp_actuals_block *take_actuals(dxp_parser *ps, dxp_year year)
{
    dxp_actuals_block *b = NEW(dxp_actuals_block);
    b->nvalues = (uint32_t)(ps->actual_values.used / sizeof *b->values);
    b->nnotes = (uint32_t)(ps->actual_notes.used / sizeof *b->notes);
    b->nbudgets = (uint32_t)(ps->actual_budgets.used / sizeof *b->budgets);
    b->values = dxp_growing_keep(&ps->actual_values, ps->arena);
    b->notes = dxp_growing_keep(&ps->actual_notes, ps->arena);
    b->budgets = dxp_growing_keep(&ps->actual_budgets, ps->arena);
    for (uint32_t i = 0; i < b->nvalues; i++) b->values[i].year = year;
    for (uint32_t i = 0; i < b->nnotes; i++) b->notes[i].year = year;
    for (uint32_t i = 0; i < b->nbudgets; i++) b->budgets[i].year = year;
    return b;
}

/* Items left by a block that did not close. */
static void drop_actuals(dxp_parser *ps)
{
    dxp_growing_free(&ps->actual_values);
    dxp_growing_free(&ps->actual_notes);
    dxp_growing_free(&ps->actual_budgets);
}

/* The key of an item, written at `at`: the lexer leaves a key's colon out of
 * its place, so the key is as long as its place (dxp_item_key), which the
 * end set here keeps true by construction. */
static void set_key(dxp_item *it, dxp_str key, dxp_loc at)
{
    it->key_text = key.ptr;
    it->key_loc = (dxp_loc){ at.start, at.start + key.len };
}

static void add_decl(dxp_parser *ps, dxp_decl *d)
{
    reuse_props(ps);
    if (!d) return;
    if (ps->last_decl) ps->last_decl->next = d;
    else ps->file->decls = d;
    ps->last_decl = d;
}

static void grow_table(dxp_parser *ps)
{
    ps->table_cap = ps->table_cap ? ps->table_cap * 2 : 16;
    ps->table = dxp_xrealloc(ps->table, ps->table_cap * sizeof *ps->table);
}

/* An entry that stands for no year, for resolving to report. */
static void set_aside(dxp_parser *ps, dxp_loc loc, dxp_bad_range_kind kind)
{
    dxp_bad_range *bad = NEW(dxp_bad_range);
    bad->loc = loc;
    bad->kind = kind;
    bad->next = ps->file->bad_ranges;
    ps->file->bad_ranges = bad;
}

/* The entry `from: v`, or `from..to: v` expanded to a year each (R3..R6: four,
 * in the form `from` is written in). A range that runs backwards or is
 * longer than the years dxp accepts stands for none, and so do the entries
 * past DXP_MAX_TABLE_YEARS: resolving reports them. */
static inline void add_entry(dxp_parser *ps, dxp_year from, dxp_year to, dxp_loc year_loc, dxp_value *v)
{
    int span = to.fy - from.fy;   /* 0 unless a range */
    if (span < 0 || span > DXP_MAX_YEAR - DXP_MIN_YEAR) {
        set_aside(ps, year_loc, span < 0 ? DXP_RANGE_BACKWARDS : DXP_RANGE_TOO_LONG);
        return;
    }
    if (ps->table_full) return;
    if (ps->ntable + (uint32_t)span + 1 > DXP_MAX_TABLE_YEARS) {
        ps->table_full = true;
        set_aside(ps, year_loc, DXP_RANGE_TABLE_FULL);
        return;
    }
    for (int k = 0; k <= span; k++) {
        if (ps->ntable == ps->table_cap) grow_table(ps);
        dxp_year_entry *e = &ps->table[ps->ntable++];
        *e = (dxp_year_entry){ .value = v, .loc = year_loc, .year = from, .file = ps->lx.file };
        e->year.fy = (int16_t)(from.fy + k);
    }
}

/* The table just read becomes p's entries. */
static void take_entries(dxp_parser *ps, dxp_prop *p)
{
    p->nentries = ps->ntable;
    if (!ps->ntable) return;
    p->entries = dxp_arena_alloc(ps->arena, ps->ntable * sizeof *p->entries);
    for (uint32_t i = 0; i < ps->ntable; i++) p->entries[i] = ps->table[i];   /* a few: no call to memcpy */
}
}

%code requires {
/* Semantic values are at most 16 bytes: the parser copies one at every
 * reduction, millions of times in a national plan. */
typedef struct dxp_prop_list { dxp_prop *head, *tail; } dxp_prop_list;
typedef struct dxp_item_list { dxp_item *head, *tail; } dxp_item_list;
typedef struct dxp_unit_list { dxp_unit_term *head, *tail; } dxp_unit_list;
typedef struct dxp_strings { dxp_string_list *head, *tail; } dxp_strings;
typedef struct dxp_args { dxp_expr *head, *tail; } dxp_args;
}

/* ---- tokens ---- */
%token <dxp_str>    NAME        "name"
%token <dxp_str>    KEY         "key (name:)"
%token <dxp_str>    STRING      "string"
%token <dxp_number> NUMBER      "number"
%token <dxp_year>   YEAR        "fiscal year"
%token <dxp_year>   YEAR_KEY    "year key (R6:)"
%token <dxp_point>  POINT       "time point"
%token <int>        STATE       "value state"
%token <dxp_year>   FROM_STATE  "value state (R6から実施)"
%token <bool>       BOOL        "true or false"
%token IMPORT "'import'" PLAN "'plan'" PERIOD "'period'" STAGE "'stage'" RULES "'rules'"
       EXTENDS "'extends'" FISCAL_YEAR_START "'fiscal_year_start'" UNIT "'unit'"
       GOAL "'goal'" MEASURE "'measure'" KPI "'kpi'" PART "'part'" DATA "'data'"
       LABEL "'label'" NOTE "'note'" OWNER "'owner'" SINCE "'since'" FLAGS "'flags'"
       BUDGET "'budget'" DIRECTION "'direction'" BASELINE "'baseline'" AT "'at'"
       TARGET "'target'" ACTUAL "'actual'" ACTUALS "'actuals'" FORMULA "'formula'"
       REFERENCE "'reference'" CUMULATIVE "'cumulative'" UNBOUNDED "'unbounded'"
       REVISE "'revise'" FROM "'from'" IF "'if'" THEN "'then'" ELSE "'else'"
       AND "'and'" OR "'or'" NOT "'not'"
       DOTDOT "'..'" LE "'<='" GE "'>='" EQ "'=='" NE "'!='"

%type <dxp_decl *> import plan unit_decl goal measure kpi data actuals revise rules
%type <dxp_str> opt_title
%type <dxp_prop_list> props opt_block
%type <dxp_prop *> prop
%type <dxp_strings> strings flag_list
%type <dxp_value *> value quantity
%type <dxp_unit_list> unit
%type <dxp_unit_ref *> expr_unit
%type <int> compare
%type <dxp_item_list> revise_items rule_items
%type <dxp_expr *> expr postfix primary
%type <dxp_args> args arg_list
%type <dxp_year> year

/* Precedence, lowest first. ELSE is lowest so `if … else a + b` takes a + b. */
%precedence ELSE
%left OR
%left AND
%precedence NOT
%nonassoc '<' '>' LE GE EQ NE
%left '+' '-'
%left '*' '/'
%precedence UMINUS

%%

/* file ::= decl*      decl ::= import | plan | unit | goal | measure | kpi | data | actuals | revise | rules
 * (each kind of declaration is written out here: a decl rule would be one
 * more reduction for each) */
file
    : %empty
    | file import           { add_decl(ps, $2); }
    | file plan             { add_decl(ps, $2); }
    | file unit_decl        { add_decl(ps, $2); }
    | file goal             { add_decl(ps, $2); }
    | file measure          { add_decl(ps, $2); }
    | file kpi              { add_decl(ps, $2); }
    | file data             { add_decl(ps, $2); }
    | file actuals          { add_decl(ps, $2); }
    | file revise           { add_decl(ps, $2); }
    | file rules            { add_decl(ps, $2); }
    | file error            { reuse_props(ps); }
    ;

/* import ::= 'import' STRING */
import
    : IMPORT STRING         { $$ = new_decl(ps, DXP_DECL_IMPORT, @$); dxp_decl_set_id($$, $2); $$->id_loc = @2; $$->target = -1;
                              ps->file->nimports++; }
    ;

/* plan ::= 'plan' NAME STRING? '{' prop* '}' */
plan
    : PLAN NAME opt_title '{' props '}'
        { $$ = new_decl(ps, DXP_DECL_PLAN, @$); dxp_decl_set_id($$, $2); $$->id_loc = @2;
          set_title($$, $3, @3); $$->props = keep_props(ps, $5.head); $$->incomplete = error_inside(ps, @$); }
    ;

/* unit ::= 'unit' NAME ( '=' NUMBER unit )? */
unit_decl
    : UNIT NAME             { $$ = new_decl(ps, DXP_DECL_UNIT, @$); dxp_decl_set_id($$, $2); $$->id_loc = @2; }
    | UNIT NAME '=' NUMBER unit
        { $$ = new_decl(ps, DXP_DECL_UNIT, @$); dxp_decl_set_id($$, $2); $$->id_loc = @2;
          $$->has_conversion = true; $$->conversion = NEW(dxp_conversion);
          $$->conversion->factor = $4; $$->conversion->unit = unit_ref(ps, $5, @5); }
    ;

/* goal ::= 'goal' NAME STRING? ( '{' prop* '}' )? */
goal
    : GOAL NAME opt_title opt_block
        { $$ = new_decl(ps, DXP_DECL_GOAL, @$); dxp_decl_set_id($$, $2); $$->id_loc = @2;
          set_title($$, $3, @3); $$->props = keep_props(ps, $4.head); $$->incomplete = error_inside(ps, @$); }
    ;

/* measure ::= 'measure' NAME STRING? ( '{' prop* '}' )? */
measure
    : MEASURE NAME opt_title opt_block
        { $$ = new_decl(ps, DXP_DECL_MEASURE, @$); dxp_decl_set_id($$, $2); $$->id_loc = @2;
          set_title($$, $3, @3); $$->props = keep_props(ps, $4.head); $$->incomplete = error_inside(ps, @$); }
    ;

/* kpi ::= 'kpi' NAME STRING? '{' prop* '}' */
kpi
    : KPI NAME opt_title '{' props '}'
        { $$ = new_decl(ps, DXP_DECL_KPI, @$); dxp_decl_set_id($$, $2); $$->id_loc = @2;
          set_title($$, $3, @3); $$->incomplete = error_inside(ps, @$);
          $$->series = dxp_fold_series(ps->arena, $$, $5.head);
          ps->file->nseries += 1 + $$->series->nparts; }
    ;

/* data ::= 'data' NAME STRING? ( '{' prop* '}' )? */
data
    : DATA NAME opt_title opt_block
        { $$ = new_decl(ps, DXP_DECL_DATA, @$); dxp_decl_set_id($$, $2); $$->id_loc = @2;
          set_title($$, $3, @3); $$->incomplete = error_inside(ps, @$);
          $$->series = dxp_fold_series(ps->arena, $$, $4.head);
          ps->file->nseries++; }
    ;

/* actuals ::= 'actuals' YEAR '{' ( KEY value | 'note' NAME STRING | 'budget' KEY value )* '}' */
actuals
    : ACTUALS year '{' actual_items '}'
        { $$ = new_decl(ps, DXP_DECL_ACTUALS, @$); $$->year = $2; $$->year_loc = @2;
          $$->actuals = take_actuals(ps, $2); }
    ;

actual_items
    : %empty                    { drop_actuals(ps); }
    | actual_items actual_item
    | actual_items error
    ;

actual_item
    : KEY value                 { add_actual(ps, &ps->actual_values, $1, @1, $2); }
    | NOTE NAME STRING          { add_actual_note(ps, $2, @2, $3, @$); }
    | BUDGET KEY value          { add_actual(ps, &ps->actual_budgets, $2, @2, $3); }
    ;

/* revise ::= 'revise' YEAR STRING? '{' ( KEY prop* )* '}' */
revise
    : REVISE year opt_title '{' revise_items '}'
        { $$ = new_decl(ps, DXP_DECL_REVISE, @$); $$->year = $2; $$->year_loc = @2;
          set_title($$, $3, @3); $$->items = $5.head; }
    ;

revise_items
    : %empty                    { $$.head = $$.tail = NULL; }
    | revise_items KEY
        { $$ = $1; dxp_item *it = NEW(dxp_item); it->kind = DXP_ITEM_REVISION;
          it->loc = @2; set_key(it, $2, @2); APPEND($$, it); }
    | revise_items prop
        { $$ = $1;
          if (!$$.tail) {
              dxp_error(ps->diags, "DXP204", dxp_span_make(ps->lx.file, @2.start, @2.end),
                        _("a revision must name the KPI it changes first"));
          } else {
              dxp_item *it = $$.tail;
              dxp_prop **p = &it->props;
              while (*p) p = &(*p)->next;
              *p = keep_props(ps, $2);
              it->loc.end = @2.end;
          }
        }
    | revise_items error        { $$ = $1; }
    ;

/* rules ::= 'rules' NAME STRING? ( 'extends' NAME )? '{' ( KEY expr )* '}' */
rules
    : RULES NAME opt_title '{' rule_items '}'
        { $$ = new_decl(ps, DXP_DECL_RULES, @$); dxp_decl_set_id($$, $2); $$->id_loc = @2;
          set_title($$, $3, @3); $$->rules = NEW(dxp_rules_block); $$->rules->items = $5.head; }
    | RULES NAME opt_title EXTENDS NAME '{' rule_items '}'
        { $$ = new_decl(ps, DXP_DECL_RULES, @$); dxp_decl_set_id($$, $2); $$->id_loc = @2;
          set_title($$, $3, @3); $$->rules = NEW(dxp_rules_block); $$->rules->items = $7.head;
          dxp_rules_base *base = NEW(dxp_rules_base);
          base->name = $5;
          base->loc = @5;
          $$->rules->base = base; }
    ;

rule_items
    : %empty                    { $$.head = $$.tail = NULL; }
    | rule_items KEY expr
        { $$ = $1; dxp_item *it = NEW(dxp_item); it->kind = DXP_ITEM_DEFINITION;
          it->loc = (dxp_loc){ @2.start, @3.end }; set_key(it, $2, @2);
          it->expr = $3; APPEND($$, it); }
    | rule_items error          { $$ = $1; }
    ;

opt_title
    : %empty                    { $$.ptr = NULL; $$.len = 0; }
    | STRING                    { $$ = $1; }
    ;

opt_block
    : %empty                    { $$.head = $$.tail = NULL; }
    | '{' props '}'             { $$ = $2; }
    ;

props
    : %empty                    { $$.head = $$.tail = NULL; }
    | props prop                { $$ = $1; APPEND($$, $2); }
    | props error               { $$ = $1; ps->has_block_error = true; ps->block_error_at = @2.start; }
    ;

/* prop ::= one keyword and its arguments (which properties a declaration may
 *          have is checked by the resolver, with a message that says where it belongs) */
prop
    : PERIOD year DOTDOT year   { $$ = new_prop(ps, DXP_PROP_PERIOD, @$); $$->year = $2; $$->year_to = $4;
                                  $$->arg_loc = (dxp_loc){ @2.start, @4.end }; }
    | STAGE NAME                { $$ = new_prop(ps, DXP_PROP_STAGE, @$); $$->name = $2; $$->arg_loc = @2; }
    | RULES NAME                { $$ = new_prop(ps, DXP_PROP_RULES, @$); $$->name = $2; $$->arg_loc = @2; }
    | FISCAL_YEAR_START NUMBER  { $$ = new_prop(ps, DXP_PROP_FISCAL_START, @$); $$->number = $2; $$->arg_loc = @2; }
    | LABEL STRING              { $$ = new_prop(ps, DXP_PROP_LABEL, @$); $$->str = $2; $$->arg_loc = @2; }
    | NOTE STRING               { $$ = new_prop(ps, DXP_PROP_NOTE, @$); $$->str = $2; $$->arg_loc = @2; }
    | GOAL NAME                 { $$ = new_prop(ps, DXP_PROP_GOAL, @$); $$->name = $2; $$->arg_loc = @2; }
    | MEASURE NAME              { $$ = new_prop(ps, DXP_PROP_MEASURE, @$); $$->name = $2; $$->arg_loc = @2; }
    | OWNER strings             { $$ = new_prop(ps, DXP_PROP_OWNER, @$); $$->strings = $2.head; $$->arg_loc = @2; }
    | SINCE year                { $$ = new_prop(ps, DXP_PROP_SINCE, @$); $$->year = $2; $$->arg_loc = @2; }
    | FLAGS flag_list           { $$ = new_prop(ps, DXP_PROP_FLAGS, @$); $$->strings = $2.head; $$->arg_loc = @2; }
    | BUDGET '{' entries '}'    { $$ = new_prop(ps, DXP_PROP_BUDGET, @$); take_entries(ps, $$);
                                  $$->arg_loc = (dxp_loc){ @2.start, @4.end }; }
    | UNIT unit                 { $$ = new_prop(ps, DXP_PROP_UNIT, @$); $$->unit = make_unit_ref(ps, $2, @2);
                                  $$->arg_loc = @2; }
    | DIRECTION NAME            { $$ = new_prop(ps, DXP_PROP_DIRECTION, @$); $$->name = $2; $$->arg_loc = @2; }
    | BASELINE value            { $$ = new_prop(ps, DXP_PROP_BASELINE, @$); $$->value = $2; $$->arg_loc = @2; }
    | BASELINE value AT POINT   { $$ = new_prop(ps, DXP_PROP_BASELINE, @$); $$->value = $2; $$->arg_loc = @2;
                                  $$->has_point = true; $$->point = $4; $$->point_loc = @4; }
    | BASELINE value AT year
        { $$ = new_prop(ps, DXP_PROP_BASELINE, @$); $$->value = $2; $$->arg_loc = @2;
          $$->has_point = true; $$->point_loc = @4;
          /* A fiscal year as a time point means its end: R1 is March 2020. */
          $$->point.is_fiscal = true; $$->point.form = $4;
          $$->point.year = (int16_t)($4.fy + 1); $$->point.month = 3; }
    | TARGET '{' entries '}'    { $$ = new_prop(ps, DXP_PROP_TARGET, @$); take_entries(ps, $$);
                                  $$->arg_loc = (dxp_loc){ @2.start, @4.end }; }
    | ACTUAL '{' entries '}'    { $$ = new_prop(ps, DXP_PROP_ACTUAL, @$); take_entries(ps, $$);
                                  $$->arg_loc = (dxp_loc){ @2.start, @4.end }; }
    | FORMULA expr              { $$ = new_prop(ps, DXP_PROP_FORMULA, @$); $$->expr = $2; $$->arg_loc = @2; }
    | REFERENCE                 { $$ = new_prop(ps, DXP_PROP_REFERENCE, @$); }
    | CUMULATIVE                { $$ = new_prop(ps, DXP_PROP_CUMULATIVE, @$); }
    | UNBOUNDED                 { $$ = new_prop(ps, DXP_PROP_UNBOUNDED, @$); }
    | PART NAME opt_title '{' props '}'
        { $$ = new_prop(ps, DXP_PROP_PART, @$); $$->name = $2; $$->arg_loc = @2;
          dxp_decl *d = new_decl(ps, DXP_DECL_PART, @$); dxp_decl_set_id(d, $2); d->id_loc = @2;
          set_title(d, $3, @3); d->incomplete = error_inside(ps, @$);
          d->series = dxp_fold_series(ps->arena, d, $5.head); $$->part = d; }
    ;

year: YEAR ;

strings
    : STRING                    { dxp_string_list *s = NEW(dxp_string_list); s->str = $1; s->loc = @1;
                                  $$.head = $$.tail = s; }
    | strings STRING            { $$ = $1; dxp_string_list *s = NEW(dxp_string_list); s->str = $2;
                                  s->loc = @2; APPEND($$, s); }
    ;

/* flags ::= ( NAME | STRING )+      e.g. flags 新 拡 "★" */
flag_list
    : NAME                      { dxp_string_list *s = NEW(dxp_string_list); s->str = $1; s->loc = @1;
                                  $$.head = $$.tail = s; }
    | STRING                    { dxp_string_list *s = NEW(dxp_string_list); s->str = $1; s->loc = @1;
                                  $$.head = $$.tail = s; }
    | flag_list NAME            { $$ = $1; dxp_string_list *s = NEW(dxp_string_list); s->str = $2;
                                  s->loc = @2; APPEND($$, s); }
    | flag_list STRING          { $$ = $1; dxp_string_list *s = NEW(dxp_string_list); s->str = $2;
                                  s->loc = @2; APPEND($$, s); }
    ;

/* table ::= '{' ( YEAR ':' value | YEAR '..' YEAR ':' value )* '}'
 * (written out in budget, target and actual: one reduction fewer a table) */
entries
    : %empty                    { ps->ntable = 0; ps->table_full = false; }
    | entries entry
    | entries error
    ;

entry
    : YEAR_KEY value            { add_entry(ps, $1, $1, @1, $2); }
    | YEAR DOTDOT YEAR_KEY value
        { add_entry(ps, $1, $3, (dxp_loc){ @1.start, @3.end }, $4); }
    ;

/* value ::= quantity ( 'from' YEAR )? STRING?      74.7 from R5 · 70 "希望職員のうち"
 *         | '(' quantity ')' | '(' STATE ')'        (100) reference baseline
 *         | quantity '..' quantity                 95%..100%
 *         | STATE STRING? | FROM_STATE | 'from' YEAR | '-' STRING?
 *         | ( '<' | '<=' | '>' | '>=' | '=' ) expr  > actual[R5] */
value
    : NUMBER                    { $$ = plain_quantity(ps, $1); }
    | NUMBER unit               { $$ = plain_quantity(ps, $1); set_unit(ps, &$$, $2, @2); widen_value(ps, &$$, @$); }
    | '-' NUMBER                { $$ = negative_quantity(ps, $2, @$); }
    | '-' NUMBER unit           { $$ = negative_quantity(ps, $2, @$); set_unit(ps, &$$, $3, @3); widen_value(ps, &$$, @$); }
    | quantity FROM year        { $$ = $1; set_from(ps, &$$, $3, @3); widen_value(ps, &$$, @$); }
    | quantity FROM year STRING { $$ = $1; set_from(ps, &$$, $3, @3); widen_value(ps, &$$, @$); set_remark(ps, &$$, $4); }
    | quantity STRING           { $$ = $1; set_remark(ps, &$$, $2); widen_value(ps, &$$, @$); }
    | '(' quantity ')'          { $$ = $2; $$->parenthesized = true; widen_value(ps, &$$, @$); }
    | '(' STATE ')'             { $$ = new_value(ps, DXP_VALUE_STATE, @$); $$->state = $2; $$->parenthesized = true; }
    | quantity DOTDOT quantity  { $$ = $1; widen_value(ps, &$$, @$); $$->kind = DXP_VALUE_RANGE;
                                  value_extra(ps, &$$)->high = $3; }
    | STATE                     { $$ = new_value(ps, DXP_VALUE_STATE, @$); $$->state = $1; }
    | STATE STRING              { $$ = new_value(ps, DXP_VALUE_STATE, @$); $$->state = $1; set_remark(ps, &$$, $2); }
    | FROM_STATE                { $$ = new_value(ps, DXP_VALUE_STATE, @$); $$->state = DXP_STATE_FROM;
                                  value_extra(ps, &$$)->state_year = $1; }
    | FROM year                 { $$ = new_value(ps, DXP_VALUE_STATE, @$); $$->state = DXP_STATE_FROM;
                                  value_extra(ps, &$$)->state_year = $2; }
    | '-'                       { $$ = new_value(ps, DXP_VALUE_STATE, @$); $$->state = DXP_STATE_NONE; }
    | '-' STRING                { $$ = new_value(ps, DXP_VALUE_STATE, @$); $$->state = DXP_STATE_NONE;
                                  set_remark(ps, &$$, $2); }
    | compare expr              { $$ = new_value(ps, DXP_VALUE_COMPARE, @$); $$->compare_op = (uint8_t)$1;
                                  value_extra(ps, &$$)->expr = $2; }
    ;

/* quantity ::= '-'? NUMBER unit? */
/* (Written out with and without the unit and sign, here and at the top of
 * `value`, not with optional parts: a bare number is the commonest value, six
 * a KPI, and an empty rule or a value made of a quantity would be one more
 * reduction for each. The parser tells the two apart by what follows: a
 * quantity is followed by `from`, a remark, `..` or `)`.) */
quantity
    : NUMBER                    { $$ = plain_quantity(ps, $1); }
    | NUMBER unit               { $$ = plain_quantity(ps, $1); set_unit(ps, &$$, $2, @2); widen_value(ps, &$$, @$); }
    | '-' NUMBER                { $$ = negative_quantity(ps, $2, @$); }
    | '-' NUMBER unit           { $$ = negative_quantity(ps, $2, @$); set_unit(ps, &$$, $3, @3); widen_value(ps, &$$, @$); }
    ;

compare
    : '<'   { $$ = DXP_OP_LT; }
    | LE    { $$ = DXP_OP_LE; }
    | '>'   { $$ = DXP_OP_GT; }
    | GE    { $$ = DXP_OP_GE; }
    | '='   { $$ = DXP_OP_EQ; }
    ;

/* unit ::= term ( ( '/' | '*' ) term )*      term ::= NAME | '%'      e.g. 千円/社 */
/* (The terms: the rule that takes a unit makes its unit_ref, one reduction
 * fewer for each unit a plan writes.) */
unit
    : NAME                      { $$.head = $$.tail = NULL; }   /* one term: the text at @$ */
    | '%'                       { $$.head = $$.tail = NULL; }
    | unit '/' NAME             { $$ = $1; dxp_unit_term *t = unit_term(ps, $3.ptr, false, @3); t->exponent = -1;
                                  add_unit_term(ps, &$$, @1, t); }
    | unit '*' NAME             { $$ = $1; add_unit_term(ps, &$$, @1, unit_term(ps, $3.ptr, false, @3)); }
    | unit '/' '%'              { $$ = $1; dxp_unit_term *t = unit_term(ps, NULL, true, @3);
                                  t->exponent = -1; add_unit_term(ps, &$$, @1, t); }
    ;

/* In expressions a number takes a one-word unit only (a / b is division). */
expr_unit
    : %empty                    { $$ = NULL; }
    | NAME                      { $$ = unit_ref(ps, (dxp_unit_list){ NULL, NULL }, @1); }
    | '%'                       { $$ = unit_ref(ps, (dxp_unit_list){ NULL, NULL }, @1); }
    ;

/* expr ::= 'if' expr 'then' expr 'else' expr | expr OP expr | 'not' expr | '-' expr | postfix */
expr
    : IF expr THEN expr ELSE expr
        { $$ = new_expr(ps, DXP_EXPR_IF, @$); $$->a = $2; $$->b = $4; $$->c = $6; }
    | expr OR expr              { $$ = binary(ps, DXP_OP_OR, $1, $3, @$); }
    | expr AND expr             { $$ = binary(ps, DXP_OP_AND, $1, $3, @$); }
    | NOT expr                  { $$ = new_expr(ps, DXP_EXPR_UNARY, @$); $$->op = DXP_OP_NOT; $$->a = $2; }
    | expr '<' expr             { $$ = binary(ps, DXP_OP_LT, $1, $3, @$); }
    | expr LE expr              { $$ = binary(ps, DXP_OP_LE, $1, $3, @$); }
    | expr '>' expr             { $$ = binary(ps, DXP_OP_GT, $1, $3, @$); }
    | expr GE expr              { $$ = binary(ps, DXP_OP_GE, $1, $3, @$); }
    | expr EQ expr              { $$ = binary(ps, DXP_OP_EQ, $1, $3, @$); }
    | expr NE expr              { $$ = binary(ps, DXP_OP_NE, $1, $3, @$); }
    | expr '+' expr             { $$ = binary(ps, DXP_OP_ADD, $1, $3, @$); }
    | expr '-' expr             { $$ = binary(ps, DXP_OP_SUB, $1, $3, @$); }
    | expr '*' expr             { $$ = binary(ps, DXP_OP_MUL, $1, $3, @$); }
    | expr '/' expr             { $$ = binary(ps, DXP_OP_DIV, $1, $3, @$); }
    | '-' expr %prec UMINUS     { $$ = new_expr(ps, DXP_EXPR_UNARY, @$); $$->op = DXP_OP_NEG; $$->a = $2; }
    | postfix
    ;

/* postfix ::= primary ( '[' expr ']' )* */
postfix
    : primary
    | postfix '[' expr ']'      { $$ = new_expr(ps, DXP_EXPR_INDEX, @$); $$->a = $1; $$->b = $3; }
    ;

/* primary ::= NUMBER unit? | STRING | NAME | NAME '(' args ')' | YEAR | STATE | BOOL
 *           | 'actual' | 'target' | 'baseline' | 'direction' | '(' expr ')' */
primary
    : NUMBER expr_unit          { $$ = new_expr(ps, DXP_EXPR_NUMBER, @$); $$->number = $1; $$->unit = $2; }
    | STRING                    { $$ = new_expr(ps, DXP_EXPR_STRING, @$); $$->str = $1; }
    | NAME                      { $$ = new_expr(ps, DXP_EXPR_NAME, @$); $$->str = $1; }
    | NAME '(' args ')'         { $$ = new_expr(ps, DXP_EXPR_CALL, @$); $$->str = $1; $$->a = $3.head; }
    | YEAR                      { $$ = new_expr(ps, DXP_EXPR_YEAR, @$); $$->year = $1; }
    | STATE                     { $$ = new_expr(ps, DXP_EXPR_STATE, @$); $$->state = $1; }
    | BOOL                      { $$ = new_expr(ps, DXP_EXPR_BOOL, @$); $$->truth = $1; }
    | ACTUAL                    { $$ = new_expr(ps, DXP_EXPR_SELF, @$); $$->self = DXP_SELF_ACTUAL; }
    | TARGET                    { $$ = new_expr(ps, DXP_EXPR_SELF, @$); $$->self = DXP_SELF_TARGET; }
    | BASELINE                  { $$ = new_expr(ps, DXP_EXPR_SELF, @$); $$->self = DXP_SELF_BASELINE; }
    | DIRECTION                 { $$ = new_expr(ps, DXP_EXPR_NAME, @$); $$->str = dxp_str_from("direction"); }
    | '(' expr ')'              { $$ = $2; }
    ;

args
    : %empty                    { $$.head = $$.tail = NULL; }
    | arg_list
    ;

arg_list
    : expr                      { $$.head = $$.tail = $1; }
    | arg_list ',' expr         { $$ = $1; APPEND($$, $3); }
    ;

%%

/* ---- syntax error messages ---- */

#ifndef DXP_PARSER_FAST   /* once, in parser.c */
const char *dxp_token_name(int kind)
{
    return yysymbol_name(YYTRANSLATE(kind));
}
#endif

/* Symbol names are bison's aliases: "'kpi'" for keywords, "number" for classes. */
static void put_symbol(FILE *f, yysymbol_kind_t sym)
{
    const char *name = yysymbol_name(sym);
    size_t n = strlen(name);
    if (n >= 2 && name[0] == '"' && name[n - 1] == '"') fprintf(f, "%.*s", (int)n - 2, name + 1);
    else fputs(name, f);
}

static bool expects(const yysymbol_kind_t *list, int n, yysymbol_kind_t sym)
{
    for (int i = 0; i < n; i++)
        if (list[i] == sym) return true;
    return false;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, dxp_parser *ps)
{
    ps->file->had_errors = true;
    const YYLTYPE *loc = yypcontext_location(ctx);
    /* Already reported: the nesting limit, or a token the lexer rejected. */
    if (ps->lx.fatal || ps->lx.bad_token == loc->start + 1) return 0;
    yysymbol_kind_t got = yypcontext_token(ctx);
    enum { MAX_EXPECTED = 64 };
    yysymbol_kind_t exp[MAX_EXPECTED];
    int n = yypcontext_expected_tokens(ctx, exp, MAX_EXPECTED);
    if (n < 0) n = 0;

    char *msg = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&msg, &size);
    if (!f) return YYENOMEM;
    const char *text = ps->lx.src->text + loc->start;
    size_t len = loc->end - loc->start;
    if (got == YYSYMBOL_YYEOF && ps->lx.depth > 0) {
        fprintf(f, _("unexpected end of file: a '%c' is not closed"), ps->lx.open_kind[ps->lx.depth - 1]);
        n = 0;
    } else if (got == YYSYMBOL_YYEOF) fputs(_("unexpected end of file"), f);
    else if (got == YYSYMBOL_NAME || got == YYSYMBOL_NUMBER || got == YYSYMBOL_KEY ||
             got == YYSYMBOL_YEAR || got == YYSYMBOL_YEAR_KEY || got == YYSYMBOL_POINT ||
             got == YYSYMBOL_STATE || got == YYSYMBOL_FROM_STATE) {
        /* Tokens of a class are shown with their text: unexpected name 'foo'. */
        fputs(_("unexpected "), f);
        put_symbol(f, got);
        fprintf(f, " '%.*s'", (int)(len > 40 ? 40 : len), text);
    }
    else { fputs(_("unexpected "), f); put_symbol(f, got); }

    /* Long lists are summarised by what they are. */
    if (expects(exp, n, YYSYMBOL_IF) && expects(exp, n, YYSYMBOL_NUMBER))
        fputs(_(", expected an expression"), f);
    else if (expects(exp, n, YYSYMBOL_BASELINE) && expects(exp, n, YYSYMBOL_UNIT))
        fputs(_(", expected a property (unit, baseline, target …) or '}'"), f);
    else if (expects(exp, n, YYSYMBOL_KPI) && expects(exp, n, YYSYMBOL_GOAL))
        fputs(_(", expected a declaration (plan, goal, measure, kpi, data, actuals …)"), f);
    else if (expects(exp, n, YYSYMBOL_NUMBER) && expects(exp, n, YYSYMBOL_STATE) &&
             !expects(exp, n, YYSYMBOL_IF))
        fputs(_(", expected a value (a number, a state such as 調整中, or '-')"), f);
    else if (n > 0) {
        fputs(_(", expected "), f);
        for (int i = 0; i < n && i < 8; i++) {
            if (i > 0) fputs(i == n - 1 ? _(" or ") : ", ", f);
            put_symbol(f, exp[i]);
        }
        if (n > 8) fputs(" …", f);
    }
    fclose(f);

    dxp_span sp = dxp_span_make(ps->lx.file, loc->start, loc->end);
    dxp_diag *d = dxp_error(ps->diags, "DXP201", sp, _("%s"), msg);
    free(msg);
    if (got == YYSYMBOL_YYEOF && ps->lx.depth > 0) {
        uint32_t at = ps->lx.open_at[ps->lx.depth - 1];
        dxp_diag_note(d, dxp_span_make(ps->lx.file, at, at + 1), _("the '%c' opened here is not closed"),
                      ps->lx.open_kind[ps->lx.depth - 1]);
    }
    if (got == YYSYMBOL_NAME && expects(exp, n, YYSYMBOL_KEY))
        dxp_diag_help(d, _("an entry is written `name: value` with the colon right after the name"));
    if ((got == YYSYMBOL_YEAR && expects(exp, n, YYSYMBOL_YEAR_KEY)) ||
        (n == 1 && exp[0] == YYSYMBOL_DOTDOT))
        dxp_diag_help(d, _("a table entry is written `R6: value` with the colon right after the year"));
    return 0;
}

#ifndef DXP_PARSER_FAST   /* the driver, once: in parser.c */

/* This grammar without lookahead correction (build/gen/fast/parser.c). It builds the
 * same tree from a valid text a little faster; on a syntax error it may see
 * the error later and list fewer expected tokens, so what it parses is kept
 * only when it reports nothing. */
int dxp_yyparse_fast(dxp_parser *ps);

/* What parsing [from, to) of a source gave. */
typedef struct parsed_part {
    dxp_file *file;
    dxp_decl *last_decl;
    dxp_comment *last_comment;
} parsed_part;

/* Declarations of a part of at least this size get an arena of their own. */
enum { DECL_ARENA_FROM = 1 << 20 };

/* Parses the bytes [from, to) of a source, in place: text[to] and text[to + 1]
 * must be NUL (flex's end of buffer). A part that starts with a keyword
 * whose first bytes were overwritten gets that keyword as its first token.
 * `fast`: with dxp_yyparse_fast, for a tree that is kept only if clean. */
static parsed_part parse_part(dxp_diags *diags, int32_t file, dxp_arena *arena, uint32_t from, uint32_t to,
                              int first_token, uint32_t first_len, bool fast)
{
    dxp_parser ps;
    memset(&ps, 0, sizeof ps);
    ps.arena = arena;
    dxp_arena_init(&ps.decl_arena);
    ps.decls = to - from >= DECL_ARENA_FROM ? &ps.decl_arena : arena;
    ps.diags = diags;
    ps.lx.src = dxp_diags_source(diags, file);
    ps.lx.file = file;
    ps.lx.diags = diags;
    ps.lx.arena = arena;
    ps.lx.offset = from + first_len;
    ps.first_token = first_token;
    ps.first_loc = (dxp_loc){ from, from + first_len };
    ps.file = dxp_arena_alloc(arena, sizeof *ps.file);
    ps.file->file = file;
    dxp_yylex_init_extra(&ps.lx, &ps.scanner);
    dxp_yy_scan_buffer((char *)ps.lx.src->text + from + first_len, to - from - first_len + 2, ps.scanner);
    int rc = fast ? dxp_yyparse_fast(&ps) : yyparse(&ps);
    dxp_lex_restore_buffer(ps.scanner);
    dxp_yylex_destroy(ps.scanner);
    dxp_arena_adopt(arena, &ps.decl_arena);
    free(ps.table);
    drop_actuals(&ps);
    free_props(&ps);
    if (rc != 0 || ps.lx.fatal) ps.file->had_errors = true;
    ps.file->comments = ps.lx.comments;
    return (parsed_part){ ps.file, ps.last_decl, ps.lx.last_comment };
}

/* ---- a large file in two halves ------------------------------------------------
 *
 * A plan of many megabytes is parsed by two threads, each half in place,
 * split at a line that starts a declaration. The first half's end needs two
 * NULs: they are written over the first two bytes of the keyword that starts
 * the second half, which that half is given as its first token instead. The
 * halves are used only when both parse without a single diagnostic, so the
 * result is the tree of the whole file; anything else (a syntax error, a
 * split that was not at the top level after all) parses the file again in one
 * piece, with its diagnostics. */

static const struct { const char *word; int token; } SPLIT_KEYWORDS[] = {
    { "kpi", TOK_KPI }, { "measure", TOK_MEASURE }, { "goal", TOK_GOAL }, { "data", TOK_DATA },
    { "actuals", TOK_ACTUALS }, { "revise", TOK_REVISE }, { "unit", TOK_UNIT }, { "rules", TOK_RULES },
    { "plan", TOK_PLAN }, { "import", TOK_IMPORT },
};

/* The length of the declaration keyword and space that `line` starts with
 * (its token in *token), or 0. */
static uint32_t split_keyword(const char *line, size_t room, int *token)
{
    for (size_t k = 0; k < sizeof SPLIT_KEYWORDS / sizeof *SPLIT_KEYWORDS; k++) {
        size_t n = strlen(SPLIT_KEYWORDS[k].word);
        if (n < room && memcmp(line, SPLIT_KEYWORDS[k].word, n) == 0 && (line[n] == ' ' || line[n] == '\t')) {
            *token = SPLIT_KEYWORDS[k].token;
            return (uint32_t)n;
        }
    }
    return 0;
}

/* Where the work of parsing is halved. An ASCII byte (keywords, numbers,
 * punctuation: where the tokens are) costs about ten times a byte of a
 * Japanese name or note: on a generated plan of 100,000 KPIs, 20.7 ms per
 * million ASCII bytes and 2.1 ms per million others, where halving its bytes
 * gave one thread 2.6 times the work of the other. The bytes are counted in
 * one block of 4 KiB out of every 64 KiB. */
enum { SAMPLE_STRIDE = 64 * 1024, SAMPLE_BYTES = 4 * 1024 };

static size_t ascii_bytes(const char *p, size_t n)
{
    const uint64_t highs = 0x8080808080808080ull;
    size_t count = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        count += (size_t)__builtin_popcountll(~w & highs);
    }
    for (; i < n; i++) count += (unsigned char)p[i] < 0x80;
    return count;
}

static size_t work_middle(const char *text, size_t len)
{
    size_t blocks = (len + SAMPLE_STRIDE - 1) / SAMPLE_STRIDE, total = 0;
    uint32_t *work = dxp_xmalloc(blocks * sizeof *work);
    for (size_t b = 0; b < blocks; b++) {
        size_t at = b * SAMPLE_STRIDE, n = len - at < SAMPLE_BYTES ? len - at : SAMPLE_BYTES;
        work[b] = (uint32_t)(9 * ascii_bytes(text + at, n) + n);   /* 10 a byte of ASCII, 1 of the others */
        total += work[b];
    }
    size_t b = 0;
    for (size_t sum = 0; b < blocks && (sum += work[b]) < total / 2; b++) {}
    free(work);
    return b * SAMPLE_STRIDE + SAMPLE_STRIDE / 2 < len ? b * SAMPLE_STRIDE + SAMPLE_STRIDE / 2 : len / 2;
}

/* Whether the line at `at` starts a declaration. */
static bool starts_declaration(const char *text, size_t len, size_t at)
{
    int token;
    return at < len && (at == 0 || text[at - 1] == '\n') && split_keyword(text + at, len - at, &token);
}

/* The line start nearest to the middle of the work where a declaration
 * begins, at most a quarter of the text away from it; 0 when there is none. */
uint32_t dxp_parse_split_point(const char *text, size_t len)
{
    size_t middle = work_middle(text, len), reach = len / 4;
    size_t after = 0, before = 0;
    for (const char *at = text + middle, *end = text + (middle + reach < len ? middle + reach : len); at < end; at++) {
        at = memchr(at, '\n', (size_t)(end - at));
        if (!at) break;
        if (starts_declaration(text, len, (size_t)(at + 1 - text))) { after = (size_t)(at + 1 - text); break; }
    }
    for (size_t at = middle; at > 0 && middle - at < reach && (!after || middle - at < after - middle); at--)
        if (starts_declaration(text, len, at)) { before = at; break; }
    if (before && (!after || middle - before < after - middle)) return (uint32_t)before;
    return (uint32_t)after;
}

typedef struct half {
    dxp_diags diags;             /* borrows the sources of the real sink */
    dxp_arena arena;
    int32_t file;
    uint32_t from, to;
    int first_token;
    uint32_t first_len;
    parsed_part result;
} half;

static void parse_half(void *arg)
{
    half *h = arg;
    h->result = parse_part(&h->diags, h->file, &h->arena, h->from, h->to, h->first_token, h->first_len, true);
}

static void half_init(half *h, const dxp_diags *diags, int32_t file, uint32_t from, uint32_t to)
{
    memset(h, 0, sizeof *h);
    dxp_diags_init_borrowing(&h->diags, diags);
    dxp_arena_init(&h->arena);
    h->file = file;
    h->from = from;
    h->to = to;
}

/* Whether a parse without LAC, into a sink of its own, is to be kept: it
 * reported nothing at all. */
static bool parsed_clean(const dxp_diags *quiet, const dxp_file *f)
{
    return quiet->count == 0 && quiet->dropped == 0 && !f->had_errors;
}

static bool half_clean(const half *h)
{
    return parsed_clean(&h->diags, h->result.file);
}

static void half_free(half *h, bool keep_tree)
{
    dxp_diags_free_borrowing(&h->diags);
    if (!keep_tree) dxp_arena_free(&h->arena);
}

dxp_file *dxp_parse_in_halves(dxp_diags *diags, int32_t file, dxp_arena *arena, uint32_t split)
{
    dxp_source *src = dxp_diags_source(diags, file);
    char *text = (char *)src->text;
    int token = 0;
    if (split == 0 || split >= src->len || text[split - 1] != '\n') return NULL;
    uint32_t keyword_len = split_keyword(text + split, src->len - split, &token);
    if (!keyword_len) return NULL;
    half first, second;
    half_init(&first, diags, file, 0, split);
    half_init(&second, diags, file, split, (uint32_t)src->len);
    second.first_token = token;
    second.first_len = keyword_len;
    char saved[2] = { text[split], text[split + 1] };
    text[split] = text[split + 1] = '\0';
    dxp_run_both(parse_half, &first, parse_half, &second);
    text[split] = saved[0];
    text[split + 1] = saved[1];
    bool clean = half_clean(&first) && half_clean(&second);
    half_free(&first, clean);
    half_free(&second, clean);
    if (!clean) return NULL;
    /* The second half's declarations and comments follow the first's. */
    dxp_file *f = first.result.file;
    f->nseries += second.result.file->nseries;
    f->nimports += second.result.file->nimports;
    for (dxp_bad_range *b = second.result.file->bad_ranges, *next; b; b = next) {   /* seldom any */
        next = b->next;
        b->next = f->bad_ranges;
        f->bad_ranges = b;
    }
    if (first.result.last_decl) first.result.last_decl->next = second.result.file->decls;
    else f->decls = second.result.file->decls;
    if (first.result.last_comment) first.result.last_comment->next = second.result.file->comments;
    else f->comments = second.result.file->comments;
    dxp_arena_adopt(arena, &first.arena);
    dxp_arena_adopt(arena, &second.arena);
    return f;
}

/* The whole file with the parser without lookahead correction, kept only
 * when it reports nothing (as the halves are): about 8% fewer instructions
 * than the full parser, which a CI run over 1,800 small plans feels. NULL
 * when there was anything to report; what that parse allocated stays unused
 * in the arena (a file of under a megabyte: a few megabytes at most). */
static dxp_file *parse_clean_fast(dxp_diags *diags, int32_t file, dxp_arena *arena)
{
    dxp_source *src = dxp_diags_source(diags, file);
    dxp_diags quiet;   /* borrows the sources; what it collects is thrown away */
    dxp_diags_init_borrowing(&quiet, diags);
    dxp_file *f = parse_part(&quiet, file, arena, 0, (uint32_t)src->len, 0, 0, true).file;
    bool clean = parsed_clean(&quiet, f);
    dxp_diags_free_borrowing(&quiet);
    return clean ? f : NULL;
}

dxp_file *dxp_parse(dxp_diags *diags, int32_t file, dxp_arena *arena)
{
    dxp_source *src = dxp_diags_source(diags, file);
    dxp_file *f = NULL;
    if (dxp_threads_worth(src->len)) {
        uint32_t split = dxp_parse_split_point(src->text, src->len);
        f = split ? dxp_parse_in_halves(diags, file, arena, split) : NULL;
    } else {
        f = parse_clean_fast(diags, file, arena);
    }
    /* A file with something to report (or one that did not split) is parsed
     * by the full parser, whose messages list what was expected. */
    return f ? f : parse_part(diags, file, arena, 0, (uint32_t)src->len, 0, 0, false).file;
}

#endif /* DXP_PARSER_FAST */
