/* Unit tests for source.c and utf8.c: loading, UTF-8 validation, the line map
 * and columns in every unit on lines of Japanese text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dxp/source.h"
#include "dxp/threads.h"
#include "dxp/utf8.h"

static dxp_source *from(const char *text)
{
    return dxp_source_from_memory("t.dxp", text, strlen(text));
}

static uint32_t offset_of(const dxp_source *src, const char *needle)
{
    const char *p = strstr(src->text, needle);
    assert_non_null(p);
    return (uint32_t)(p - src->text);
}

static void test_line_map(void **state)
{
    (void)state;
    dxp_source *src = from("a\nbb\r\n\nこんにちは\n");
    assert_int_equal(dxp_source_line_of(src, 0), 1);
    assert_int_equal(dxp_source_line_of(src, 2), 2);
    assert_int_equal(dxp_source_line_of(src, 6), 3);
    assert_int_equal(dxp_source_line_of(src, offset_of(src, "こ")), 4);
    uint32_t s, e;
    dxp_source_line_span(src, 2, &s, &e);
    assert_int_equal(s, 2);
    assert_int_equal(e, 4);                     /* without the \r\n */
    dxp_source_line_span(src, 3, &s, &e);
    assert_int_equal(e - s, 0);
    dxp_source_free(src);
}

static void test_columns_on_japanese_line(void **state)
{
    (void)state;
    /* From the language brief: kpi opendata 「オープンデータみやぎ公開数」 { */
    dxp_source *src = from("kpi opendata 「オープンデータみやぎ公開数」 { unit 件 }\n");
    uint32_t brace = offset_of(src, "{");
    assert_int_equal(dxp_source_column(src, brace, DXP_COLUMN_CHAR), 30);
    assert_int_equal(dxp_source_column(src, brace, DXP_COLUMN_BYTE), 13 + 15 * 3 + 1 + 1);   /* 「 + 13 kana/kanji + 」 */
    assert_int_equal(dxp_source_column(src, brace, DXP_COLUMN_UTF16), 30);
    assert_int_equal(dxp_source_column(src, brace, DXP_COLUMN_DISPLAY), 13 + 15 * 2 + 1 + 1);
    dxp_source_free(src);
}

static void test_columns_with_surrogate_pair_and_tab(void **state)
{
    (void)state;
    dxp_source *src = from("\t𠮷野家: 5\n");     /* 𠮷 is outside the BMP */
    uint32_t colon = offset_of(src, ":");
    assert_int_equal(dxp_source_column(src, colon, DXP_COLUMN_CHAR), 5);
    assert_int_equal(dxp_source_column(src, colon, DXP_COLUMN_UTF16), 6);
    assert_int_equal(dxp_source_column(src, colon, DXP_COLUMN_BYTE), 1 + 4 + 3 + 3 + 1);
    assert_int_equal(dxp_source_column(src, colon, DXP_COLUMN_DISPLAY), 1 + 6 + 1);
    dxp_source_free(src);
}

/* A long line's columns come from marks (source.c): at every offset and in
 * every unit they must be what a count from the line's start gives, with
 * Japanese text, characters outside the BMP, wide characters and bytes that
 * are not UTF-8 among them; and on a second long line after the first. */
