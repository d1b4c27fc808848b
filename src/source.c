/* source.c — see source.h. */
#include "dxp/source.h"

#include "dxp/arena.h"
#include "dxp/i18n.h"
#include "dxp/threads.h"
#include "dxp/utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void free_line_marks(struct dxp_line_marks *m);

static dxp_source *source_new(const char *path, char *buf, size_t buf_size, size_t len)
{
    dxp_source *src = dxp_xcalloc(1, sizeof *src);
    src->path = dxp_xstrdup(path);
    src->buf = buf;
    src->buf_size = buf_size;
    src->text = buf;
    src->len = len;
    /* A leading BOM is skipped: offsets and columns start after it. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        src->text = buf + 3;
        src->len = len - 3;
        src->had_bom = true;
    }
    return src;
}

dxp_source *dxp_source_from_memory(const char *path, const char *bytes, size_t len)
{
    char *buf = dxp_big_alloc(len + 2);   /* zero-filled: the two NULs are there */
    memcpy(buf, bytes, len);
    return source_new(path, buf, len + 2, len);
}

/* The UTF-8 of a large file is checked as it is read, a piece at a time
 * while the piece is still in the cache: checked afterwards, the bytes came
 * back from memory, and the check took 7% of a check of 100,000 KPIs. */
enum { READ_PIECE = 256 << 10 };

#define NOT_FOUND SIZE_MAX

typedef struct file_part {
    int fd;
    char *buf;
    size_t offset, len;
    bool failed;
    /* The check of the part's UTF-8, all offsets in buf. It starts at the
     * part's first character (`start`: the second half may begin inside one)
     * and has found every character valid up to `checked`, where the part
     * ends or a character is cut by its end; or it has found the first
     * invalid byte (`invalid`, else NOT_FOUND). */
    size_t start, checked, invalid;
} file_part;

/* Checks the part's bytes read so far, up to `end`. */
static void check_read(file_part *part, size_t end)
{
    if (part->invalid != NOT_FOUND) return;
    if (part->checked == part->offset && part->offset > 0) {
        /* The bytes of a character that began in the first half (at most three) */
        while (part->checked < end && part->checked < part->offset + 3 && dxp_utf8_is_continuation(part->buf[part->checked]))
            part->checked++;
        part->start = part->checked;
    }
    size_t n = end - part->checked;
    size_t valid = dxp_utf8_validate(part->buf + part->checked, n);
    /* A character cut by the end of what was read is checked with the bytes after it. */
    if (valid == n || n - valid < 4) part->checked += valid;
    else part->invalid = part->checked + valid;
}

