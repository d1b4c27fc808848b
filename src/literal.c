/* literal.c — see literal.h. */
#include "dxp/literal.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct era_info {
    char letter;
    const char *kanji;
    int first;       /* Gregorian year of the era's first year */
    int last;        /* its last era year, 0 while it goes on */
} ERAS[] = {
    { 'M', "明治", 1868, 45 },
    { 'T', "大正", 1912, 15 },
    { 'S', "昭和", 1926, 64 },
    { 'H', "平成", 1989, 31 },
    { 'R', "令和", 2019, 0 },
};

static const struct era_info *era_by_letter(char c)
{
    for (size_t i = 0; i < sizeof ERAS / sizeof ERAS[0]; i++)
        if (ERAS[i].letter == c) return &ERAS[i];
    return NULL;
}

int dxp_era_first_year(char era)
{
    const struct era_info *e = era_by_letter(era);
    return e ? e->first : 0;
}

int dxp_era_last_year(char era)
{
    const struct era_info *e = era_by_letter(era);
    return e ? e->last : 0;
}

const char *dxp_era_kanji(char era)
{
    const struct era_info *e = era_by_letter(era);
    return e ? e->kanji : "";
}

/* Reads one ASCII or full-width digit at s[*i]; returns its value or -1. */
static int read_digit(const char *s, size_t n, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    if (c >= '0' && c <= '9') { (*i)++; return c - '0'; }
    if (c == 0xEF && *i + 3 <= n && (unsigned char)s[*i + 1] == 0xBC) {   /* ０-９ */
        unsigned char d = (unsigned char)s[*i + 2];
        if (d >= 0x90 && d <= 0x99) { *i += 3; return d - 0x90; }
    }
    return -1;
}

static bool starts_with(const char *s, size_t n, size_t i, const char *lit)
{
    size_t k = strlen(lit);
    return i + k <= n && memcmp(s + i, lit, k) == 0;
}

/* The common case, an ASCII whole number of at most 15 digits whose commas
 * (if any) separate groups of three: 128, 2,003. Exact as a double, so read
 * straight; anything else is left to the general reading below. */
static bool plain_whole_number(const char *s, size_t n, double *out)
{
    uint64_t v = 0;
    size_t digits = 0, group = 0;
    bool comma = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (++digits > DXP_MAX_DIGITS) return false;
            v = v * 10 + (uint64_t)(c - '0');
            group++;
        } else if (c == ',' && group >= 1 && group <= 3 && (!comma || group == 3)) {
            comma = true;
            group = 0;
        } else {
            return false;
        }
    }
    if (digits == 0 || (comma && group != 3)) return false;
    *out = (double)v;
    return true;
}