static void test_columns_on_long_lines(void **state)
{
    (void)state;
    /* 700 combining accents: 1,400 bytes of no display width, so that marks
     * a kilobyte apart can have the same display column */
    char accents[1401];
    for (int k = 0; k < 700; k++) memcpy(accents + 2 * k, "\xcc\x81", 2);
    accents[1400] = '\0';
    static const char *const pieces[] = { "kpi ", "「オープンデータ」", "𠮷", "\xff", "ｱ", "\t", "12,345 " };
    char *text = malloc(128 * 1024);
    assert_non_null(text);
    size_t n = 0;
    for (int line = 0; line < 2; line++) {
        unsigned k = 0;
        for (unsigned i = 0; n < (line + 1) * 30000u; i = i * 7 + 3, k++) {
            const char *piece = k % 13 == 12 ? accents : pieces[i % (sizeof pieces / sizeof *pieces)];
            memcpy(text + n, piece, strlen(piece));
            n += strlen(piece);
        }
        text[n++] = '\n';
    }
    dxp_source *src = dxp_source_from_memory("t.dxp", text, n);
    static const dxp_column_unit units[] = { DXP_COLUMN_CHAR, DXP_COLUMN_BYTE, DXP_COLUMN_UTF16, DXP_COLUMN_DISPLAY };
    for (uint32_t line = 1; line <= 2; line++) {
        uint32_t start, end;
        dxp_source_line_span(src, line, &start, &end);
        assert_true(end - start > 16 * 1024);
        for (uint32_t at = start; at <= end; at += at % 5 ? 1 : 97) {
            for (size_t u = 0; u < sizeof units / sizeof *units; u++)
                assert_int_equal(dxp_source_column(src, at, units[u]),
                                 dxp_source_count_columns(src->text + start, at - start, units[u]) + 1);
        }
        /* the offset of a column, back and forth: the first character
         * boundary with that many columns before it, found by a walk from
         * the line's start. Every display column is asked for: the accents
         * leave marks at the same display column, and only the first
         * position that reaches it is right. */
        for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
            uint32_t width = dxp_source_column(src, end, units[u]) - 1;
            uint32_t walked = start, counted = 0, step = units[u] == DXP_COLUMN_DISPLAY ? 1 : 101;
            for (uint32_t c = 0; c <= width; c += step) {
                while (walked < end && counted < c) {
                    int32_t cp;
                    size_t len = dxp_utf8_decode(src->text + walked, end - walked, &cp);
                    len = len ? len : 1;
                    counted += dxp_source_count_columns(src->text + walked, len, units[u]);
                    walked += (uint32_t)len;
                }
                assert_int_equal(dxp_source_column_offset(src, line, c, units[u]), walked);
            }
            assert_int_equal(dxp_source_column_offset(src, line, width + 10, units[u]), end);
        }
    }
    /* back and forth between the two lines, as a diagnostic and its note on
     * another line ask: the marks of both are kept */
    uint32_t s1, e1, s2, e2;
    dxp_source_line_span(src, 1, &s1, &e1);
    dxp_source_line_span(src, 2, &s2, &e2);
    for (uint32_t k = 0; k < 50; k++) {
        uint32_t a = s1 + (e1 - s1) * k / 50, b = s2 + (e2 - s2) * (50 - k) / 50;
        assert_int_equal(dxp_source_column(src, a, DXP_COLUMN_UTF16),
                         dxp_source_count_columns(src->text + s1, a - s1, DXP_COLUMN_UTF16) + 1);
        assert_int_equal(dxp_source_column(src, b, DXP_COLUMN_DISPLAY),
                         dxp_source_count_columns(src->text + s2, b - s2, DXP_COLUMN_DISPLAY) + 1);
    }
    dxp_source_free(src);
    free(text);
}

static void test_bom_is_skipped(void **state)
{
    (void)state;
    dxp_source *src = from("\xEF\xBB\xBFkpi x");
    assert_true(src->had_bom);
    assert_int_equal(src->len, 5);
    assert_memory_equal(src->text, "kpi x", 5);
    assert_int_equal(dxp_source_column(src, 4, DXP_COLUMN_CHAR), 5);
    dxp_source_free(src);
}

/* The first invalid byte as decoding character by character finds it. */
static size_t first_invalid_by_decoding(const char *bytes, size_t n)
{
    size_t at = 0;
    for (;;) {
        int32_t cp;
        size_t len = at < n ? dxp_utf8_decode(bytes + at, n - at, &cp) : 0;
        if (!len) return at;
        at += len;
    }
}

