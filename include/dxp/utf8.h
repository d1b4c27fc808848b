/* utf8.h — UTF-8 decoding, validation and display width.
 *
 * Validation is hand-written (it runs over every byte of every plan): sixteen
 * bytes at a time with SSSE3 where the processor has it, else eight ASCII
 * bytes at a time; character properties come from utf8proc. */
#ifndef DXP_UTF8_H
#define DXP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s (n bytes available). Returns its length in bytes,
 * or 0 if the bytes there are not valid UTF-8 (overlong forms, surrogates and
 * values above U+10FFFF are invalid). */
size_t dxp_utf8_decode(const char *s, size_t n, int32_t *cp);

/* Whether c is a continuation byte (10xxxxxx): not the start of a character. */
static inline bool dxp_utf8_is_continuation(char c) { return ((unsigned char)c & 0xC0) == 0x80; }
/* Offset of the first invalid byte in s[0..n), or n when all of it is valid. */
size_t dxp_utf8_validate(const char *s, size_t n);

/* Columns a code point takes in a terminal: 0, 1 or 2 (East Asian wide = 2). */
int dxp_utf8_char_width(int32_t cp);

/* Display width of a valid UTF-8 string; tabs count as one column. */
size_t dxp_utf8_width(const char *s, size_t n);

/* True for letters, marks and digits (Unicode L*, M*, N*): what may appear in a name. */
bool dxp_utf8_is_name_char(int32_t cp);

/* Encodes cp into out (at least 4 bytes); returns the length. */
size_t dxp_utf8_encode(int32_t cp, char *out);

#endif
