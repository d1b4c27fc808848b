/* fmt.c — the canonical layout of a plan file (dxp fmt).
 *
 * The formatter works on tokens, not on the tree: it re-emits every token and
 * every comment of the file in order, so nothing can be lost, and it keeps the
 * author's line breaks (runs of blank lines become one). What it decides is
 * the rest: indentation by nesting (two spaces, four more for the rest of an
 * unfinished expression; the entries of revise and rules blocks go on under
 * their values), one space between tokens
 * (none where the author wrote them together, as in 18% or x[R5]), two
 * spaces between the entries and properties of one line, `key:` columns,
 * year-table entries and trailing comments aligned by display width over
 * consecutive lines, and
 * full-width digits, colons and percent signs written in ASCII. Written
 * numbers keep their form (1,768 stays 1,768). */
#include "dxp/fmt.h"

#include "dxp/lex.h"
#include "dxp/utf8.h"

#include <stdlib.h>
#include <string.h>

typedef struct ftok {
    int kind;                 /* token kind, or FT_COMMENT */
    uint32_t start, end;      /* bytes in the source */
    uint32_t line;            /* 1-based source line */
    bool space_before;        /* whitespace before it in the source */
} ftok;

enum { FT_COMMENT = -1 };

typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = dxp_xrealloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void spaces(buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++) put(b, " ", 1);
}

/* A token's text as it is printed: full-width digits, colons, percent signs
 * and parentheses become ASCII; everything else as written. */
static void token_text(const dxp_source *src, const ftok *t, buf *out)
{
    const char *s = src->text + t->start;
    size_t n = t->end - t->start;
    bool literal = t->kind == TOK_NUMBER || t->kind == TOK_YEAR || t->kind == TOK_YEAR_KEY ||
                   t->kind == TOK_POINT || t->kind == TOK_FROM_STATE;
    if (t->kind == FT_COMMENT || t->kind == TOK_STRING || t->kind == TOK_KEY ||
        !(literal || t->kind == '%' || t->kind == '(' || t->kind == ')' || t->kind == ':')) {
        put(out, s, n);
    } else {
        for (size_t i = 0; i < n;) {
            unsigned char c0 = (unsigned char)s[i];
            if (c0 == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBC) {
                unsigned char c2 = (unsigned char)s[i + 2];
                char ascii = 0;
                if (c2 >= 0x90 && c2 <= 0x99) ascii = (char)('0' + c2 - 0x90);
                else if (c2 == 0x85) ascii = '%';
                else if (c2 == 0x88) ascii = '(';
                else if (c2 == 0x89) ascii = ')';
                else if (c2 == 0x9A) ascii = ':';
                if (ascii) { put(out, &ascii, 1); i += 3; continue; }
            }
            put(out, s + i, 1);
            i++;
        }
    }
    if (t->kind == TOK_KEY || t->kind == TOK_YEAR_KEY) put(out, ":", 1);
}

static bool is_property_keyword(int k)
{
    switch (k) {
    case TOK_PERIOD: case TOK_STAGE: case TOK_FISCAL_YEAR_START: case TOK_LABEL: case TOK_NOTE:
    case TOK_OWNER: case TOK_SINCE: case TOK_FLAGS: case TOK_BUDGET: case TOK_DIRECTION:
    case TOK_FORMULA: case TOK_REFERENCE: case TOK_CUMULATIVE: case TOK_UNBOUNDED: case TOK_PART:
    case TOK_GOAL: case TOK_MEASURE: case TOK_UNIT: case TOK_RULES:
        return true;
    default:
        return false;
    }
}

/* Tokens after which an expression goes on to the next line. */
static bool continues(int k)
{
    switch (k) {
    case '+': case '-': case '*': case '/': case '<': case '>': case '=': case ',':
    case TOK_LE: case TOK_GE: case TOK_EQ: case TOK_NE: case TOK_AND: case TOK_OR: case TOK_NOT:
    case TOK_IF: case TOK_THEN: case TOK_ELSE: case TOK_KEY:
        return true;
    default:
        return false;
    }
}