static void test_utf8_validation(void **state)
{
    (void)state;
    const char *ok = "オープンデータ 𠮷 abc";
    assert_int_equal(dxp_utf8_validate(ok, strlen(ok)), strlen(ok));
    assert_int_equal(dxp_utf8_validate("ab\xC0\xAF", 4), 2);          /* overlong */
    assert_int_equal(dxp_utf8_validate("\xED\xA0\x80", 3), 0);        /* surrogate */
    assert_int_equal(dxp_utf8_validate("abc\xE3\x81", 5), 3);         /* truncated */
    assert_int_equal(dxp_utf8_validate("\xF4\x90\x80\x80", 4), 0);    /* > U+10FFFF */
    assert_int_equal(dxp_utf8_validate("\xFF", 1), 0);
    /* The ASCII fast path must not skip an invalid byte inside an 8-byte block. */
    assert_int_equal(dxp_utf8_validate("abcdefg\x80zzzzzzzz", 16), 7);
    /* the three-byte path: a bad continuation byte, a character cut at the end */
    assert_int_equal(dxp_utf8_validate("\xE3\x81\x41", 3), 0);
    assert_int_equal(dxp_utf8_validate("x\xEF\xBC", 3), 1);
    /* and on random bytes it agrees with decoding character by character */
    srand(7);
    for (int t = 0; t < 20000; t++) {
        char bytes[12];
        static const unsigned char pool[] = { 'a', 0x80, 0x81, 0xBF, 0xC3, 0xE0, 0xE3, 0xE9, 0xED, 0xEF, 0xF0, 0xF4, 0xA0 };
        for (int k = 0; k < 12; k++) bytes[k] = (char)pool[rand() % sizeof pool];
        assert_int_equal(dxp_utf8_validate(bytes, 12), first_invalid_by_decoding(bytes, 12));
    }
    dxp_source *src = from("kpi \x82\xA0");                  /* Shift_JIS あ */
    assert_int_equal(dxp_source_invalid_utf8(src), 4);
    dxp_source_free(src);
}

/* Checks the bytes at every offset around the 16-byte blocks of the
 * vectorised check (before, across and after a block boundary, and in the
 * tail it leaves to the byte loop), in a buffer long enough for it. */
static void check_sequence_everywhere(const unsigned char *seq, size_t len)
{
    static const size_t offsets[] = { 12, 13, 14, 15, 16, 61, 62, 63, 64 };   /* blocks end at 16, 32, 48, 64 */
    char buf[80];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (char)('a' + i % 26);
    for (size_t k = 0; k < sizeof offsets / sizeof *offsets; k++) {
        memcpy(buf + offsets[k], seq, len);
        assert_int_equal(dxp_utf8_validate(buf, sizeof buf), first_invalid_by_decoding(buf, sizeof buf));
        for (size_t i = offsets[k]; i < offsets[k] + len; i++) buf[i] = (char)('a' + i % 26);
    }
}

/* Buffers of 64 bytes and more are checked 16 bytes at a time where the
 * processor allows: that check must agree with decoding on every pair of
 * bytes, on three- and four-byte sequences made of the bytes where the rules
 * change, and on random mixtures of characters and bad bytes. */
