/* diag_json.c — diagnostics as JSON and as SARIF 2.1.0 (for code scanning).
 *
 * SARIF: one run with the tool's rules (every code of codes.c, with its
 * description and its page of docs/diagnostics.md as help), columnKind
 * unicodeCodePoints (or utf16CodeUnits with --column-unit utf16), paths
 * relative to the working directory and percent-encoded, lines and columns
 * from 1. A diagnostic without a place has no location. */
#include "dxp/arena.h"
#include "dxp/codes.h"
#include "dxp/diag.h"
#include "dxp/utf8.h"
#include "dxp/version.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A JSON string of text dxp did not write itself: a file name may hold any
 * bytes, and the message that names it too. Bytes that are not UTF-8, which
 * JSON cannot carry, become U+FFFD instead of losing the whole string. */
static json_t *string_json(const char *s)
{
    json_t *j = json_string(s);
    if (j) return j;
    size_t n = strlen(s), i = 0;
    char *fixed = dxp_xmalloc(3 * n + 1), *o = fixed;
    while (i < n) {
        size_t valid = dxp_utf8_validate(s + i, n - i);
        memcpy(o, s + i, valid);
        o += valid;
        i += valid;
        if (i < n) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    j = json_stringn(fixed, (size_t)(o - fixed));
    free(fixed);
    return j;
}

/* jansson's layout: two-space indentation, or one line with --compact. */
static size_t dump_flags(const dxp_render_options *opt)
{
    return (opt->compact ? JSON_COMPACT : JSON_INDENT(2)) | JSON_PRESERVE_ORDER;
}

static const char *level(dxp_severity s)
{
    return s == DXP_SEV_ERROR ? "error" : s == DXP_SEV_WARNING ? "warning" : "note";
}

/* Line and column (1-based) of the start and end of a span. */
static void position(dxp_diags *d, dxp_span sp, dxp_column_unit unit, uint32_t pos[4])
{
    dxp_source *src = dxp_diags_source(d, sp.file);
    pos[0] = dxp_source_line_of(src, sp.start);
    pos[1] = dxp_source_column(src, sp.start, unit);
    pos[2] = dxp_source_line_of(src, sp.end);
    pos[3] = dxp_source_column(src, sp.end, unit);
    if (pos[2] == pos[0] && pos[3] <= pos[1]) pos[3] = pos[1] + 1;   /* never an empty region */
}

static json_t *note_json(dxp_diags *d, const dxp_note *n, dxp_column_unit unit)
{
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(n->kind == DXP_NOTE_HELP ? "help" : "note"));
    json_object_set_new(o, "message", string_json(n->text));
    dxp_source *src = dxp_diags_source(d, n->span.file);
    if (src) {
        uint32_t pos[4];
        position(d, n->span, unit, pos);
        json_object_set_new(o, "file", string_json(src->path));
        json_object_set_new(o, "line", json_integer(pos[0]));
        json_object_set_new(o, "column", json_integer(pos[1]));
    }
    return o;
}

void dxp_diags_render_json(dxp_diags *d, FILE *out, const dxp_render_options *opt)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < d->count; i++) {
        const dxp_diag *g = &d->items[i];
        json_t *o = json_object();
        dxp_source *src = dxp_diags_source(d, g->span.file);
        json_object_set_new(o, "file", src ? string_json(src->path) : json_null());
        if (src) {
            uint32_t pos[4];
            position(d, g->span, opt->columns, pos);
            json_object_set_new(o, "line", json_integer(pos[0]));
            json_object_set_new(o, "column", json_integer(pos[1]));
            json_object_set_new(o, "end_line", json_integer(pos[2]));
            json_object_set_new(o, "end_column", json_integer(pos[3]));
        }
        json_object_set_new(o, "severity", json_string(level(g->severity)));
        json_object_set_new(o, "code", json_string(g->code));
        json_object_set_new(o, "message", string_json(g->message));
        json_t *notes = json_array();
        for (size_t k = 0; k < g->nnotes; k++) json_array_append_new(notes, note_json(d, &g->notes[k], opt->columns));
        json_object_set_new(o, "notes", notes);
        json_array_append_new(arr, o);
    }
    json_dumpf(arr, out, dump_flags(opt));
    fputc('\n', out);
    json_decref(arr);
}

/* A path relative to the working directory, percent-encoded as a URI reference. */
static char *uri_of(const char *path)
{
    char cwd[4096];
    const char *rel = path;
    if (path[0] == '/' && getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (strncmp(path, cwd, n) == 0 && path[n] == '/') rel = path + n + 1;
    }
    while (rel[0] == '.' && rel[1] == '/') rel += 2;
    size_t len = strlen(rel);
    char *out = dxp_xmalloc(len * 3 + 1), *o = out;
    for (const unsigned char *c = (const unsigned char *)rel; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            strchr("-._~/", *c))
            *o++ = (char)*c;
        else
            o += sprintf(o, "%%%02X", *c);
    }
    *o = '\0';
    return out;
}

