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
           dxp_utf8_is_continuation(s[i + 1]) && dxp_utf8_is_continuation(s[i + 2]);
}

/* The byte-at-a-time check of s[i..n): offset of the first invalid byte, or n. */
static size_t validate_from(const char *s, size_t n, size_t i)
{
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

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define DXP_UTF8_VECTOR 1
#include <immintrin.h>

/* Where the byte-at-a-time check may take over at `at`, given that every
 * character before it is valid: the start of the last character before it,
 * which may be cut short by `at` (at most three bytes back). */
static size_t boundary_before(const char *s, size_t at)
{
    if (at == 0) return 0;
    size_t b = at - 1;
    while (b > 0 && at - b < 4 && dxp_utf8_is_continuation(s[b])) b--;
    return b;
}

/* Sixteen bytes at a time with SSSE3: every pair of adjacent bytes is looked
 * up in three tables of 16 entries, by the first byte's high and low nibble
 * and the second byte's high nibble. Each table says which errors the pair
 * could be; a bit set in all three is an error. What one pair cannot show (a
 * third or fourth byte that is missing or one too many) is told by the bytes
 * two and three back. This is the method of Keiser and Lemire, "Validating
 * UTF-8 In Less Than One Instruction Per Byte" (2021).
 *
 * Returns a character boundary b such that s[0..b) is valid; the caller
 * checks the rest (a block with an error, and the last bytes) byte by byte,
 * which also finds the exact offset of an error. */
__attribute__((target("ssse3"))) static size_t valid_prefix_ssse3(const char *s, size_t n)
{
    enum {
        TOO_SHORT = 1 << 0,      /* a lead byte not followed by a continuation */
        TOO_LONG = 1 << 1,       /* a continuation after ASCII */
        OVERLONG_3 = 1 << 2,     /* E0 80..9F */
        TOO_LARGE = 1 << 3,      /* F4 90..BF, F5..FF */
        SURROGATE = 1 << 4,      /* ED A0..BF */
        OVERLONG_2 = 1 << 5,     /* C0, C1 */
        TOO_LARGE_1000 = 1 << 6, /* F5..FF 80..8F */
        OVERLONG_4 = 1 << 6,     /* F0 80..8F */
        TWO_CONTS = 1 << 7,      /* two continuations: right only as a third or fourth byte */
        CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
    };
    const __m128i first_high = _mm_setr_epi8(
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
        TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const __m128i first_low = _mm_setr_epi8(
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY,
        CARRY | TOO_LARGE, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000);
    const __m128i second_high = _mm_setr_epi8(
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i high_bit = _mm_set1_epi8((char)0x80);
    /* E0..FF minus this (saturating) have the high bit set; F0..FF minus the next */
    const __m128i third_from = _mm_set1_epi8(0xE0 - 0x80);
    const __m128i fourth_from = _mm_set1_epi8(0xF0 - 0x80);
    const __m128i zero = _mm_setzero_si128();

    __m128i prev = zero;   /* the block before: nothing, which is ASCII */
    size_t at = 0;
    for (; at + 16 <= n; at += 16) {
        __m128i in = _mm_loadu_si128((const __m128i *)(s + at));
        __m128i prev1 = _mm_alignr_epi8(in, prev, 15);
        __m128i errors = _mm_and_si128(
            _mm_and_si128(_mm_shuffle_epi8(first_high, _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble)),
                          _mm_shuffle_epi8(first_low, _mm_and_si128(prev1, nibble))),
            _mm_shuffle_epi8(second_high, _mm_and_si128(_mm_srli_epi16(in, 4), nibble)));
        /* a continuation after a continuation must be a third or fourth byte, and those must be one */
        __m128i third = _mm_subs_epu8(_mm_alignr_epi8(in, prev, 14), third_from);
        __m128i fourth = _mm_subs_epu8(_mm_alignr_epi8(in, prev, 13), fourth_from);
        __m128i must_continue = _mm_and_si128(_mm_or_si128(third, fourth), high_bit);
        errors = _mm_xor_si128(errors, must_continue);
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(errors, zero)) != 0xFFFF) break;
        prev = in;
    }
    return boundary_before(s, at);
}

#endif

size_t dxp_utf8_validate(const char *s, size_t n)
{
    size_t from = 0;
#ifdef DXP_UTF8_VECTOR
    if (n >= 64 && __builtin_cpu_supports("ssse3")) from = valid_prefix_ssse3(s, n);
#endif
    return validate_from(s, n, from);
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