static void read_part(void *arg)
{
    file_part *part = arg;
    for (size_t done = 0; done < part->len;) {
        size_t want = part->len - done < READ_PIECE ? part->len - done : READ_PIECE;
        ssize_t got = pread(part->fd, part->buf + part->offset + done, want, (off_t)(part->offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) { part->failed = true; return; }
        done += (size_t)got;
        check_read(part, part->offset + done);
    }
}

/* The first invalid byte of buf[0, size) read as two parts (NOT_FOUND when
 * all is valid), from what the parts' checks found: the first half's answer
 * if it has one; else the second's, once the bytes between the two checks
 * are found to be whole characters, which also makes the second's start a
 * character's. Otherwise (bytes that are not UTF-8 where the halves meet)
 * the check goes on from where the first stopped, on this thread. */
static size_t first_invalid(const file_part *first, const file_part *second, const char *buf, size_t size)
{
    if (first->invalid != NOT_FOUND) return first->invalid;
    size_t between = second->start - first->checked;
    if (dxp_utf8_validate(buf + first->checked, between) == between) {
        if (second->invalid != NOT_FOUND) return second->invalid;
        return second->checked == size ? NOT_FOUND : second->checked;   /* cut by the end of the file */
    }
    size_t valid = dxp_utf8_validate(buf + first->checked, size - first->checked);
    return first->checked + valid == size ? NOT_FOUND : first->checked + valid;
}

/* A large regular file is read in two halves at once, into memory whose
 * pages are not put in beforehand: putting in a page costs more than copying
 * it on this kind of machine, and each thread now puts in its own half. The
 * file may have changed size since fstat; whatever the halves did not read
 * is left to the loop of dxp_source_load. Returns the bytes read, and in
 * *invalid the offset of the first byte that is not UTF-8 (NOT_FOUND when
 * all are valid) when all `size` bytes were read. */
static size_t read_halves(int fd, char *buf, size_t size, size_t *invalid)
{
    size_t half = size / 2;
    file_part first = { fd, buf, 0, half, false, 0, 0, NOT_FOUND },
              second = { fd, buf, half, size - half, false, half, half, NOT_FOUND };
    dxp_run_both(read_part, &first, read_part, &second);
    if (first.failed) return 0;            /* read again from the start, the plain way */
    if (second.failed) return half;
    *invalid = first_invalid(&first, &second, buf, size);
    return size;
}

dxp_source *dxp_source_read(FILE *f, const char *name, const char **err)
{
    struct stat st;
    bool stat_ok = fstat(fileno(f), &st) == 0;
    if (stat_ok && S_ISDIR(st.st_mode)) {
        *err = _("is a directory");
        return NULL;
    }
    if (stat_ok && S_ISREG(st.st_mode) && (unsigned long long)st.st_size > DXP_MAX_FILE_SIZE) {
        *err = _("file is larger than 1 GiB");   /* said at once, without reading a gigabyte first */
        return NULL;
    }
    size_t cap = (stat_ok && st.st_size > 0 && (size_t)st.st_size < DXP_MAX_FILE_SIZE)
                     ? (size_t)st.st_size + 3 : 4096;   /* + NUL NUL, and room to see EOF */
    size_t len = 0, halves_len = 0, invalid = NOT_FOUND;
    char *buf;
    /* read in halves from offset 0: a file given as standard input may start further on */
    if (stat_ok && S_ISREG(st.st_mode) && ftello(f) == 0 && dxp_threads_worth(cap)) {
        buf = dxp_big_alloc_lazy(cap);
        len = halves_len = read_halves(fileno(f), buf, cap - 3, &invalid);
        if (fseeko(f, (off_t)len, SEEK_SET) != 0) len = halves_len = 0, rewind(f);
    } else {
        buf = dxp_big_alloc(cap);
    }
    for (;;) {
        if (cap - len < 2 + 1) {
            if (cap > DXP_MAX_FILE_SIZE) break;
            /* Room for one byte past the limit, which tells a stream that is
             * too long (a pipe, a device) from one that fits, and no more. */
            size_t bigger = cap < (DXP_MAX_FILE_SIZE + 3) / 2 ? cap * 2 : DXP_MAX_FILE_SIZE + 3;
            buf = dxp_big_grow(buf, cap, bigger);
            cap = bigger;
        }
        size_t got = fread(buf + len, 1, cap - len - 2, f);
        len += got;
        if (got == 0) break;
        if (len > DXP_MAX_FILE_SIZE) break;
    }
    if (ferror(f)) {
        int saved = errno;   /* fread's reason (EIO …), before munmap can touch errno */
        dxp_big_free(buf, cap);
        *err = strerror(saved);
        return NULL;
    }
    if (len > DXP_MAX_FILE_SIZE) { dxp_big_free(buf, cap); *err = _("file is larger than 1 GiB"); return NULL; }
    buf[len] = buf[len + 1] = '\0';
    dxp_source *src = source_new(name, buf, cap, len);
    if (halves_len > 0 && len == halves_len) {   /* the file had no more bytes than fstat said */
        src->utf8_checked = true;
        src->invalid_utf8 = invalid == NOT_FOUND ? src->len : invalid - (size_t)(src->text - buf);
    }
    return src;
}

dxp_source *dxp_source_load(const char *path, const char **err)
{
    FILE *f = fopen(path, "rb");
    if (!f) { *err = strerror(errno); return NULL; }
    dxp_source *src = dxp_source_read(f, path, err);
    fclose(f);
    return src;
}

bool dxp_arg_is_stdin(const char *arg)
{
    return strcmp(arg, "-") == 0;
}

dxp_source *dxp_source_load_arg(const char *arg, const char **err)
{
    if (!dxp_arg_is_stdin(arg)) return dxp_source_load(arg, err);
    dxp_source *src = dxp_source_read(stdin, DXP_STDIN_NAME, err);
    if (src) src->from_stdin = true;
    return src;
}

const char *dxp_arg_display_name(const char *arg)
{
    return dxp_arg_is_stdin(arg) ? _("standard input") : arg;
}

void dxp_source_free(dxp_source *src)
{
    if (!src) return;
    free(src->path);
    dxp_big_free(src->buf, src->buf_size);
    free(src->lines);
    free_line_marks(src->marks);
    free(src);
}

bool dxp_path_is_file(const char *path, const char **why)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) return true;
    *why = _("not a file (a directory, device or pipe)");
    return false;
}

char *dxp_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return dxp_xstrdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *dir = dxp_xmalloc(n + 1);
    memcpy(dir, path, n);
    dir[n] = '\0';
    return dir;
}

typedef struct validation {
    const char *text;
    size_t len;
    size_t invalid;      /* offset of the first invalid byte, or len */
} validation;

