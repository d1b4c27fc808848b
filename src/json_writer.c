/* json_writer.c — streaming JSON with jansson's indented layout. */
#include "dxp/json_writer.h"

#include "dxp/ast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Appends n bytes to a memory writer's keep. */
static void keep(dxp_json_writer *w, const char *s, size_t n)
{
    if (w->mem_len + n > w->mem_cap) {
        size_t cap = w->mem_cap ? w->mem_cap : sizeof w->buf;
        while (cap < w->mem_len + n) cap *= 2;
        char *bigger = realloc(w->mem, cap);
        if (!bigger) {
            w->failed = true;
            return;
        }
        w->mem = bigger;
        w->mem_cap = cap;
    }
    memcpy(w->mem + w->mem_len, s, n);
    w->mem_len += n;
}

/* Writes n bytes to the writer's destination, past its buffer. */
static void emit(dxp_json_writer *w, const char *s, size_t n)
{
    if (!w->out) keep(w, s, n);
    else if (fwrite(s, 1, n, w->out) != n) w->failed = true;
}

static void flush(dxp_json_writer *w)
{
    if (w->len) emit(w, w->buf, w->len);
    w->len = 0;
}

static void put(dxp_json_writer *w, const char *s, size_t n)
{
    if (w->len + n > sizeof w->buf) {
        flush(w);
        if (n > sizeof w->buf) {
            emit(w, s, n);
            return;
        }
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void put_char(dxp_json_writer *w, char c)
{
    if (w->len == sizeof w->buf) flush(w);
    w->buf[w->len++] = c;
}

/* Copies n bytes, 4 <= n <= 32, with two moves of a fixed size that may
 * overlap, not a call to memcpy: a report copies a newline with its
 * indentation and a key for each of the fifty members of a KPI. */
static void copy_short(char *to, const char *from, size_t n)
{
    if (n >= 16) {
        memcpy(to, from, 16);
        memcpy(to + n - 16, from + n - 16, 16);
    } else if (n >= 8) {
        memcpy(to, from, 8);
        memcpy(to + n - 8, from + n - 8, 8);
    } else {
        memcpy(to, from, 4);
        memcpy(to + n - 4, from + n - 4, 4);
    }
}

/* Like put, for strings that may be short enough for copy_short. */
static void put_short(dxp_json_writer *w, const char *s, size_t n)
{
    if (n < 4 || n > 32 || sizeof w->buf - w->len < n) {
        put(w, s, n);
        return;
    }
    copy_short(w->buf + w->len, s, n);
    w->len += n;
}

static void newline_indent(dxp_json_writer *w, int depth)
{
    if (w->compact) return;
    /* a newline and two spaces a level, for every depth the writer allows */
    static const char line[] = "\n                                                                "
                               "                                                                ";
    _Static_assert(sizeof line - 2 >= 2 * DXP_JSON_MAX_DEPTH, "indentation for every depth");
    put_short(w, line, 1 + 2 * (size_t)depth);
}

/* Before any value: inside an array, the separator and the line it starts. */
static void before_value(dxp_json_writer *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0) return;
    if (!w->empty[w->depth - 1]) put_char(w, ',');
    w->empty[w->depth - 1] = false;
    newline_indent(w, w->depth);
}

void dxp_json_init(dxp_json_writer *w, FILE *out)
{
    w->out = out;
    w->mem = NULL;
    w->mem_len = w->mem_cap = 0;
    w->len = 0;
    w->depth = 0;
    w->after_key = false;
    w->failed = false;
    w->compact = false;
}

void dxp_json_set_compact(dxp_json_writer *w, bool compact)
{
    w->compact = compact;
}

void dxp_json_init_memory(dxp_json_writer *w, int depth)
{
    dxp_json_init(w, NULL);
    w->depth = depth;
    for (int i = 0; i < depth; i++) w->empty[i] = false;
}

void dxp_json_restart_memory(dxp_json_writer *w, int depth)
{
    char *mem = w->mem;
    size_t cap = w->mem_cap;
    bool compact = w->compact;
    dxp_json_init_memory(w, depth);
    w->mem = mem;
    w->mem_cap = cap;
    w->compact = compact;
}

void dxp_json_detach(dxp_json_writer *w)
{
    w->after_key = true;   /* what a key does: the value that follows takes no separator */
}

size_t dxp_json_offset(const dxp_json_writer *w)
{
    return w->mem_len + w->len;
}

const char *dxp_json_memory(dxp_json_writer *w)
{
    flush(w);
    return w->failed ? NULL : w->mem ? w->mem : "";
}

void dxp_json_free_memory(dxp_json_writer *w)
{
    free(w->mem);
    w->mem = NULL;
    w->mem_len = w->mem_cap = 0;
}

void dxp_json_raw_value(dxp_json_writer *w, const char *bytes, size_t len)
{
    before_value(w);
    put(w, bytes, len);
}

bool dxp_json_finish(dxp_json_writer *w)
{
    put_char(w, '\n');
    flush(w);
    return !w->failed && w->depth == 0;
}

static void open_container(dxp_json_writer *w, char bracket)
{
    before_value(w);
    put_char(w, bracket);
    if (w->depth == DXP_JSON_MAX_DEPTH) {
        w->failed = true;
        return;
    }
    w->empty[w->depth++] = true;
}

static void close_container(dxp_json_writer *w, char bracket)
{
    if (w->depth == 0) {
        w->failed = true;
        return;
    }
    w->depth--;
    if (!w->empty[w->depth]) newline_indent(w, w->depth);
    put_char(w, bracket);
}

void dxp_json_begin_object(dxp_json_writer *w) { open_container(w, '{'); }
void dxp_json_end_object(dxp_json_writer *w) { close_container(w, '}'); }
void dxp_json_begin_array(dxp_json_writer *w) { open_container(w, '['); }
void dxp_json_end_array(dxp_json_writer *w) { close_container(w, ']'); }

/* Bytes that a JSON string must escape: controls, quote and backslash. */
static bool needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

/* An escape for c into out (at least 7 bytes); returns its length. */
static size_t escape(unsigned char c, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    char short_form = c == '"' ? '"' : c == '\\' ? '\\' : c == '\b' ? 'b' : c == '\f' ? 'f'
                    : c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : 0;
    out[0] = '\\';
    if (short_form) {
        out[1] = short_form;
        return 2;
    }
    memcpy(out + 1, "u00", 3);
    out[4] = hex[c >> 4];
    out[5] = hex[c & 15];
    return 6;
}

/* Whether any of eight bytes needs an escape (the bit tricks of "Bit
 * Twiddling Hacks": a byte below 0x20, or equal to '"' or '\\'). */
static bool word_needs_escape(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t below_space = (w - ones * 0x20) & ~w & highs;
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
    uint64_t zero_quote = (quote - ones) & ~quote & highs;
    uint64_t zero_backslash = (backslash - ones) & ~backslash & highs;
    return (below_space | zero_quote | zero_backslash) != 0;
}

static void quoted(dxp_json_writer *w, const char *s, size_t len)
{
    /* Straight into the buffer when the worst case (every byte escaped) fits. */
    if (len > (sizeof w->buf - 2) / 6) {
        put_char(w, '"');
        for (size_t i = 0; i < len; i++) {
            char esc[8];
            if (needs_escape((unsigned char)s[i])) put(w, esc, escape((unsigned char)s[i], esc));
            else put_char(w, s[i]);
        }
        put_char(w, '"');
        return;
    }
    if (sizeof w->buf - w->len < len * 6 + 2) flush(w);
    char *out = w->buf + w->len;
    *out++ = '"';
    size_t i = 0;
    while (i < len) {
        /* eight bytes at a time while none of them needs an escape */
        if (i + 8 <= len) {
            uint64_t word;
            memcpy(&word, s + i, 8);
            if (!word_needs_escape(word)) {
                memcpy(out, &word, 8);
                out += 8;
                i += 8;
                continue;
            }
        }
        unsigned char c = (unsigned char)s[i++];
        if (needs_escape(c)) out += escape(c, out);
        else *out++ = (char)c;
    }
    *out++ = '"';
    w->len = (size_t)(out - w->buf);
}

void dxp_json_key(dxp_json_writer *w, const char *key)
{
    before_value(w);
    /* Keys are the report's own short names ("status", "rate"): copied as
     * they are when nothing in them needs an escape, which is every time
     * (a report has fifty keys a KPI). */
    size_t len = 0;
    while (key[len] && len < 64 && !needs_escape((unsigned char)key[len])) len++;
    if (key[len] == '\0' && sizeof w->buf - w->len >= len + 4) {
        char *out = w->buf + w->len;
        *out++ = '"';
        memcpy(out, key, len);
        memcpy(out + len, "\": ", 3);
        w->len += len + 4 - w->compact;
    } else {
        quoted(w, key, strlen(key));
        put(w, ": ", 2 - w->compact);
    }
    w->after_key = true;
}

void dxp_json_member(dxp_json_writer *w, dxp_json_name name)
{
    before_value(w);
    put_short(w, name.text, name.len - w->compact);   /* the name ends in ": " */
    w->after_key = true;
}

void dxp_json_string(dxp_json_writer *w, const char *s, size_t len)
{
    before_value(w);
    quoted(w, s ? s : "", s ? len : 0);
}

void dxp_json_cstring(dxp_json_writer *w, const char *s)
{
    if (!s) dxp_json_null(w);
    else dxp_json_string(w, s, strlen(s));
}

void dxp_json_int(dxp_json_writer *w, long long v)
{
    char digits[24];
    const char *start = dxp_format_integer(v, digits + sizeof digits);
    before_value(w);
    put(w, start, (size_t)(digits + sizeof digits - start));
}

void dxp_json_real(dxp_json_writer *w, double v)
{
    char text[40];
    int n = snprintf(text, sizeof text - 2, "%.15g", v);
    if (n < 0 || n >= (int)sizeof text - 2) {
        w->failed = true;
        return;
    }
    char *e = strchr(text, 'e');
    if (!e && !strchr(text, '.')) {
        memcpy(text + n, ".0", 3);
        n += 2;
    }
    if (e) {
        /* "1e+20" → "1e20", "1e-05" → "1e-5" */
        char *digits = e + 1, *from = e + 1;
        if (*from == '-') digits = ++from;
        else if (*from == '+') from++;
        while (*from == '0' && from[1]) from++;
        memmove(digits, from, strlen(from) + 1);
        n = (int)strlen(text);
    }
    before_value(w);
    put(w, text, (size_t)n);
}

void dxp_json_decimal(dxp_json_writer *w, long long units, int scale)
{
    if (scale <= 0) {
        dxp_json_int(w, units);
        return;
    }
    char digits[48], *end = digits + sizeof digits, *start = end;
    unsigned long long u = units < 0 ? 0ull - (unsigned long long)units : (unsigned long long)units;
    /* fraction digits, least significant first, dropping trailing zeros */
    bool significant = false;
    for (int fraction = scale; fraction > 0; fraction--, u /= 10) {
        char d = (char)('0' + u % 10);
        if (d != '0') significant = true;
        if (significant) *--start = d;
    }
    if (start < end) *--start = '.';
    start = dxp_format_integer((long long)u, start);   /* below 2^63: at least one digit is gone */
    if (units < 0) *--start = '-';
    before_value(w);
    put(w, start, (size_t)(end - start));
}

void dxp_json_bool(dxp_json_writer *w, bool v)
{
    before_value(w);
    if (v) put(w, "true", 4);
    else put(w, "false", 5);
}

void dxp_json_null(dxp_json_writer *w)
{
    before_value(w);
    put(w, "null", 4);
}