dxp_lit_status dxp_literal_number(const char *s, size_t n, double *out)
{
    if (plain_whole_number(s, n, out)) return DXP_LIT_OK;
    char digits[64];
    size_t nd = 0, i = 0, sig = 0;
    int frac = 0, group = 0, exp10 = 0;
    bool seen_dot = false, seen_comma = false, bad_group = false, any = false;
    while (i < n) {
        size_t at = i;
        int d = read_digit(s, n, &i);
        if (d >= 0) {
            any = true;
            if (seen_dot) frac++;
            else group++;
            if (nd || d) {                 /* leading zeros are not significant */
                if (nd < sizeof digits - 1) digits[nd++] = (char)('0' + d);
                sig++;
            }
            continue;
        }
        i = at;
        if (s[i] == ',' && !seen_dot) {
            /* Groups after the first comma must have exactly three digits. */
            if ((seen_comma && group != 3) || (!seen_comma && (group < 1 || group > 3)))
                bad_group = true;
            seen_comma = true;
            group = 0;
            i++;
        } else if (s[i] == '.' && !seen_dot) {
            if (seen_comma && group != 3) bad_group = true;
            seen_dot = true;
            i++;
        } else if (starts_with(s, n, i, "万")) { exp10 = 4; i += 3; break; }
        else if (starts_with(s, n, i, "億")) { exp10 = 8; i += 3; break; }
        else if (starts_with(s, n, i, "兆")) { exp10 = 12; i += 3; break; }
        else return DXP_LIT_NOT_LITERAL;
    }
    if (i != n || !any) return DXP_LIT_NOT_LITERAL;
    if (seen_comma && !seen_dot && group != 3) bad_group = true;
    /* Trailing zeros carry no precision either: 1,000,000 is one digit times 10^6. */
    int scale = exp10 - frac;
    while (nd > 0 && digits[nd - 1] == '0') {
        nd--; sig--; scale++;
    }
    if (sig > DXP_MAX_DIGITS) return DXP_LIT_TOO_PRECISE;
    if (nd == 0) { *out = 0; return bad_group ? DXP_LIT_BAD_GROUPING : DXP_LIT_OK; }
    double v;
    if (scale >= -22 && scale <= 22) {
        /* Clinger's fast path: at most 15 digits are an exact double, and so is
         * 10^k up to 10^22; one multiplication or division rounds once, exactly
         * as strtod would (and several times faster: numbers are most of a plan). */
        static const double pow10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
        double m = 0;
        for (size_t k = 0; k < nd; k++) m = m * 10 + (digits[k] - '0');
        v = scale >= 0 ? m * pow10[scale] : m / pow10[-scale];
    } else {
        /* Built as "DIGITSeSCALE" so strtod rounds once: 50.7万 is exactly 507000. */
        char buf[96];
        snprintf(buf, sizeof buf, "%.*se%d", (int)nd, digits, scale);
        v = strtod(buf, NULL);
    }
    if (v >= DXP_MAX_MAGNITUDE) return DXP_LIT_TOO_LARGE;
    *out = v;
    return bad_group ? DXP_LIT_BAD_GROUPING : DXP_LIT_OK;
}

/* Reads an unsigned run of digits (ASCII or full-width); -1 if none or too long. */
static long read_int(const char *s, size_t n, size_t *i, int max_digits)
{
    long v = 0;
    int count = 0, d;
    while (*i < n && (d = read_digit(s, n, i)) >= 0) {
        if (++count > max_digits) return -1;
        v = v * 10 + d;
    }
    return count ? v : -1;
}

/* Parses an era year (R6, R元, 令和6) at s[*i]; fills era and era year. */
static bool read_era_year(const char *s, size_t n, size_t *i, char *era, long *ey, bool *kanji)
{
    *kanji = false;
    *era = 0;
    if (*i < n && era_by_letter(s[*i])) {
        *era = s[*i];
        (*i)++;
    } else {
        for (size_t k = 0; k < sizeof ERAS / sizeof ERAS[0]; k++)
            if (starts_with(s, n, *i, ERAS[k].kanji)) {
                *era = ERAS[k].letter;
                *kanji = true;
                *i += strlen(ERAS[k].kanji);
                break;
            }
        if (!*era) return false;
    }
    if (starts_with(s, n, *i, "元")) { *i += 3; *ey = 1; return true; }
    *ey = read_int(s, n, i, 3);
    return *ey >= 0;
}

/* The year is computed even for an era year the era never had (H32, R0), so
 * that one bad literal gives one diagnostic, not a cascade of range errors. */
static dxp_lit_status era_to_gregorian(char era, long ey, int *year)
{
    const struct era_info *e = era_by_letter(era);
    *year = e->first + (int)ey - 1;
    if (ey < 1 || (e->last && ey > e->last)) return DXP_LIT_BAD_ERA_YEAR;
    return DXP_LIT_OK;
}