static void test_utf8_validation_of_blocks(void **state)
{
    (void)state;
    for (unsigned a = 0; a < 256; a++)
        for (unsigned b = 0; b < 256; b++) {
            unsigned char pair[2] = { (unsigned char)a, (unsigned char)b };
            char buf[64];
            memset(buf, 'x', sizeof buf);
            for (size_t offset = 14; offset <= 15; offset++) {   /* inside a block and across its end */
                memcpy(buf + offset, pair, 2);
                assert_int_equal(dxp_utf8_validate(buf, sizeof buf), first_invalid_by_decoding(buf, sizeof buf));
                memset(buf + offset, 'x', 2);
            }
        }
    static const unsigned char edges[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                           0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE3, 0xED, 0xEF, 0xF0,
                                           0xF1, 0xF4, 0xF5, 0xFF };
    enum { NEDGES = sizeof edges };
    for (int lead = 0; lead < NEDGES; lead++)
        for (int i = 0; i < NEDGES; i++)
            for (int j = 0; j < NEDGES; j++) {
                unsigned char three[3] = { edges[lead], edges[i], edges[j] };
                check_sequence_everywhere(three, 3);
                for (int k = 0; k < NEDGES; k += 4) {
                    unsigned char four[4] = { edges[lead], edges[i], edges[j], edges[k] };
                    check_sequence_everywhere(four, 4);
                }
            }
    /* Random text of kanji, kana, ASCII, a four-byte 𠮷 and stray bytes. */
    static const char *const pieces[] = { "計", "あ", "ｱ", "a", "1", " ", "𠮷", "é", "\x80", "\xE3\x81",
                                          "\xF0\x9F", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80" };
    enum { NPIECES = sizeof pieces / sizeof *pieces };
    srand(11);
    char text[400];
    for (int t = 0; t < 6000; t++) {
        size_t n = 0;
        bool may_be_bad = t % 3 != 0;   /* a third of the texts are valid throughout */
        while (n + 4 < sizeof text) {
            int choices = may_be_bad && rand() % 50 == 0 ? NPIECES : 8;   /* the first eight are characters */
            const char *piece = pieces[rand() % choices];
            memcpy(text + n, piece, strlen(piece));
            n += strlen(piece);
        }
        assert_int_equal(dxp_utf8_validate(text, n), first_invalid_by_decoding(text, n));
    }
}

/* A large source is validated in two halves at once: the first invalid byte
 * is the one a single pass finds, wherever it lies (before, at and after the
 * middle, inside a character that straddles it, in a character cut short). */
static void test_validation_in_halves(void **state)
{
    (void)state;
    size_t len = DXP_THREADS_MIN_BYTES + 1001;
    char *text = malloc(len);
    for (size_t i = 0; i + 3 <= len; i += 3) memcpy(text + i, "計", 3);   /* three-byte characters */
    for (size_t i = len / 3 * 3; i < len; i++) text[i] = 'a';
    dxp_source *clean = dxp_source_from_memory("big.dxp", text, len);
    assert_int_equal(dxp_source_invalid_utf8(clean), len);
    dxp_source_free(clean);
    size_t mid = len / 2;
    static const long offsets[] = { -4000, -3, -2, -1, 0, 1, 2, 3, 4000 };
    /* 0xFF is never valid; 0x80 is valid only where a continuation byte was */
    static const char bad[][2] = { { (char)0xFF, 0 }, { (char)0x80, 0 }, { (char)0xE8, 'x' } };
    for (size_t b = 0; b < sizeof bad / sizeof *bad; b++)
        for (size_t o = 0; o < sizeof offsets / sizeof *offsets; o++) {
            char *copy = malloc(len);
            memcpy(copy, text, len);
            size_t at = (size_t)((long)mid + offsets[o]);
            copy[at] = bad[b][0];
            if (bad[b][1]) copy[at + 1] = bad[b][1];   /* a lead byte cut short */
            dxp_source *src = dxp_source_from_memory("big.dxp", copy, len);
            assert_int_equal(dxp_source_invalid_utf8(src), dxp_utf8_validate(copy, len));
            if (bad[b][0] == (char)0xFF) {   /* never valid: reported at it, or at the character it breaks */
                assert_true(dxp_source_invalid_utf8(src) <= at);
                assert_true(dxp_source_invalid_utf8(src) + 2 >= at);
            }
            dxp_source_free(src);
            free(copy);
        }
    free(text);
}

/* Makes an empty temporary file; `path` is a template ending in XXXXXX. */
static void make_temp_file(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

/* Writes len bytes to path, replacing what it held. */
static void write_file(const char *path, const char *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
}

/* A large file's UTF-8 is checked as it is read, by both halves, a piece of
 * 256 KiB at a time; the first invalid byte must be the one a check of the
 * whole text finds, wherever it is: where the halves meet, where pieces end,
 * at the end of the file, inside characters of every length, with and
 * without a byte-order mark. */
static void test_validation_as_read(void **state)
{
    (void)state;
    char path[] = "/tmp/dxp-test-validate-XXXXXX";
    make_temp_file(path);
    static const char pattern[] = "計a😀bé";   /* 11 bytes: 3, 1, 4, 1, 2 */
    size_t len = DXP_THREADS_MIN_BYTES + 12345;
    char *text = malloc(len);
    for (size_t i = 0; i < len; i++) text[i] = pattern[i % (sizeof pattern - 1)];
    while (len > 0 && (text[len - 1] & 0xC0) == 0x80) len--;
    len--;   /* end after a whole character */
    enum { PIECE = 256 << 10 };
    const size_t boundaries[] = { len / 2, PIECE, len / 2 + PIECE, len - 1 };
    /* 0xFF is never valid; 0x80 only where a continuation was; E8 'x' is a lead cut short */
    static const char bad[][2] = { { (char)0xFF, 0 }, { (char)0x80, 0 }, { (char)0xE8, 'x' } };
    setenv("DXP_THREADS", "2", 1);
    size_t checked_as_read = 0;
    for (int bom = 0; bom < 2; bom++)
        for (size_t b = 0; b < sizeof boundaries / sizeof *boundaries; b++)
            for (size_t k = 0; k <= sizeof bad / sizeof *bad; k++)
                for (long o = -4; o <= 3; o++) {
                    size_t at = (size_t)((long)boundaries[b] + o);
                    if (at + 2 > len) continue;
                    char *copy = malloc(len);
                    memcpy(copy, text, len);
                    if (bom) memcpy(copy, "\xEF\xBB\xBF", 3);
                    if (k < sizeof bad / sizeof *bad) {   /* the last k: a clean file */
                        copy[at] = bad[k][0];
                        if (bad[k][1]) copy[at + 1] = bad[k][1];
                    }
                    write_file(path, copy, len);
                    const char *err = NULL;
                    dxp_source *src = dxp_source_load(path, &err);
                    assert_non_null(src);
                    checked_as_read += src->utf8_checked;
                    assert_int_equal(dxp_source_invalid_utf8(src), dxp_utf8_validate(src->text, src->len));
                    dxp_source_free(src);
                    free(copy);
                }
    /* a file that ends inside a character: the cut character is the first invalid byte */
    char *cut = malloc(len + 2);
    memcpy(cut, text, len);
    memcpy(cut + len, "\xF0\x9F", 2);
    write_file(path, cut, len + 2);
    free(cut);
    const char *err = NULL;
    dxp_source *src = dxp_source_load(path, &err);
    assert_non_null(src);
    checked_as_read += src->utf8_checked;
    assert_int_equal(dxp_source_invalid_utf8(src), len);
    assert_int_equal(dxp_utf8_validate(src->text, src->len), len);
    dxp_source_free(src);
    unsetenv("DXP_THREADS");
    unlink(path);
    free(text);
    /* the check as read ran (where two threads can run), not only the one after */
    if (dxp_threads_worth(len)) assert_true(checked_as_read > 200);
}

static void test_display_width(void **state)
{
    (void)state;
    assert_int_equal(dxp_utf8_width("調整中", strlen("調整中")), 6);
    assert_int_equal(dxp_utf8_width("ｲﾉﾍﾞｰｼｮﾝ", strlen("ｲﾉﾍﾞｰｼｮﾝ")), 8);   /* half-width kana */
    assert_int_equal(dxp_utf8_width("R6: 150", 7), 7);
    assert_true(dxp_utf8_is_name_char(0x4F01));   /* 企 */
    assert_true(dxp_utf8_is_name_char(0x30FC));   /* ー */
    assert_false(dxp_utf8_is_name_char(0x3001));  /* 、 */
    assert_false(dxp_utf8_is_name_char(0x30FB));  /* ・ */
}

static void test_load_missing_file(void **state)
{
    (void)state;
    const char *err = NULL;
    assert_null(dxp_source_load("/nonexistent/plan.dxp", &err));
    assert_non_null(err);
    assert_null(dxp_source_load("/", &err));
    assert_string_equal(err, "is a directory");
}

/* A large file is read in two halves at once; it must come out whole, with
 * one thread or two, with and without a byte-order mark, and whether its
 * length is even or odd. */
static void test_large_file_read_whole(void **state)
{
    (void)state;
    char path[] = "/tmp/dxp-test-source-XXXXXX";
    make_temp_file(path);
    static const size_t lengths[] = { DXP_THREADS_MIN_BYTES + 1, 3 * DXP_THREADS_MIN_BYTES + 2 };
    for (size_t l = 0; l < sizeof lengths / sizeof *lengths; l++)
        for (int bom = 0; bom < 2; bom++)
            for (int threads = 1; threads <= 2; threads++) {
                size_t len = lengths[l];
                char *text = malloc(len);
                for (size_t i = 0; i < len; i++) text[i] = (char)('a' + (i * 7 + i / 4093) % 26);
                if (bom) memcpy(text, "\xEF\xBB\xBF", 3);
                write_file(path, text, len);
                setenv("DXP_THREADS", threads == 1 ? "1" : "2", 1);
                const char *err = NULL;
                dxp_source *src = dxp_source_load(path, &err);
                assert_non_null(src);
                assert_int_equal(src->len, len - (bom ? 3 : 0));
                assert_int_equal(src->had_bom, bom);
                assert_memory_equal(src->text, text + (bom ? 3 : 0), src->len);
                assert_int_equal(src->text[src->len], '\0');
                assert_int_equal(src->text[src->len + 1], '\0');
                dxp_source_free(src);
                free(text);
            }
    unsetenv("DXP_THREADS");
    unlink(path);
}

/* A command line's "-" is standard input, named <stdin> in diagnostics and
 * "standard input" in messages; any other argument is a path. */
static void test_load_arg(void **state)
{
    (void)state;
    char path[] = "/tmp/dxp-test-source-XXXXXX";
    make_temp_file(path);
    const char *plan = "kpi 指標 「テレワーク実施率」 { unit % }\n";
    write_file(path, plan, strlen(plan));
    assert_true(dxp_arg_is_stdin("-"));
    assert_false(dxp_arg_is_stdin("--"));
    assert_false(dxp_arg_is_stdin(path));
    assert_string_equal(dxp_arg_display_name(path), path);
    assert_string_equal(dxp_arg_display_name("-"), "standard input");

    const char *err = NULL;
    dxp_source *named = dxp_source_load_arg(path, &err);
    assert_non_null(named);
    assert_string_equal(named->path, path);
    assert_true(freopen(path, "rb", stdin) != NULL);
    dxp_source *piped = dxp_source_load_arg("-", &err);
    assert_non_null(piped);
    assert_string_equal(piped->path, DXP_STDIN_NAME);
    assert_true(piped->from_stdin);
    assert_false(named->from_stdin);
    assert_int_equal(piped->len, strlen(plan));
    assert_memory_equal(piped->text, named->text, named->len);
    dxp_source_free(piped);
    dxp_source_free(named);
    unlink(path);
}

static void test_path_dir(void **state)
{
    (void)state;
    const char *cases[][2] = { { "plans/計画.dxp", "plans" }, { "計画.dxp", "." }, { "/計画.dxp", "/" },
                               { "/a/b/c.dxp", "/a/b" } };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *dir = dxp_path_dir(cases[i][0]);
        assert_string_equal(dir, cases[i][1]);
        free(dir);
    }
}

/* An open stream is read from where it stands (a file given as standard input
 * may have been read from already), also when large; a regular file over the
 * limit is refused without being read; a pipe is read to its end. */
static void test_read_open_stream(void **state)
{
    (void)state;
    size_t len = DXP_THREADS_MIN_BYTES + 100;   /* large: would be read in halves from offset 0 */
    char *text = malloc(len);
    for (size_t i = 0; i < len; i++) text[i] = (char)('a' + i % 26);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    for (long start = 0; start <= 10; start += 10) {
        assert_int_equal(fseek(f, start, SEEK_SET), 0);
        const char *err = NULL;
        dxp_source *src = dxp_source_read(f, "<stdin>", &err);
        assert_non_null(src);
        assert_string_equal(src->path, "<stdin>");
        assert_int_equal(src->len, len - (size_t)start);
        assert_memory_equal(src->text, text + start, src->len);
        dxp_source_free(src);
    }
    /* past the limit (sparse: no disk space used) */
    assert_int_equal(ftruncate(fileno(f), (off_t)DXP_MAX_FILE_SIZE + 1), 0);
    rewind(f);
    const char *err = NULL;
    assert_null(dxp_source_read(f, "<stdin>", &err));
    assert_string_equal(err, "file is larger than 1 GiB");
    fclose(f);

    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], "kpi 指標 {}\n", 14), 14);
    close(fds[1]);
    FILE *in = fdopen(fds[0], "rb");
    dxp_source *src = dxp_source_read(in, "<stdin>", &err);
    assert_non_null(src);
    assert_int_equal(src->len, 14);
    assert_memory_equal(src->text, "kpi 指標 {}\n", 14);
    dxp_source_free(src);
    fclose(in);
    free(text);
}

