/* utf8.c — see utf8.h. */
#include "dxp/utf8.h"

#include <string.h>
#include <utf8proc.h>

size_t dxp_utf8_decode(const char *str, size_t n, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0) return 0;
    unsigned c = s[0];
    if (c < 0x80) { *cp = (int32_t)c; return 1; }
    size_t len;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF)      { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

/* A character of three bytes at s[i] led by E1..EC, EE or EF, which need no
 * check beyond their two continuation bytes (E0 and ED have narrower ranges). */
static const bool SIMPLE_THREE_BYTE_LEAD[256] = { [0xE1 ... 0xEC] = true, [0xEE] = true, [0xEF] = true };

static inline bool simple_three_byte(const char *s, size_t n, size_t i)
{
    return i + 2 < n && SIMPLE_THREE_BYTE_LEAD[(unsigned char)s[i]] &&
           ((unsigned char)s[i + 1] & 0xC0) == 0x80 && ((unsigned char)s[i + 2] & 0xC0) == 0x80;
}

size_t dxp_utf8_validate(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path: eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { i++; continue; }
        /* Runs of three-byte characters without special cases (kana, kanji,
         * full-width forms: most of a Japanese plan) are checked here, not
         * decoded, without going back to the ASCII test between them. */
        if (simple_three_byte(s, n, i)) {
            do i += 3;
            while (simple_three_byte(s, n, i));
            continue;
        }
        int32_t cp;
        size_t len = dxp_utf8_decode(s + i, n - i, &cp);
        if (len == 0) return i;
        i += len;
    }
    return n;
}

int dxp_utf8_char_width(int32_t cp)
{
    /* Tabs and control characters are shown as one column (see diag.c). */
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return 1;
    int w = utf8proc_charwidth(cp);
    return w < 0 ? 0 : w;
}

size_t dxp_utf8_width(const char *s, size_t n)
{
    size_t w = 0, i = 0;
    while (i < n) {
        int32_t cp;
        size_t len = dxp_utf8_decode(s + i, n - i, &cp);
        if (len == 0) { w++; i++; continue; }   /* stray byte: one column */
        w += (size_t)dxp_utf8_char_width(cp);
        i += len;
    }
    return w;
}

bool dxp_utf8_is_name_char(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9') || cp == '_';
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

size_t dxp_utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}
