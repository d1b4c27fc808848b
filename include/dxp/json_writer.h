/* json_writer.h — JSON written as it is produced, without building a tree.
 *
 * A report of 100,000 KPIs is millions of values: building them as a jansson
 * tree, dumping and freeing it cost ten times the evaluation itself. The
 * writer streams into a buffer instead and keeps only the nesting state.
 * Its layout is that of jansson's JSON_INDENT(2) (two spaces, "key": value,
 * "{}" and "[]" when empty), or compact as JSON_COMPACT ("key":value on one
 * line), so that the output does not depend on which one wrote it. Strings
 * must be valid UTF-8 (everything dxp holds is). */
#ifndef DXP_JSON_WRITER_H
#define DXP_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DXP_JSON_MAX_DEPTH 64

typedef struct dxp_json_writer {
    FILE *out;                        /* NULL: kept in memory (mem) */
    char *mem;
    size_t mem_len, mem_cap;
    char buf[1 << 16];
    size_t len;
    int depth;
    bool empty[DXP_JSON_MAX_DEPTH];   /* nothing written yet in the container at this depth */
    bool after_key;                   /* the next value completes a member */
    bool failed;                      /* a write failed or nesting went too deep */
    bool compact;                     /* no newlines, indentation or blank after ':' */
} dxp_json_writer;

void dxp_json_init(dxp_json_writer *w, FILE *out);
/* The compact layout from here on (before the first value; kept by
 * dxp_json_restart_memory). */
void dxp_json_set_compact(dxp_json_writer *w, bool compact);

/* Values written apart and copied in afterwards (the JSON report renders the
 * KPIs of a large plan on two threads this way). A memory writer keeps
 * what it writes, as if nested `depth` levels deep; a value begun after
 * dxp_json_detach() takes no separator, so that the writer it is copied into
 * adds its own with dxp_json_raw_value(). */
void dxp_json_init_memory(dxp_json_writer *w, int depth);
/* A memory writer emptied for the next values, keeping its memory. */
void dxp_json_restart_memory(dxp_json_writer *w, int depth);
void dxp_json_detach(dxp_json_writer *w);
/* Bytes written so far, buffered ones included. */
size_t dxp_json_offset(const dxp_json_writer *w);
/* Everything a memory writer wrote (dxp_json_offset bytes); NULL if it failed. */
const char *dxp_json_memory(dxp_json_writer *w);
void dxp_json_free_memory(dxp_json_writer *w);
/* A value written apart: its separator, then the bytes as they are. */
void dxp_json_raw_value(dxp_json_writer *w, const char *bytes, size_t len);
/* Writes what is buffered and a final newline; false if anything failed. */
bool dxp_json_finish(dxp_json_writer *w);

void dxp_json_begin_object(dxp_json_writer *w);
void dxp_json_end_object(dxp_json_writer *w);
void dxp_json_begin_array(dxp_json_writer *w);
void dxp_json_end_array(dxp_json_writer *w);
/* The key of the next member of the current object. */
void dxp_json_key(dxp_json_writer *w, const char *key);
/* A key known when compiling, as the writer puts it ("\"status\": "): made
 * by DXP_JSON_NAME from a string literal without quotes, backslashes or
 * control characters, it is copied as it is, without a look at each
 * character (a report writes fifty keys a KPI). */
typedef struct dxp_json_name { const char *text; size_t len; } dxp_json_name;
#define DXP_JSON_NAME(literal) ((dxp_json_name){ "\"" literal "\": ", sizeof(literal) + 3 })
void dxp_json_member(dxp_json_writer *w, dxp_json_name name);

void dxp_json_string(dxp_json_writer *w, const char *s, size_t len);
/* A NUL-terminated string, or null when s is NULL. */
void dxp_json_cstring(dxp_json_writer *w, const char *s);
void dxp_json_int(dxp_json_writer *w, long long v);
/* A real as "%.15g", always with a '.' or an exponent, like jansson. */
void dxp_json_real(dxp_json_writer *w, double v);
/* units × 10^-scale as a decimal without trailing zeros (1234500, 6 → 1.2345);
 * a faster form for values known to have at most `scale` decimals. */
void dxp_json_decimal(dxp_json_writer *w, long long units, int scale);
void dxp_json_bool(dxp_json_writer *w, bool v);
void dxp_json_null(dxp_json_writer *w);

#endif