/* A pipe of several megabytes: its buffer grows past 2 MiB (remapped, not
 * copied) and every byte arrives in order. */
static void test_read_large_pipe(void **state)
{
    (void)state;
    enum { LEN = (5u << 20) + 7 };
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t writer = fork();
    assert_true(writer >= 0);
    if (writer == 0) {
        close(fds[0]);
        static char block[4096];
        for (size_t at = 0; at < LEN;) {
            size_t n = LEN - at < sizeof block ? LEN - at : sizeof block;
            for (size_t i = 0; i < n; i++) block[i] = (char)('a' + (at + i) % 23);
            if (write(fds[1], block, n) != (ssize_t)n) _exit(1);
            at += n;
        }
        _exit(0);
    }
    close(fds[1]);
    FILE *in = fdopen(fds[0], "rb");
    const char *err = NULL;
    dxp_source *src = dxp_source_read(in, "<stdin>", &err);
    fclose(in);
    int status = 0;
    assert_int_equal(waitpid(writer, &status, 0), writer);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_non_null(src);
    assert_int_equal(src->len, LEN);
    for (size_t i = 0; i < LEN; i++)
        if (src->text[i] != (char)('a' + i % 23)) fail_msg("byte %zu differs", i);
    assert_int_equal(src->text[LEN], '\0');
    assert_int_equal(src->text[LEN + 1], '\0');
    dxp_source_free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path_dir),
        cmocka_unit_test(test_load_arg),
        cmocka_unit_test(test_read_large_pipe),
        cmocka_unit_test(test_validation_in_halves),
        cmocka_unit_test(test_validation_as_read),
        cmocka_unit_test(test_line_map),
        cmocka_unit_test(test_columns_on_japanese_line),
        cmocka_unit_test(test_columns_with_surrogate_pair_and_tab),
        cmocka_unit_test(test_columns_on_long_lines),
        cmocka_unit_test(test_bom_is_skipped),
        cmocka_unit_test(test_utf8_validation),
        cmocka_unit_test(test_utf8_validation_of_blocks),
        cmocka_unit_test(test_display_width),
        cmocka_unit_test(test_load_missing_file),
        cmocka_unit_test(test_large_file_read_whole),
        cmocka_unit_test(test_read_open_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
