/* i18n.c — see i18n.h. */
#include "dxp/i18n.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DXP_LOCALEDIR
#define DXP_LOCALEDIR "/usr/local/share/locale"
#endif

static bool japanese;

static bool starts_with_ja(const char *v)
{
    return v && strncmp(v, "ja", 2) == 0;
}

/* The catalogue beside the binary (build/locale) wins over the installed one,
 * so that a build runs in Japanese before it is installed. */
static void bind_catalogue(void)
{
    char exe[PATH_MAX], dir[PATH_MAX + 16];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    const char *where = DXP_LOCALEDIR;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(dir, sizeof dir, "%s/locale", exe);
            struct stat st;
            if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) where = dir;
        }
    }
    bindtextdomain("dxp", where);
    bind_textdomain_codeset("dxp", "UTF-8");
}

bool dxp_i18n_init(const char *lang)
{
    if (lang && strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0) return false;
    if (lang) {
        japanese = strcmp(lang, "ja") == 0;
    } else {
        const char *v = getenv("LC_ALL");
        if (!v || !*v) v = getenv("LC_MESSAGES");
        if (!v || !*v) v = getenv("LANG");
        japanese = starts_with_ja(v);
    }
    if (!japanese) return true;
    /* gettext needs a locale that is not plain C; C.UTF-8 always exists, and
     * LANGUAGE then selects the Japanese catalogue even where no ja_JP locale
     * is installed. */
    if (!setlocale(LC_MESSAGES, "") || strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0)
        setlocale(LC_MESSAGES, "C.UTF-8");
    setenv("LANGUAGE", "ja", 1);
    bind_catalogue();
    return true;
}

bool dxp_i18n_japanese(void)
{
    return japanese;
}

const char *dxp_i18n(const char *msgid)
{
    return japanese ? dgettext("dxp", msgid) : msgid;
}