static bool opens(int k) { return k == '{' || k == '(' || k == '['; }
static bool closes(int k) { return k == '}' || k == ')' || k == ']'; }

/* Is `t` a property (not an expression's actual/target/baseline)? */
static bool property_at(const ftok *toks, size_t n, size_t i)
{
    int k = toks[i].kind;
    if (is_property_keyword(k)) return true;
    if (k == TOK_TARGET || k == TOK_ACTUAL) return i + 1 < n && toks[i + 1].kind == '{';
    if (k == TOK_BASELINE)
        return i + 1 < n && (toks[i + 1].kind == TOK_NUMBER || toks[i + 1].kind == TOK_STATE ||
                             toks[i + 1].kind == TOK_FROM_STATE || toks[i + 1].kind == '(' ||
                             toks[i + 1].kind == '-' || toks[i + 1].kind == TOK_FROM);
    return false;
}

/* Properties that stand alone, without a value. */
static bool is_flag(int k)
{
    return k == TOK_CUMULATIVE || k == TOK_REFERENCE || k == TOK_UNBOUNDED;
}

/* The space between two tokens of one line. */
static size_t gap(const ftok *toks, size_t n, size_t i, bool first_on_line)
{
    if (first_on_line) return 0;   /* before prev: the line's first token may be the file's */
    const ftok *prev = &toks[i - 1], *t = &toks[i];
    if (t->kind == FT_COMMENT) return 2;
    if (prev->kind == '{' && t->kind == '}') return 0;               /* {} */
    if (prev->kind == '{' || t->kind == '}' || t->kind == '{') return 1;
    if (prev->kind == TOK_KEY || prev->kind == TOK_YEAR_KEY) return 1;
    if (!t->space_before) return 0;                    /* 18%, x[R5], f(a) as written */
    if (t->kind == ',' || t->kind == ')' || t->kind == ']') return 0;
    if (prev->kind == '(' || prev->kind == '[') return 0;
    if (is_property_keyword(prev->kind) && !is_flag(prev->kind)) return 1;   /* period R3..R6 */
    /* entries and properties that share a line stand apart */
    if (t->kind == TOK_KEY || t->kind == TOK_YEAR_KEY) return 2;
    if (t->kind == TOK_YEAR && i + 1 < n && toks[i + 1].kind == TOK_DOTDOT) return 2;
    if (property_at(toks, n, i) && !continues(prev->kind)) return 2;
    return 1;
}

/* A line of the output. In a `revise` or `rules` block an entry (`name: ...`)
 * may go on over the next lines; those continuation lines line up under its
 * values. */
typedef struct line {
    size_t first, last;        /* tokens [first, last] */
    size_t indent;
    bool blank_before;
    bool comment_only;
    bool trailing_comment;
    bool entry;                /* `name:` at the top of a revise or rules block */
    int entry_rel;             /* a continuation line of such an entry: its nesting in it; else -1 */
    bool after_open_expression;  /* the line before ended in an operator, `then` … */
    char *code;                /* the printed tokens, without a trailing comment */
    size_t code_len;           /* bytes (a comment or string may hold a NUL) */
    size_t key_width;          /* display width of a leading `key:`, 0 if none */
    size_t value_col;          /* where the values after `key:` start, once aligned */
    size_t comment_col;        /* where its trailing comment starts */
    size_t *cells, ncells;     /* a year table line: where each entry starts in code */
    size_t table_end;          /* … and where the space before its `}` starts */
} line;