static void validate(void *arg)
{
    validation *v = arg;
    v->invalid = dxp_utf8_validate(v->text, v->len);
}

size_t dxp_source_invalid_utf8(const dxp_source *src)
{
    if (src->utf8_checked) return src->invalid_utf8;
    if (!dxp_threads_worth(src->len))
        return dxp_utf8_validate(src->text, src->len);
    /* Two halves at once, split before a byte that starts a character: the
     * first invalid byte of the whole is the first half's, else the second's. */
    size_t split = src->len / 2;
    while (split < src->len && dxp_utf8_is_continuation(src->text[split])) split++;
    validation first = { src->text, split, 0 }, second = { src->text + split, src->len - split, 0 };
    dxp_run_both(validate, &first, validate, &second);
    return first.invalid < first.len ? first.invalid : split + second.invalid;
}

/* Line starts are computed once, on the first diagnostic that needs them:
 * a clean check of a large file never pays for the map. */
static void build_line_map(dxp_source *src)
{
    size_t cap = 1024, n = 0;
    uint32_t *lines = dxp_xmalloc(cap * sizeof *lines);
    lines[n++] = 0;
    const char *p = src->text, *end = src->text + src->len;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        p++;
        if (n == cap) { cap *= 2; lines = dxp_xrealloc(lines, cap * sizeof *lines); }
        lines[n++] = (uint32_t)(p - src->text);
    }
    src->lines = lines;
    src->nlines = n;
}

uint32_t dxp_source_line_of(dxp_source *src, uint32_t offset)
{
    if (!src->lines) build_line_map(src);
    size_t lo = 0, hi = src->nlines;   /* last line start <= offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->lines[mid] <= offset) lo = mid; else hi = mid;
    }
    return (uint32_t)lo + 1;
}

void dxp_source_line_span(dxp_source *src, uint32_t line, uint32_t *start, uint32_t *end)
{
    if (!src->lines) build_line_map(src);
    if (line < 1) line = 1;
    if (line > src->nlines) line = (uint32_t)src->nlines;
    uint32_t s = src->lines[line - 1];
    uint32_t e = line < src->nlines ? src->lines[line] - 1 : (uint32_t)src->len;
    if (e > s && src->text[e - 1] == '\r') e--;
    if (e < s) e = s;
    *start = s;
    *end = e;
}

/* Columns one character takes in unit; len is its length in bytes, 0 for a
 * byte that is not UTF-8 (one column in every unit). */
static uint32_t char_columns(int32_t cp, size_t len, dxp_column_unit unit)
{
    if (len == 0) return 1;
    switch (unit) {
    case DXP_COLUMN_BYTE:    return (uint32_t)len;
    case DXP_COLUMN_UTF16:   return cp >= 0x10000 ? 2 : 1;
    case DXP_COLUMN_DISPLAY: return (uint32_t)dxp_utf8_char_width(cp);
    default:                 return 1;
    }
}

uint32_t dxp_source_count_columns(const char *s, size_t n, dxp_column_unit unit)
{
    if (unit == DXP_COLUMN_BYTE) return (uint32_t)n;
    uint32_t cols = 0;
    size_t i = 0;
    while (i < n) {
        int32_t cp;
        size_t len = dxp_utf8_decode(s + i, n - i, &cp);
        cols += char_columns(cp, len, unit);
        i += len ? len : 1;
    }
    return cols;
}

/* ---- columns on long lines ----------------------------------------------------
 *
 * Counting a column decodes the line from its start. On a line of megabytes
 * with a thousand diagnostics that was a thousand passes over it: a 2.7 MB
 * one-line file took 16 s to check, and AFL++ saved such a file as a hang.
 * A long line gets marks instead, one every MARK_SPACING bytes (at the first
 * character that starts there or after), each holding the columns before it
 * in every unit; a count starts from the nearest mark. The marks come from
 * the same walk a count from the line's start makes, so they give the same
 * columns, invalid bytes included. */

enum { MARK_SPACING = 1024, LONG_LINE = 4 * MARK_SPACING };

typedef struct line_mark {
    uint32_t offset;
    uint32_t chars, utf16, display;   /* columns before offset (bytes are offset - start) */
} line_mark;

typedef struct marked_line {
    uint32_t line;
    line_mark *marks;    /* the first at the line's start, in offset order */
    size_t count;
} marked_line;

/* Every long line a column was asked for keeps its marks: a diagnostic on one
 * line often has a note on another ("first declared here"), and marks kept
 * for one line at a time were built again and again. They take about 1.6% of
 * the line's bytes. */
struct dxp_line_marks {
    marked_line *lines;  /* by line number */
    size_t count, cap;
};

static void free_line_marks(struct dxp_line_marks *all)
{
    if (!all) return;
    for (size_t i = 0; i < all->count; i++) free(all->lines[i].marks);
    free(all->lines);
    free(all);
}

static void set_marks(const dxp_source *src, marked_line *ml, uint32_t start, uint32_t end)
{
    size_t cap = (end - start) / MARK_SPACING + 2;
    ml->marks = dxp_xmalloc(cap * sizeof *ml->marks);
    ml->count = 0;
    line_mark at = { start, 0, 0, 0 };
    ml->marks[ml->count++] = at;
    uint32_t next = start + MARK_SPACING;
    for (uint32_t i = start; i < end;) {
        if (i >= next && ml->count < cap) {
            at.offset = i;
            ml->marks[ml->count++] = at;
            next = i + MARK_SPACING;
        }
        int32_t cp;
        size_t len = dxp_utf8_decode(src->text + i, end - i, &cp);
        at.chars += char_columns(cp, len, DXP_COLUMN_CHAR);
        at.utf16 += char_columns(cp, len, DXP_COLUMN_UTF16);
        at.display += char_columns(cp, len, DXP_COLUMN_DISPLAY);
        i += len ? (uint32_t)len : 1;
    }
}

/* The marks of a long line, set on first use. */
static const marked_line *line_marks(dxp_source *src, uint32_t line, uint32_t start, uint32_t end)
{
    struct dxp_line_marks *all = src->marks;
    if (!all) all = src->marks = dxp_xcalloc(1, sizeof *all);
    size_t lo = 0, hi = all->count;   /* the first kept line not before `line` */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (all->lines[mid].line < line) lo = mid + 1; else hi = mid;
    }
    if (lo < all->count && all->lines[lo].line == line) return &all->lines[lo];
    if (all->count == all->cap) {
        all->cap = all->cap ? all->cap * 2 : 8;
        all->lines = dxp_xrealloc(all->lines, all->cap * sizeof *all->lines);
    }
    memmove(&all->lines[lo + 1], &all->lines[lo], (all->count - lo) * sizeof *all->lines);
    all->count++;
    marked_line *ml = &all->lines[lo];
    ml->line = line;
    set_marks(src, ml, start, end);
    return ml;
}

