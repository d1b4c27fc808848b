/* i18n.h — Japanese and English messages through gettext.
 *
 * Messages are written in English in the sources and marked _("…"); po/ja.po
 * translates every one of them (a test fails when one is missing). Japanese is
 * used when the locale is ja_* (LC_ALL, LC_MESSAGES or LANG) or with
 * --lang ja; English otherwise. Codes and machine formats are the same in both. */
#ifndef DXP_I18N_H
#define DXP_I18N_H

#include <stdbool.h>

/* lang: "ja", "en", or NULL to follow the environment. Returns false for an
 * unknown language. */
bool dxp_i18n_init(const char *lang);
bool dxp_i18n_japanese(void);

/* The translation of a message (the message itself when English is in use). */
const char *dxp_i18n(const char *msgid) __attribute__((format_arg(1)));

#define _(s) dxp_i18n(s)
#define N_(s) (s)          /* marks a string for translation where it is defined */

#endif