/* The tokens and comments of a file, in order, with their lines and spacing. */
static ftok *scan(dxp_source *src, int32_t file, dxp_diags *diags, dxp_arena *arena, size_t *count)
{
    dxp_lex_session *ls = dxp_lex_open(src, file, diags, arena);
    ftok *toks = NULL;
    size_t n = 0, cap = 0;
    dxp_token tok;
    for (;;) {
        dxp_lex_next(ls, &tok);
        if (tok.kind == TOK_YYEOF) break;
        if (n == cap) { cap = cap ? cap * 2 : 256; toks = dxp_xrealloc(toks, cap * sizeof *toks); }
        /* a key's span ends before its colon: token_text() writes the colon */
        toks[n++] = (ftok){ tok.kind, tok.loc.start, tok.loc.end, 0, false };
    }
    dxp_comment *comments = dxp_lex_state(ls)->comments;   /* in the arena */
    dxp_lex_close(ls);
    /* merge the comments in by position */
    size_t nc = 0;
    for (dxp_comment *c = comments; c; c = c->next) nc++;
    ftok *all = dxp_xcalloc(n + nc + 1, sizeof *all);
    size_t na = 0, ti = 0;
    for (dxp_comment *c = comments; c || ti < n;) {
        if (c && (ti >= n || c->loc.start < toks[ti].start)) {
            all[na++] = (ftok){ FT_COMMENT, c->loc.start, c->loc.end, 0, false };
            c = c->next;
        } else {
            all[na++] = toks[ti++];
        }
    }
    free(toks);
    for (size_t i = 0; i < na; i++) {
        all[i].line = dxp_source_line_of(src, all[i].start);
        /* after a key, its colon (not in the span) counts as no gap */
        uint32_t prev_end = i ? all[i - 1].end : 0;
        if (i && (all[i - 1].kind == TOK_KEY || all[i - 1].kind == TOK_YEAR_KEY))
            prev_end += (unsigned char)src->text[prev_end] == ':' ? 1 : 3;
        all[i].space_before = i == 0 || all[i].start > prev_end;
    }
    *count = na;
    return all;
}

/* A token as printed, comments without trailing blanks: what must survive formatting. */
static void printed(const dxp_source *src, const ftok *t, buf *b)
{
    b->len = 0;
    put(b, "", 0);
    token_text(src, t, b);
    if (t->kind == FT_COMMENT)
        while (b->len > 0 && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t' ||
                              b->data[b->len - 1] == '\r'))
            b->data[--b->len] = '\0';
}

bool dxp_format_equivalent(const char *before, size_t before_len, const char *after, size_t after_len)
{
    dxp_diags diags;
    dxp_diags_init(&diags);
    dxp_arena arena;
    dxp_arena_init(&arena);
    dxp_source *a = dxp_source_from_memory("before", before, before_len);
    dxp_source *b = dxp_source_from_memory("after", after, after_len);
    int32_t fa = dxp_diags_add_source(&diags, a), fb = dxp_diags_add_source(&diags, b);
    size_t na, nb;
    ftok *ta = scan(a, fa, &diags, &arena, &na), *tb = scan(b, fb, &diags, &arena, &nb);
    bool same = na == nb && a->had_bom == b->had_bom;
    buf x = { 0 }, y = { 0 };
    for (size_t i = 0; same && i < na; i++) {
        printed(a, &ta[i], &x);
        printed(b, &tb[i], &y);
        same = ta[i].kind == tb[i].kind && x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
    }
    free(x.data);
    free(y.data);
    free(ta);
    free(tb);
    dxp_arena_free(&arena);
    dxp_diags_free(&diags);
    return same;
}

/* Splits the tokens into the author's lines. */
static line *group_lines(const ftok *all, size_t na, size_t *count)
{
    line *lines = dxp_xcalloc(na + 1, sizeof *lines);
    size_t nl = 0;
    for (size_t i = 0; i < na;) {
        size_t j = i;
        while (j + 1 < na && all[j + 1].line == all[i].line) j++;
        lines[nl].first = i;
        lines[nl].last = j;
        lines[nl].blank_before = nl > 0 && all[i].line > all[lines[nl - 1].last].line + 1;
        lines[nl].comment_only = all[i].kind == FT_COMMENT;
        lines[nl].trailing_comment = j > i && all[j].kind == FT_COMMENT;
        lines[nl].entry_rel = -1;
        nl++;
        i = j + 1;
    }
    *count = nl;
    return lines;
}