static json_t *text(const char *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", string_json(s));
    return o;
}

static json_t *location(dxp_diags *d, dxp_span sp, dxp_column_unit unit, const char *message)
{
    dxp_source *src = dxp_diags_source(d, sp.file);
    uint32_t pos[4];
    position(d, sp, unit, pos);
    json_t *region = json_object();
    json_object_set_new(region, "startLine", json_integer(pos[0]));
    json_object_set_new(region, "startColumn", json_integer(pos[1]));
    json_object_set_new(region, "endLine", json_integer(pos[2]));
    json_object_set_new(region, "endColumn", json_integer(pos[3]));
    char *uri = uri_of(src->path);
    json_t *artifact = json_object();
    json_object_set_new(artifact, "uri", json_string(uri));
    free(uri);
    json_t *physical = json_object();
    json_object_set_new(physical, "artifactLocation", artifact);
    json_object_set_new(physical, "region", region);
    json_t *loc = json_object();
    json_object_set_new(loc, "physicalLocation", physical);
    if (message) json_object_set_new(loc, "message", text(message));
    return loc;
}

void dxp_diags_render_sarif(dxp_diags *d, FILE *out, const dxp_render_options *opt)
{
    dxp_column_unit unit = opt->columns == DXP_COLUMN_UTF16 ? DXP_COLUMN_UTF16 : DXP_COLUMN_CHAR;
    json_t *rules = json_array();
    for (const dxp_code_info *c = dxp_codes; c->code; c++) {
        json_t *r = json_object();
        json_object_set_new(r, "id", json_string(c->code));
        json_object_set_new(r, "name", json_string(c->name));
        json_object_set_new(r, "shortDescription", text(c->summary));
        json_object_set_new(r, "fullDescription", text(c->summary));
        size_t len;
        const char *page = dxp_code_page(c->code, &len);
        json_t *help = json_object();
        json_object_set_new(help, "text", json_string(c->summary));
        if (page) json_object_set_new(help, "markdown", json_stringn(page, len));
        json_object_set_new(r, "help", help);
        json_t *conf = json_object();
        json_object_set_new(conf, "level", json_string(level(c->severity)));
        json_object_set_new(r, "defaultConfiguration", conf);
        json_array_append_new(rules, r);
    }
    json_t *results = json_array();
    for (size_t i = 0; i < d->count; i++) {
        const dxp_diag *g = &d->items[i];
        json_t *r = json_object();
        json_object_set_new(r, "ruleId", json_string(g->code));
        int index = 0;
        for (const dxp_code_info *c = dxp_codes; c->code; c++, index++)
            if (strcmp(c->code, g->code) == 0) { json_object_set_new(r, "ruleIndex", json_integer(index)); break; }
        json_object_set_new(r, "level", json_string(level(g->severity)));
        /* help lines follow the message, as in the text format */
        size_t mlen = strlen(g->message) + 1;
        for (size_t k = 0; k < g->nnotes; k++)
            if (g->notes[k].kind == DXP_NOTE_HELP || g->notes[k].span.file < 0) mlen += strlen(g->notes[k].text) + 10;
        char *msg = dxp_xmalloc(mlen), *m = msg;
        m += sprintf(m, "%s", g->message);
        for (size_t k = 0; k < g->nnotes; k++)
            if (g->notes[k].kind == DXP_NOTE_HELP || g->notes[k].span.file < 0)
                m += sprintf(m, "\n%s: %s", g->notes[k].kind == DXP_NOTE_HELP ? "help" : "note", g->notes[k].text);
        json_object_set_new(r, "message", text(msg));
        free(msg);
        if (dxp_diags_source(d, g->span.file)) {
            json_t *locs = json_array();
            json_array_append_new(locs, location(d, g->span, unit, NULL));
            json_object_set_new(r, "locations", locs);
        }
        json_t *related = json_array();
        for (size_t k = 0; k < g->nnotes; k++)
            if (dxp_diags_source(d, g->notes[k].span.file))
                json_array_append_new(related, location(d, g->notes[k].span, unit, g->notes[k].text));
        if (json_array_size(related)) json_object_set_new(r, "relatedLocations", related);
        else json_decref(related);
        json_array_append_new(results, r);
    }
    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("dxp"));
    json_object_set_new(driver, "version", json_string(DXP_VERSION));
    json_object_set_new(driver, "semanticVersion", json_string(DXP_VERSION));
    json_object_set_new(driver, "rules", rules);
    json_t *tool = json_object();
    json_object_set_new(tool, "driver", driver);
    json_t *run = json_object();
    json_object_set_new(run, "tool", tool);
    json_object_set_new(run, "columnKind", json_string(unit == DXP_COLUMN_UTF16 ? "utf16CodeUnits" : "unicodeCodePoints"));
    json_object_set_new(run, "results", results);
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_object_set_new(root, "runs", runs);
    json_dumpf(root, out, dump_flags(opt));
    fputc('\n', out);
    json_decref(root);
}
