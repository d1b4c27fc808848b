/* source.h — a loaded plan file: its bytes, a line map and column computation.
 *
 * Positions everywhere else in dxp are byte offsets into dxp_source.text; they
 * become line:column only here, when a diagnostic is rendered. */
#ifndef DXP_SOURCE_H
#define DXP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Largest plan file dxp reads (docs/limits.md). Offsets are 32-bit. */
#define DXP_MAX_FILE_SIZE ((size_t)1 << 30)

typedef enum dxp_column_unit {
    DXP_COLUMN_CHAR,     /* Unicode code points (default) */
    DXP_COLUMN_BYTE,     /* UTF-8 bytes (Vim, gcc) */
    DXP_COLUMN_UTF16,    /* UTF-16 code units (LSP, VS Code) */
    DXP_COLUMN_DISPLAY   /* terminal columns: wide characters count two */
} dxp_column_unit;

typedef struct dxp_source {
    char *path;          /* as the user named it (or "<std>" for embedded files) */
    char *buf;           /* owned bytes followed by two NULs (the scanner wants them) */
    size_t buf_size;     /* bytes allocated for buf (dxp_big_alloc) */
    const char *text;    /* buf, after a skipped BOM */
    size_t len;          /* bytes in text, excluding the NULs */
    bool had_bom;
    bool embedded;       /* part of the standard library compiled into dxp */
    bool from_stdin;     /* read from standard input ("-" on the command line) */
    bool utf8_checked;   /* invalid_utf8 is known: checked as the file was read */
    size_t invalid_utf8; /* then: as dxp_source_invalid_utf8 says */
    uint32_t *lines;     /* offsets of line starts, built on first use */
    size_t nlines;
    struct dxp_line_marks *marks;   /* of the long lines a column was asked for */
} dxp_source;

/* Reads a file. On failure returns NULL and sets *err to a static message
 * (a file over DXP_MAX_FILE_SIZE is one). */
dxp_source *dxp_source_load(const char *path, const char **err);
/* Reads an open stream to its end, the same way (dxp fmt - reads standard
 * input so); `name` is what diagnostics call it. The stream stays open. */
dxp_source *dxp_source_read(FILE *f, const char *name, const char **err);
/* A command line's plan: the file at arg, or standard input when arg is
 * "-", which diagnostics then call DXP_STDIN_NAME. */
#define DXP_STDIN_NAME "<stdin>"
bool dxp_arg_is_stdin(const char *arg);
dxp_source *dxp_source_load_arg(const char *arg, const char **err);
/* How "cannot read %s" names it: the path, or "standard input" (translated). */
const char *dxp_arg_display_name(const char *arg);
/* Wraps a copy of bytes already in memory (embedded stdlib, tests, LSP buffers). */
dxp_source *dxp_source_from_memory(const char *path, const char *bytes, size_t len);
void dxp_source_free(dxp_source *src);

/* The directory part of a path, newly allocated: "a/b.dxp" → "a", "b.dxp" → ".",
 * "/b.dxp" → "/" (imports and .dxplint are found relative to it). */
char *dxp_path_dir(const char *path);
/* Whether path names a file (through links), not a directory, a device or a
 * pipe: what an import or a .dxplint must be, since a pipe would be waited on
 * for ever. A plan named on the command line may be any of them (/dev/stdin).
 * When it does not, *why says so, for "cannot read PATH: WHY". */
bool dxp_path_is_file(const char *path, const char **why);

/* Offset of the first byte that is not valid UTF-8, or src->len when all is
 * valid. A large source has its halves checked at once (dxp_threads_worth). */
size_t dxp_source_invalid_utf8(const dxp_source *src);

/* 1-based line of a byte offset, and the byte range [start, end) of that line
 * without its line terminator. */
uint32_t dxp_source_line_of(dxp_source *src, uint32_t offset);
void dxp_source_line_span(dxp_source *src, uint32_t line, uint32_t *start, uint32_t *end);

/* 1-based column of offset within its line, counted in the given unit. On a
 * long line (a one-line file of megabytes) the count starts from the nearest
 * of marks set every kilobyte when a column of that line is first asked for,
 * so that a thousand diagnostics on it cost a thousand kilobytes, not a
 * thousand lines. The line map and the marks are built on first use: a
 * source's columns are asked for on one thread. */
uint32_t dxp_source_column(dxp_source *src, uint32_t offset, dxp_column_unit unit);

/* The inverse of dxp_source_column: the offset of the first character of
 * `line` that has at least `columns` columns (in unit) before it, or the
 * line's end when the line is narrower. A column inside a character (half
 * of a surrogate pair, a byte inside a multi-byte character) gives the
 * character after it. Long lines start from the same marks. */
uint32_t dxp_source_column_offset(dxp_source *src, uint32_t line, uint32_t columns, dxp_column_unit unit);

/* Columns (in unit) taken by the bytes [from, to) of one line. */
uint32_t dxp_source_count_columns(const char *s, size_t n, dxp_column_unit unit);

#endif