static bool declares(int k)
{
    return k == TOK_REVISE || k == TOK_ACTUALS || k == TOK_KPI || k == TOK_PART || k == TOK_RULES ||
           k == TOK_PLAN || k == TOK_GOAL || k == TOK_MEASURE || k == TOK_DATA || k == TOK_TARGET ||
           k == TOK_ACTUAL || k == TOK_BUDGET;
}

/* Indentation by nesting: two spaces a level, four more for the next line of
 * an unfinished expression. Continuations of revise entries are placed later
 * (place_continuations), when the entries' value column is known. */
static void plan_indentation(const ftok *all, line *lines, size_t nl)
{
    enum { MAX_STACK = 512 };
    int opener[MAX_STACK];                 /* the keyword that opened each bracket */
    int depth = 0, last_keyword = 0;
    bool continuation_next = false;
    for (size_t li = 0; li < nl; li++) {
        line *L = &lines[li];
        int first = all[L->first].kind;
        int d = depth - (closes(first) ? 1 : 0);
        if (d < 0) d = 0;
        /* the innermost revise or rules block around the line */
        int block = -1;
        for (int k = (depth < MAX_STACK ? depth : MAX_STACK) - 1; k >= 0 && block < 0; k--)
            if (opener[k] == TOK_REVISE || opener[k] == TOK_RULES) block = k;
        L->indent = (size_t)d * 2;
        if (block >= 0 && d > block) {
            int rel = d - (block + 1);
            if (rel == 0 && first == TOK_KEY) L->entry = true;
            else if (rel > 0 || (!L->comment_only && first != TOK_KEY)) L->entry_rel = rel;
            L->after_open_expression = continuation_next;
        }
        if (!L->comment_only && !closes(first) && L->entry_rel < 0 &&
            (continuation_next || (first != TOK_KEY && first != ',' && continues(first))))
            L->indent += 4;
        int last_code = 0;
        for (size_t i = L->first; i <= L->last; i++) {
            int k = all[i].kind;
            if (k == FT_COMMENT) continue;
            if (declares(k)) last_keyword = k;
            if (opens(k)) {
                if (depth < MAX_STACK) opener[depth] = k == '{' ? last_keyword : k;
                depth++;
            } else if (closes(k) && depth > 0) {
                depth--;
            }
            last_code = k;
        }
        continuation_next = last_code && continues(last_code) && last_code != TOK_KEY;
    }
}

/* Prints each line's tokens (without indentation or trailing comment). */
/* Is the line a whole year table, `target { R3: 135  R4: 140 }`, and nothing else? */
static bool table_line(const ftok *all, const line *L, size_t code_last)
{
    int k = all[L->first].kind;
    if ((k != TOK_TARGET && k != TOK_ACTUAL && k != TOK_BUDGET) || L->first + 1 >= code_last ||
        all[L->first + 1].kind != '{' || all[code_last].kind != '}')
        return false;
    int depth = 0;
    for (size_t i = L->first + 1; i <= code_last; i++) {
        if (opens(all[i].kind)) depth++;
        else if (closes(all[i].kind) && --depth == 0 && i < code_last) return false;
    }
    return depth == 0;
}

/* Does token i start an entry of a year table (R6: or R3..R6:)? */
static bool starts_entry(const ftok *all, size_t na, size_t i)
{
    if (all[i].kind == TOK_YEAR_KEY) return !(i > 0 && all[i - 1].kind == TOK_DOTDOT);
    return all[i].kind == TOK_YEAR && i + 1 < na && all[i + 1].kind == TOK_DOTDOT;
}

