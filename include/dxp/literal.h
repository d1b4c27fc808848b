/* literal.h — the values of number, year and time-point literals.
 *
 * The lexer decides where a literal starts and ends; these functions decide
 * what it means. They accept ASCII and full-width digits (１２８), grouping
 * commas (1,768), decimals (87.59) and the multipliers 万 億 兆 (50.7万). */
#ifndef DXP_LITERAL_H
#define DXP_LITERAL_H

#include "dxp/ast.h"

#include <stddef.h>

typedef enum dxp_lit_status {
    DXP_LIT_OK,
    DXP_LIT_BAD_GROUPING,   /* 1,2345: commas must separate groups of three */
    DXP_LIT_TOO_PRECISE,    /* more than 15 significant digits: not exact */
    DXP_LIT_TOO_LARGE,      /* magnitude of 10^18 or more */
    DXP_LIT_BAD_ERA_YEAR,   /* H32 (平成 ended in 31), R0 */
    DXP_LIT_BAD_MONTH,      /* R2.13 */
    DXP_LIT_NOT_LITERAL     /* the text is not a literal of that kind */
} dxp_lit_status;

/* Significant digits a literal may carry: every such decimal is exact as a double. */
#define DXP_MAX_DIGITS 15
#define DXP_MAX_MAGNITUDE 1e18

dxp_lit_status dxp_literal_number(const char *s, size_t n, double *out);
dxp_lit_status dxp_literal_year(const char *s, size_t n, dxp_year *out);
dxp_lit_status dxp_literal_point(const char *s, size_t n, dxp_point *out);

/* Length of the longest prefix of s that is a fiscal-year literal, or 0. */
size_t dxp_literal_year_prefix(const char *s, size_t n);

/* First Gregorian year of an era (R → 2019) and its last era year (H → 31, R → 0: open). */
int dxp_era_first_year(char era);
int dxp_era_last_year(char era);
const char *dxp_era_kanji(char era);   /* 令和 */

#endif