/* The last mark at or before offset. */
static const line_mark *mark_before(const marked_line *m, uint32_t offset)
{
    size_t lo = 0, hi = m->count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->marks[mid].offset <= offset) lo = mid; else hi = mid;
    }
    return &m->marks[lo];
}

static uint32_t mark_columns(const line_mark *mark, uint32_t start, dxp_column_unit unit)
{
    switch (unit) {
    case DXP_COLUMN_BYTE:    return mark->offset - start;
    case DXP_COLUMN_UTF16:   return mark->utf16;
    case DXP_COLUMN_DISPLAY: return mark->display;
    default:                 return mark->chars;
    }
}

uint32_t dxp_source_column(dxp_source *src, uint32_t offset, dxp_column_unit unit)
{
    if (offset > src->len) offset = (uint32_t)src->len;
    uint32_t line = dxp_source_line_of(src, offset), start, end;
    dxp_source_line_span(src, line, &start, &end);
    if (offset < start) offset = start;
    uint32_t from = start, before = 0;
    if (end - start > LONG_LINE && unit != DXP_COLUMN_BYTE) {
        const line_mark *mark = mark_before(line_marks(src, line, start, end), offset);
        from = mark->offset;
        before = mark_columns(mark, start, unit);
    }
    return before + dxp_source_count_columns(src->text + from, offset - from, unit) + 1;
}

uint32_t dxp_source_column_offset(dxp_source *src, uint32_t line, uint32_t columns, dxp_column_unit unit)
{
    uint32_t start, end;
    dxp_source_line_span(src, line, &start, &end);
    uint32_t i = start, counted = 0;
    if (end - start > LONG_LINE) {
        const marked_line *m = line_marks(src, line, start, end);
        /* the last mark with fewer than `columns` before it (or the first):
         * characters of no width (display) can leave several marks at the
         * same count, and the answer is the first position that reaches it */
        size_t lo = 0, hi = m->count;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (mark_columns(&m->marks[mid], start, unit) < columns) lo = mid; else hi = mid;
        }
        i = m->marks[lo].offset;
        counted = mark_columns(&m->marks[lo], start, unit);
    }
    while (i < end && counted < columns) {
        int32_t cp;
        size_t len = dxp_utf8_decode(src->text + i, end - i, &cp);
        counted += char_columns(cp, len, unit);
        i += len ? (uint32_t)len : 1;
    }
    return i;
}