/* Prints each line's tokens (without indentation or trailing comment). */
static void print_code(const dxp_source *src, const ftok *all, size_t na, line *lines, size_t nl)
{
    for (size_t li = 0; li < nl; li++) {
        line *L = &lines[li];
        buf b = { 0 };
        put(&b, "", 0);
        size_t code_last = L->last - (L->trailing_comment ? 1 : 0);
        if (L->comment_only) {
            printed(src, &all[L->first], &b);
        } else {
            bool table = table_line(all, L, code_last);
            int depth = 0;
            for (size_t i = L->first; i <= code_last; i++) {
                if (table && i == code_last) L->table_end = b.len;
                spaces(&b, gap(all, na, i, i == L->first));
                if (table && depth == 1 && starts_entry(all, na, i)) {
                    L->cells = dxp_xrealloc(L->cells, (L->ncells + 1) * sizeof *L->cells);
                    L->cells[L->ncells++] = b.len;
                }
                token_text(src, &all[i], &b);
                if (opens(all[i].kind)) depth++;
                else if (closes(all[i].kind)) depth--;
                if (i == L->first && (all[i].kind == TOK_KEY || all[i].kind == TOK_YEAR_KEY) && i < code_last)
                    L->key_width = dxp_utf8_width(b.data, b.len);
            }
        }
        L->code = b.data;
        L->code_len = b.len;
    }
}

/* Display width of a cell of a table line: its text without trailing blanks. */
static size_t cell_width(const line *L, size_t k)
{
    size_t from = L->cells[k], to = k + 1 < L->ncells ? L->cells[k + 1] : L->table_end;
    while (to > from && L->code[to - 1] == ' ') to--;
    return dxp_utf8_width(L->code + from, to - from);
}

/* Consecutive year tables at one indentation (a KPI's target and actual
 * lines) become columns: the n-th entries line up, by display width. */
static void align_tables(line *lines, size_t nl)
{
    for (size_t li = 0; li < nl;) {
        if (!lines[li].ncells) { li++; continue; }
        size_t lj = li, columns = 0, prefix = 0;
        while (lj + 1 < nl && lines[lj + 1].ncells && !lines[lj + 1].blank_before &&
               lines[lj + 1].indent == lines[li].indent)
            lj++;
        for (size_t k = li; k <= lj; k++) {
            if (lines[k].ncells > columns) columns = lines[k].ncells;
            size_t w = dxp_utf8_width(lines[k].code, lines[k].cells[0]);
            if (w > prefix) prefix = w;
        }
        size_t *width = dxp_xcalloc(columns, sizeof *width);
        for (size_t k = li; k <= lj; k++)
            for (size_t c = 0; c < lines[k].ncells; c++)
                if (cell_width(&lines[k], c) > width[c]) width[c] = cell_width(&lines[k], c);
        for (size_t k = li; k <= lj && lj > li; k++) {
            line *L = &lines[k];
            buf b = { 0 };
            put(&b, L->code, L->cells[0]);
            spaces(&b, prefix - dxp_utf8_width(L->code, L->cells[0]));
            for (size_t c = 0; c < L->ncells; c++) {
                size_t from = L->cells[c], to = c + 1 < L->ncells ? L->cells[c + 1] : L->table_end;
                while (to > from && L->code[to - 1] == ' ') to--;
                put(&b, L->code + from, to - from);
                if (c + 1 < L->ncells) spaces(&b, width[c] - cell_width(L, c) + 2);
            }
            put(&b, L->code + L->table_end, L->code_len - L->table_end);
            free(L->code);
            L->code = b.data;
            L->code_len = b.len;
        }
        free(width);
        li = lj + 1;
    }
}

/* Re-prints a line with its `key:` padded to width w. */
static void pad_key(line *L, size_t w)
{
    size_t key_bytes = 0, kw = 0;
    const char *c = L->code;
    while (kw < L->key_width && key_bytes < L->code_len) {
        int32_t cp;
        size_t len = dxp_utf8_decode(c + key_bytes, L->code_len - key_bytes, &cp);
        if (!len) len = 1;
        kw += (size_t)dxp_utf8_char_width(cp);
        key_bytes += len;
    }
    size_t rest = key_bytes;
    while (rest < L->code_len && c[rest] == ' ') rest++;
    buf b = { 0 };
    put(&b, c, key_bytes);
    spaces(&b, w - L->key_width + 1);
    put(&b, c + rest, L->code_len - rest);
    free(L->code);
    L->code = b.data;
    L->code_len = b.len;
    L->value_col = L->indent + w + 1;
}

/* Aligns the values after `key:` over a run of lines at one indentation that
 * each start with a key; continuation lines of revise entries and comment
 * lines in between do not break the run, a blank line does. */