/* Parses a fiscal-year literal at the start of s; *len receives its length. */
static dxp_lit_status parse_year(const char *s, size_t n, dxp_year *out, size_t *len)
{
    size_t i = 0;
    char era;
    long ey;
    bool kanji;
    memset(out, 0, sizeof *out);
    if (starts_with(s, n, 0, "FY")) {
        i = 2;
        long y = read_int(s, n, &i, 4);
        if (y < 1000) return DXP_LIT_NOT_LITERAL;
        out->fy = (int16_t)y;
        out->era = DXP_ERA_FY;
        *len = i;
        return DXP_LIT_OK;
    }
    if (read_era_year(s, n, &i, &era, &ey, &kanji)) {
        bool nendo = starts_with(s, n, i, "年度");
        if (nendo) i += strlen("年度");
        else if (kanji) return DXP_LIT_NOT_LITERAL;   /* 令和6 alone is not a year form */
        int y = 0;
        dxp_lit_status st = era_to_gregorian(era, ey, &y);
        out->fy = (int16_t)y;
        out->era = era;
        out->kanji = kanji;
        *len = i;
        return st;
    }
    i = 0;
    long y = read_int(s, n, &i, 4);
    if (y >= 1000 && starts_with(s, n, i, "年度")) {
        out->fy = (int16_t)y;
        out->era = DXP_ERA_GREGORIAN;
        *len = i + strlen("年度");
        return DXP_LIT_OK;
    }
    return DXP_LIT_NOT_LITERAL;
}

dxp_lit_status dxp_literal_year(const char *s, size_t n, dxp_year *out)
{
    /* The common form, R6 or R12 (four in every target table): read straight. */
    if ((n == 2 || n == 3) && s[0] == 'R' && s[1] >= '1' && s[1] <= '9' &&
        (n == 2 || (s[2] >= '0' && s[2] <= '9'))) {
        int ey = n == 2 ? s[1] - '0' : (s[1] - '0') * 10 + (s[2] - '0');
        memset(out, 0, sizeof *out);
        out->fy = (int16_t)(dxp_era_first_year('R') + ey - 1);
        out->era = DXP_ERA_REIWA;
        return DXP_LIT_OK;
    }
    size_t len = 0;
    dxp_lit_status st = parse_year(s, n, out, &len);
    if (st == DXP_LIT_NOT_LITERAL || len != n) return DXP_LIT_NOT_LITERAL;
    return st;
}

size_t dxp_literal_year_prefix(const char *s, size_t n)
{
    dxp_year y;
    size_t len = 0;
    return parse_year(s, n, &y, &len) == DXP_LIT_NOT_LITERAL ? 0 : len;
}

dxp_lit_status dxp_literal_point(const char *s, size_t n, dxp_point *out)
{
    memset(out, 0, sizeof *out);
    size_t i = 0;
    char era;
    long ey, month;
    bool kanji;
    int year = 0;
    dxp_lit_status st = DXP_LIT_OK;
    if (read_era_year(s, n, &i, &era, &ey, &kanji)) {
        if (kanji) {                               /* 令和2年12月 */
            if (!starts_with(s, n, i, "年")) return DXP_LIT_NOT_LITERAL;
            i += strlen("年");
            month = read_int(s, n, &i, 2);
            if (month < 0 || !starts_with(s, n, i, "月")) return DXP_LIT_NOT_LITERAL;
            i += strlen("月");
        } else {                                   /* R2.12 */
            if (i >= n || s[i] != '.') return DXP_LIT_NOT_LITERAL;
            i++;
            month = read_int(s, n, &i, 2);
        }
        st = era_to_gregorian(era, ey, &year);
        out->form.era = era;
        out->form.kanji = kanji;
    } else {                                       /* 2020-12 */
        i = 0;
        long y = read_int(s, n, &i, 4);
        if (y < 1000 || i >= n || s[i] != '-') return DXP_LIT_NOT_LITERAL;
        i++;
        month = read_int(s, n, &i, 2);
        year = (int)y;
        out->form.era = DXP_ERA_GREGORIAN;
    }
    if (i != n || month < 0) return DXP_LIT_NOT_LITERAL;
    if (st == DXP_LIT_OK && (month < 1 || month > 12)) st = DXP_LIT_BAD_MONTH;
    if (month < 1 || month > 12) month = 12;     /* reported; keep the year usable */
    out->year = (int16_t)year;
    out->month = (int8_t)month;
    /* The fiscal year containing the month (April start), in the written era. */
    out->form.fy = (int16_t)(month >= 4 ? year : year - 1);
    return st;
}