static void align_keys(line *lines, size_t nl)
{
    for (size_t li = 0; li < nl;) {
        if (!lines[li].key_width) { li++; continue; }
        size_t lj = li, w = lines[li].key_width;
        for (size_t k = li + 1; k < nl && !lines[k].blank_before; k++) {
            const line *L = &lines[k];
            if (L->key_width && L->indent == lines[li].indent) {
                lj = k;
                if (L->key_width > w) w = L->key_width;
            } else if (!(L->entry_rel >= 0 || (L->comment_only && L->indent == lines[li].indent))) {
                break;
            }
        }
        for (size_t k = li; k <= lj; k++)
            if (lines[k].key_width && lines[k].indent == lines[li].indent) pad_key(&lines[k], w);
        li = lj + 1;
    }
}

/* Continuation lines of a revise or rules entry start under its values
 * (nested blocks, and the rest of an unfinished expression, two spaces
 * further), as a planner lines them up by hand. */
static void place_continuations(line *lines, size_t nl)
{
    size_t value_col = 0;
    for (size_t li = 0; li < nl; li++) {
        line *L = &lines[li];
        if (L->entry) value_col = L->value_col ? L->value_col : L->indent + L->key_width + 1;
        else if (L->entry_rel >= 0 && value_col)
            L->indent = value_col + (size_t)L->entry_rel * 2 + (L->after_open_expression ? 2 : 0);
    }
}

/* Trailing comments of consecutive lines start in one column. */
static void align_comments(line *lines, size_t nl)
{
    for (size_t li = 0; li < nl;) {
        if (!lines[li].trailing_comment) { li++; continue; }
        size_t lj = li;
        while (lj + 1 < nl && lines[lj + 1].trailing_comment && !lines[lj + 1].blank_before) lj++;
        size_t col = 0;
        for (size_t k = li; k <= lj; k++) {
            size_t w = lines[k].indent + dxp_utf8_width(lines[k].code, lines[k].code_len);
            if (w > col) col = w;
        }
        for (size_t k = li; k <= lj; k++) lines[k].comment_col = col + 2;
        li = lj + 1;
    }
}

bool dxp_format(dxp_source *src, int32_t file, dxp_diags *diags, dxp_arena *arena, char **out, size_t *out_len)
{
    size_t na, nl;
    ftok *all = scan(src, file, diags, arena, &na);
    line *lines = group_lines(all, na, &nl);
    plan_indentation(all, lines, nl);
    print_code(src, all, na, lines, nl);
    align_keys(lines, nl);
    align_tables(lines, nl);
    place_continuations(lines, nl);
    align_comments(lines, nl);

    /* Lines end as the file's first line does: a plan kept with CRLF on
     * Windows stays CRLF, and formatting it does not change every line. */
    const char *first_nl = memchr(src->text, '\n', src->len);
    const char *eol = first_nl && first_nl > src->text && first_nl[-1] == '\r' ? "\r\n" : "\n";
    buf o = { 0 };
    put(&o, "", 0);
    if (src->had_bom) puts_(&o, "\xEF\xBB\xBF");
    for (size_t li = 0; li < nl; li++) {
        line *L = &lines[li];
        if (L->blank_before) puts_(&o, eol);
        spaces(&o, L->indent);
        put(&o, L->code, L->code_len);
        if (L->trailing_comment) {
            size_t w = L->indent + dxp_utf8_width(L->code, L->code_len);
            spaces(&o, L->comment_col > w ? L->comment_col - w : 2);
            buf cb = { 0 };
            printed(src, &all[L->last], &cb);     /* a comment keeps its text; only trailing blanks go */
            put(&o, cb.data, cb.len);
            free(cb.data);
        } else {
            while (o.len > 0 && (o.data[o.len - 1] == ' ' || o.data[o.len - 1] == '\t'))
                o.data[--o.len] = '\0';
        }
        puts_(&o, eol);
        free(L->code);
        free(L->cells);
    }
    free(lines);
    free(all);
    *out = o.data;
    *out_len = o.len;
    return true;
}

/* ---- unified diff ------------------------------------------------------------- */

typedef struct lines_of { const char **at; size_t *len; size_t n; } lines_of;

static lines_of split_lines(const char *s, size_t n)
{
    lines_of l = { NULL, NULL, 0 };
    size_t cap = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (s + i)) + 1 : n - i;
        if (l.n == cap) {
            cap = cap ? cap * 2 : 64;
            l.at = dxp_xrealloc(l.at, cap * sizeof *l.at);
            l.len = dxp_xrealloc(l.len, cap * sizeof *l.len);
        }
        l.at[l.n] = s + i;
        l.len[l.n++] = len;
        i += len;
    }
    return l;
}

static bool same_line(const lines_of *a, size_t i, const lines_of *b, size_t j)
{
    return a->len[i] == b->len[j] && memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

static void diff_line(FILE *out, char mark, const char *s, size_t len)
{
    fputc(mark, out);
    fwrite(s, 1, len, out);
    if (len == 0 || s[len - 1] != '\n') fputs("\n\\ No newline at end of file\n", out);
}

void dxp_unified_diff(const char *path, const char *a, size_t na, const char *b, size_t nb, FILE *out)
{
    lines_of x = split_lines(a, na), y = split_lines(b, nb);
    /* longest common subsequence by dynamic programming: plans are small, and
     * past a few thousand lines the whole file is one change */
    size_t n = x.n, m = y.n;
    bool small = (n + 1) * (m + 1) <= 25u * 1000 * 1000;
    unsigned *lcs = small ? dxp_xcalloc((n + 1) * (m + 1), sizeof *lcs) : NULL;
    if (small)
        for (size_t i = n; i-- > 0;)
            for (size_t j = m; j-- > 0;)
                lcs[i * (m + 1) + j] = same_line(&x, i, &y, j) ? lcs[(i + 1) * (m + 1) + j + 1] + 1
                                       : lcs[(i + 1) * (m + 1) + j] > lcs[i * (m + 1) + j + 1]
                                           ? lcs[(i + 1) * (m + 1) + j] : lcs[i * (m + 1) + j + 1];
    fprintf(out, "--- %s\n+++ %s (formatted)\n", path, path);
    /* one hunk per run of changes, with up to 3 lines of context */
    enum { CTX = 3 };
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (small && i < n && j < m && same_line(&x, i, &y, j)) { i++, j++; continue; }
        size_t hi = i >= CTX ? i - CTX : 0, hj = j >= CTX ? j - CTX : 0;
        size_t ei = i, ej = j, equal_run = 0;
        /* extend until more than 2*CTX equal lines in a row (the next change
         * is a hunk of its own), or the end */
        while (ei < n || ej < m) {
            if (small && ei < n && ej < m && same_line(&x, ei, &y, ej)) {
                if (equal_run == 2 * CTX) break;
                equal_run++;
                ei++, ej++;
            } else {
                equal_run = 0;
                if (ej >= m || (small && ei < n && lcs[(ei + 1) * (m + 1) + ej] >= lcs[ei * (m + 1) + ej + 1])) ei++;
                else ej++;
            }
        }
        size_t back = equal_run > CTX ? equal_run - CTX : 0;
        ei -= back > ei ? ei : back;
        ej -= back > ej ? ej : back;
        fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", hi + 1, ei - hi, hj + 1, ej - hj);
        size_t p = hi, q = hj;
        while (p < ei || q < ej) {
            if (small && p < ei && q < ej && same_line(&x, p, &y, q)) { diff_line(out, ' ', x.at[p], x.len[p]); p++, q++; }
            else if (p < ei && (q >= ej || !small || lcs[(p + 1) * (m + 1) + q] >= lcs[p * (m + 1) + q + 1])) {
                diff_line(out, '-', x.at[p], x.len[p]);
                p++;
            } else {
                diff_line(out, '+', y.at[q], y.len[q]);
                q++;
            }
        }
        i = ei, j = ej;
    }
    free(lcs);
    free(x.at); free(x.len); free(y.at); free(y.len);
}
