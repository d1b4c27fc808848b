/* lsp.c — dxp lsp: the language server (LSP 3.17, JSON-RPC 2.0 on stdio).
 *
 * Each open document is loaded as a program (with its imports, from disk)
 * whenever it changes; diagnostics of check and lint are published for it,
 * and hover, go-to-definition and the outline answer from that program.
 * Formatting is dxp fmt. Positions are converted at the edge, in the
 * encoding negotiated at initialize (UTF-16 unless the client offers UTF-8
 * or UTF-32): inside, everything is byte offsets, as in the rest of dxp. */
#include "dxp/lsp.h"

#include "dxp/fmt.h"
#include "dxp/i18n.h"
#include "dxp/lex.h"
#include "dxp/lint.h"
#include "dxp/program.h"
#include "dxp/utf8.h"
#include "dxp/version.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Larger messages are refused (a plan file is at most 1 GiB; an editor buffer far less). */
#define MAX_MESSAGE_BYTES ((size_t)256 << 20)

enum {
    RPC_PARSE_ERROR = -32700, RPC_INVALID_REQUEST = -32600, RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602, RPC_NOT_INITIALIZED = -32002
};

typedef struct document {
    char *uri;
    char *path;            /* the file the URI names: imports are relative to it */
    char *text;
    size_t len;
    dxp_diags diags;       /* owns the sources of the loaded program */
    dxp_program *program;  /* NULL when the text could not be loaded */
    int32_t config;        /* source number of the .dxplint read for it, or -1 */
} document;

typedef struct server {
    FILE *in, *out;
    dxp_column_unit unit;  /* the negotiated position encoding */
    bool initialized, shut_down;
    bool stdlib_only;      /* dxp_lsp_options */
    document **docs;
    size_t ndocs;
} server;

/* ---- framing ---------------------------------------------------------------- */

/* Reads the next message body. NULL at the end of input; *skip when a
 * message had to be dropped (no Content-Length, or too large). */
static char *read_message(FILE *in, size_t *len, bool *skip)
{
    char line[4096];
    long long length = -1;
    bool any = false;
    *skip = false;
    for (;;) {
        if (!fgets(line, sizeof line, in)) return NULL;
        if (strcmp(line, "\r\n") == 0 || strcmp(line, "\n") == 0) {
            if (any) break;
            continue;                     /* blank lines between messages */
        }
        any = true;
        if (strncasecmp(line, "Content-Length:", 15) == 0) {
            char *end;
            length = strtoll(line + 15, &end, 10);
            while (*end == ' ' || *end == '\r' || *end == '\n') end++;
            if (*end) length = -1;
        }
    }
    if (length < 0 || (size_t)length > MAX_MESSAGE_BYTES) {
        if (length > 0)    /* too large: read past it, so that the next message is found */
            for (long long left = length; left > 0 && fgetc(in) != EOF; left--) {}
        *skip = true;
        return NULL;
    }
    char *body = dxp_xmalloc((size_t)length + 1);
    size_t got = fread(body, 1, (size_t)length, in);
    body[got] = '\0';
    if (got < (size_t)length) { free(body); return NULL; }
    *len = got;
    return body;
}

static void send_message(server *s, json_t *msg)
{
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    char *text = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    if (!text) return;
    fprintf(s->out, "Content-Length: %zu\r\n\r\n%s", strlen(text), text);
    fflush(s->out);
    free(text);
}

static void reply(server *s, json_t *id, json_t *result)
{
    send_message(s, json_pack("{s:O, s:o}", "id", id ? id : json_null(), "result", result ? result : json_null()));
}

static void reply_error(server *s, json_t *id, int code, const char *message)
{
    send_message(s, json_pack("{s:O, s:{s:i, s:s}}", "id", id ? id : json_null(), "error", "code", code,
                              "message", message));
}

static void notify(server *s, const char *method, json_t *params)
{
    send_message(s, json_pack("{s:s, s:o}", "method", method, "params", params));
}

/* ---- URIs and positions ----------------------------------------------------- */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* file:///a/%E8%A8%88%E7%94%BB.dxp → /a/計画.dxp; other schemes are used as they are. */
static char *path_of_uri(const char *uri)
{
    const char *p = strncmp(uri, "file://", 7) == 0 ? uri + 7 : uri;
    char *path = dxp_xmalloc(strlen(p) + 1), *o = path;
    for (; *p; p++) {
        int h, l;
        if (*p == '%' && (h = hex_digit(p[1])) >= 0 && (l = hex_digit(p[2])) >= 0) {
            *o++ = (char)(h * 16 + l);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return path;
}

static char *uri_of_path(const char *path)
{
    static const char unreserved[] = "-._~/";
    size_t n = strlen(path);
    char *uri = dxp_xmalloc(7 + n * 3 + 1), *o = uri;
    o += sprintf(o, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr(unreserved, *p))
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    *o = '\0';
    return uri;
}

static json_t *position_json(dxp_source *src, uint32_t offset, dxp_column_unit unit)
{
    if (offset > src->len) offset = (uint32_t)src->len;
    uint32_t line = dxp_source_line_of(src, offset);
    uint32_t character = dxp_source_column(src, offset, unit) - 1;   /* from marks on a long line */
    return json_pack("{s:i, s:i}", "line", (json_int_t)line - 1, "character", (json_int_t)character);
}

static json_t *range_json(dxp_source *src, uint32_t start, uint32_t end, dxp_column_unit unit)
{
    return json_pack("{s:o, s:o}", "start", position_json(src, start, unit), "end", position_json(src, end, unit));
}

/* Byte offset of an LSP position; false when params hold none. Positions past
 * the end of a line or of the text are clamped, as the protocol says. */
static bool offset_of_position(dxp_source *src, json_t *pos, dxp_column_unit unit, uint32_t *offset)
{
    json_t *jl = json_object_get(pos, "line"), *jc = json_object_get(pos, "character");
    if (!json_is_integer(jl) || !json_is_integer(jc)) return false;
    json_int_t line = json_integer_value(jl), character = json_integer_value(jc);
    if (line < 0 || character < 0) return false;
    dxp_source_line_of(src, 0);                      /* builds the line map */
    if ((size_t)line >= src->nlines) { *offset = (uint32_t)src->len; return true; }
    /* a character past the line's length is clamped to the line's end too */
    uint32_t columns = character > UINT32_MAX ? UINT32_MAX : (uint32_t)character;
    *offset = dxp_source_column_offset(src, (uint32_t)line + 1, columns, unit);
    return true;
}

/* ---- documents -------------------------------------------------------------- */

static document *find_document(server *s, const char *uri)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0) return s->docs[i];
    return NULL;
}

static void unload(document *d)
{
    dxp_program_free(d->program);
    dxp_diags_free(&d->diags);
    d->program = NULL;
}

static void close_document(server *s, document *d)
{
    unload(d);
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i] == d) { s->docs[i] = s->docs[--s->ndocs]; break; }
    free(d->uri);
    free(d->path);
    free(d->text);
    free(d);
}

/* Loads the text as a program, checks it and, when it checks, lints it with
 * the .dxplint settings of its directory, as `dxp lint` would. */
static void load(const server *s, document *d)
{
    unload(d);
    dxp_diags_init(&d->diags);
    d->config = -1;
    dxp_load_options opt = { .allow_outside = false, .stdlib_only = s->stdlib_only };
    d->program = dxp_program_load(&d->diags, d->path, d->text, d->len, &opt);
    if (!d->program) return;
    dxp_lint_options lint;
    memset(&lint, 0, sizeof lint);
    lint.max_warnings = -1;
    if (!s->stdlib_only) {
        char *dir = dxp_path_dir(d->path);
        size_t before = d->diags.nsources;
        free(dxp_lint_config_load(dir, &lint, &d->diags));
        if (d->diags.nsources > before) d->config = (int32_t)before;
        free(dir);
    }
    bool checks = d->diags.errors == 0;
    if (checks) dxp_lint(d->program, &lint);   /* applies the allow comments */
    else dxp_apply_suppressions(d->program, false);
    dxp_lint_filter(&d->diags, &lint);
    dxp_lint_options_free(&lint);
}

static dxp_source *root_source(document *d)
{
    return d->program ? dxp_diags_source(&d->diags, d->program->root) : NULL;
}

/* A place that a diagnostic of document d relates to: span in one of its
 * sources (the document's own text by its URI, another file by its path). */
static json_t *related_json(const server *s, const document *d, dxp_span span, const char *message)
{
    dxp_source *src = dxp_diags_source(&d->diags, span.file);
    bool own = d->program && span.file == d->program->root;
    char *uri = own ? dxp_xstrdup(d->uri) : uri_of_path(src->path);
    json_t *j = json_pack("{s:{s:s, s:o}, s:s}", "location", "uri", uri, "range",
                          range_json(src, span.start, span.end, s->unit), "message", message);
    free(uri);
    return j;
}

static void publish_diagnostics(server *s, document *d)
{
    json_t *list = json_array();
    dxp_source *src = root_source(d);
    int32_t root = d->program ? d->program->root : -1;
    for (size_t i = 0; i < d->diags.count; i++) {
        const dxp_diag *g = &d->diags.items[i];
        /* this document's findings, those without a place (an unreadable .dxplint …)
         * and those of its .dxplint, shown at the top with their place related */
        if (g->span.file >= 0 && g->span.file != root && g->span.file != d->config) continue;
        json_t *range = src && g->span.file == root ? range_json(src, g->span.start, g->span.end, s->unit)
                                                     : json_pack("{s:{s:i,s:i}, s:{s:i,s:i}}", "start", "line", 0,
                                                                 "character", 0, "end", "line", 0, "character", 0);
        int severity = g->severity == DXP_SEV_ERROR ? 1 : g->severity == DXP_SEV_WARNING ? 2 : 3;
        /* help lines belong to the message; notes with a place are related information */
        size_t mlen = strlen(g->message) + 1;
        for (size_t k = 0; k < g->nnotes; k++)
            if (g->notes[k].kind == DXP_NOTE_HELP) mlen += strlen(g->notes[k].text) + 16;
        char *message = dxp_xmalloc(mlen);
        strcpy(message, g->message);
        json_t *related = json_array();
        if (g->span.file >= 0 && g->span.file == d->config)
            json_array_append_new(related, related_json(s, d, g->span, _("the setting in .dxplint")));
        for (size_t k = 0; k < g->nnotes; k++) {
            const dxp_note *n = &g->notes[k];
            if (n->kind == DXP_NOTE_HELP) {
                strcat(message, "\n");
                strcat(message, _("help: "));
                strcat(message, n->text);
                continue;
            }
            dxp_source *ns = n->span.file >= 0 ? dxp_diags_source(&d->diags, n->span.file) : NULL;
            if (!ns || ns->embedded) continue;
            json_array_append_new(related, related_json(s, d, n->span, n->text));
        }
        json_t *item = json_pack("{s:o, s:i, s:s, s:s, s:s}", "range", range, "severity", severity, "code", g->code,
                                 "source", "dxp", "message", message);
        if (json_array_size(related)) json_object_set_new(item, "relatedInformation", related);
        else json_decref(related);
        json_array_append_new(list, item);
        free(message);
    }
    notify(s, "textDocument/publishDiagnostics", json_pack("{s:s, s:o}", "uri", d->uri, "diagnostics", list));
}

/* ---- what is at a position ---------------------------------------------------- */

/* The name (or key) token at offset in src: its span; false when there is none. */
static bool name_at(dxp_source *src, uint32_t offset, uint32_t *start, uint32_t *end)
{
    dxp_diags scratch;
    dxp_diags_init(&scratch);
    dxp_arena arena;
    dxp_arena_init(&arena);
    dxp_source *copy = dxp_source_from_memory("scan", src->text, src->len);
    int32_t file = dxp_diags_add_source(&scratch, copy);
    dxp_lex_session *ls = dxp_lex_open(copy, file, &scratch, &arena);
    bool found = false;
    dxp_token tok;
    for (;;) {
        dxp_lex_next(ls, &tok);
        if (tok.kind == TOK_YYEOF || tok.loc.start > offset) break;
        if ((tok.kind == TOK_NAME || tok.kind == TOK_KEY) && offset <= tok.loc.end) {
            *start = tok.loc.start;
            *end = tok.loc.end;
            found = true;
            break;
        }
    }
    dxp_lex_close(ls);
    dxp_arena_free(&arena);
    dxp_diags_free(&scratch);
    return found;
}

typedef struct target {
    dxp_decl *decl;
    int32_t file;
    dxp_series *series;
    dxp_measure *measure;
    dxp_goal *goal;
} target;

/* The source a declaration is in; -1 if none. */
static int32_t file_of(dxp_program *p, const dxp_decl *decl)
{
    for (size_t i = 0; i < p->nfiles; i++)
        for (const dxp_decl *d = p->files[i]->decls; d; d = d->next)
            if (d == decl) return p->files[i]->file;
    return -1;
}

/* What a name refers to: a KPI, part or data series, a measure, a goal, a unit or a rule set. */
static bool lookup(dxp_program *p, dxp_str name, target *t)
{
    memset(t, 0, sizeof *t);
    void *v;
    if ((v = dxp_symtab_get(&p->series_names, name))) {
        t->series = v;
        t->decl = t->series->decl;
        t->file = t->series->file;
    } else if ((v = dxp_symtab_get(&p->measure_names, name))) {
        t->measure = v;
        t->decl = t->measure->decl;
        t->file = t->measure->file;
    } else if ((v = dxp_symtab_get(&p->goal_names, name))) {
        t->goal = v;
        t->decl = t->goal->decl;
        t->file = t->goal->file;
    } else if ((v = dxp_symtab_get(&p->units.names, name))) {
        dxp_unit_def *u = v;
        t->decl = u->decl;
        t->file = u->file;
    } else if ((v = dxp_symtab_get(&p->rules_names, name))) {
        t->decl = v;
        t->file = file_of(p, t->decl);
    }
    if (t->decl && t->file < 0) t->decl = NULL;
    return t->decl != NULL;
}

/* Finds what is under the cursor of a textDocument/position request. */
static bool target_at(server *s, document *d, json_t *params, target *t, uint32_t *start, uint32_t *end)
{
    dxp_source *src = root_source(d);
    uint32_t offset;
    if (!src || !offset_of_position(src, json_object_get(params, "position"), s->unit, &offset)) return false;
    if (!name_at(src, offset, start, end)) return false;
    dxp_str name = { src->text + *start, *end - *start };
    return lookup(d->program, name, t);
}

/* ---- requests ---------------------------------------------------------------- */

static document *document_of(server *s, json_t *params)
{
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    return uri ? find_document(s, uri) : NULL;
}

static json_t *initialize(server *s, json_t *params)
{
    /* the client's encodings, in its order of preference; UTF-16 if it names none we know */
    s->unit = DXP_COLUMN_UTF16;
    const char *encoding = "utf-16";
    json_t *offered = json_object_get(json_object_get(json_object_get(params, "capabilities"), "general"),
                                      "positionEncodings");
    size_t i;
    json_t *e;
    json_array_foreach(offered, i, e) {
        const char *name = json_string_value(e);
        if (!name) continue;
        if (strcmp(name, "utf-8") == 0) { s->unit = DXP_COLUMN_BYTE; encoding = "utf-8"; break; }
        if (strcmp(name, "utf-32") == 0) { s->unit = DXP_COLUMN_CHAR; encoding = "utf-32"; break; }
        if (strcmp(name, "utf-16") == 0) break;
    }
    s->initialized = true;
    return json_pack("{s:{s:s, s:{s:b, s:i}, s:b, s:b, s:b, s:b}, s:{s:s, s:s}}",
                     "capabilities", "positionEncoding", encoding,
                     "textDocumentSync", "openClose", 1, "change", 1,
                     "hoverProvider", 1, "definitionProvider", 1, "documentSymbolProvider", 1,
                     "documentFormattingProvider", 1,
                     "serverInfo", "name", "dxp", "version", DXP_VERSION);
}

/* Takes a new text (a JSON string, which may hold NUL bytes) and re-checks it. */
static void set_text(server *s, document *d, json_t *text)
{
    free(d->text);
    d->len = json_string_length(text);
    d->text = dxp_xmalloc(d->len + 1);
    memcpy(d->text, json_string_value(text), d->len + 1);
    load(s, d);
    publish_diagnostics(s, d);
}

static void did_open(server *s, json_t *params)
{
    json_t *doc = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(doc, "uri"));
    json_t *text = json_object_get(doc, "text");
    if (!uri || !json_is_string(text)) return;
    document *d = find_document(s, uri);
    if (!d) {
        d = dxp_xcalloc(1, sizeof *d);
        d->uri = dxp_xstrdup(uri);
        d->path = path_of_uri(uri);
        dxp_diags_init(&d->diags);
        s->docs = dxp_xrealloc(s->docs, (s->ndocs + 1) * sizeof *s->docs);
        s->docs[s->ndocs++] = d;
    }
    set_text(s, d, text);
}

static void did_change(server *s, json_t *params)
{
    document *d = document_of(s, params);
    json_t *changes = json_object_get(params, "contentChanges");
    json_t *last = json_array_get(changes, json_array_size(changes) - 1);   /* full sync: the last is the text */
    json_t *text = json_object_get(last, "text");
    if (d && json_is_string(text)) set_text(s, d, text);
}

static void did_close(server *s, json_t *params)
{
    document *d = document_of(s, params);
    if (!d) return;
    notify(s, "textDocument/publishDiagnostics", json_pack("{s:s, s:[]}", "uri", d->uri, "diagnostics"));
    close_document(s, d);
}

static void append_bytes(char **buf, size_t *len, const char *bytes, size_t n)
{
    *buf = dxp_xrealloc(*buf, *len + n + 1);
    memcpy(*buf + *len, bytes, n);
    *len += n;
    (*buf)[*len] = '\0';
}

static void append(char **buf, size_t *len, const char *text)
{
    append_bytes(buf, len, text, strlen(text));
}

/* The source text of a span, as written. */
static void append_span(char **buf, size_t *len, const dxp_source *src, dxp_loc loc)
{
    append_bytes(buf, len, src->text + loc.start, loc.end - loc.start);
}

static void append_table(char **buf, size_t *len, document *d, const char *label, const dxp_table *t)
{
    if (!t->count) return;
    append(buf, len, "\n\n");
    append(buf, len, label);
    for (size_t i = 0; i < t->count; i++) {
        dxp_source *src = dxp_diags_source(&d->diags, t->items[i].file);
        append(buf, len, i ? " · " : " ");
        append_span(buf, len, src, t->items[i].loc);
        append(buf, len, ": ");
        append_span(buf, len, src, dxp_value_loc(t->items[i].value));
    }
}

static json_t *hover(server *s, json_t *params)
{
    document *d = document_of(s, params);
    target t;
    uint32_t start, end;
    if (!d || !target_at(s, d, params, &t, &start, &end)) return json_null();
    dxp_source *src = dxp_diags_source(&d->diags, t.file);
    char *text = NULL;
    size_t len = 0;
    append(&text, &len, "**");
    append(&text, &len, dxp_decl_kind_name(t.decl->kind));
    append(&text, &len, "** `");
    append_span(&text, &len, src, t.decl->id_loc);
    append(&text, &len, "`");
    if (t.decl->has_title) {
        append(&text, &len, " ");
        append_span(&text, &len, src, t.decl->title_loc);
    }
    if (t.series) {
        dxp_series *k = t.series;
        if (k->has_unit_ref || k->unit) {
            char ubuf[128];
            dxp_unit unit;   /* an unknown unit: what is known of it */
            dxp_unit_ref written;
            if (k->unit) unit = *k->unit;
            else dxp_program_unit_of(d->program, k->file, dxp_series_unit_ref(k, &written), &unit, false);
            append(&text, &len, "\n\n");
            append(&text, &len, _("unit: "));
            append(&text, &len, dxp_unit_describe(&d->program->units, &unit, ubuf, sizeof ubuf));
        }
        append(&text, &len, "  \n");
        append(&text, &len, _("direction: "));
        append(&text, &len, dxp_direction_name(k->direction));
        if (k->baseline) {
            append(&text, &len, "  \n");
            append(&text, &len, _("baseline: "));
            dxp_source *bs = dxp_diags_source(&d->diags, k->file);
            dxp_loc value_at = dxp_value_loc(k->baseline->value);
            append_span(&text, &len, bs, value_at.end > value_at.start ? (dxp_loc){ value_at.start, k->baseline->loc.end }
                                                                       : k->baseline->loc);
        }
        append_table(&text, &len, d, _("targets:"), &k->targets);
        append_table(&text, &len, d, _("actuals:"), &k->actuals);
        if (k->measure) {
            dxp_source *ms = dxp_diags_source(&d->diags, k->measure->file);
            append(&text, &len, "\n\n");
            append(&text, &len, _("measure: "));
            append_span(&text, &len, ms, k->measure->decl->id_loc);
            if (k->measure->decl->has_title) {
                append(&text, &len, " ");
                append_span(&text, &len, ms, k->measure->decl->title_loc);
            }
        }
    } else if (t.measure && t.measure->goal) {
        dxp_source *gs = dxp_diags_source(&d->diags, t.measure->goal->file);
        append(&text, &len, "\n\n");
        append(&text, &len, _("goal: "));
        append_span(&text, &len, gs, t.measure->goal->decl->id_loc);
        append(&text, &len, "  \n");
        char count[64];
        snprintf(count, sizeof count, _("%zu KPIs"), t.measure->nkpis);
        append(&text, &len, count);
    } else if (t.goal) {
        char count[64];
        snprintf(count, sizeof count, _("%zu measures"), t.goal->nmeasures);
        append(&text, &len, "\n\n");
        append(&text, &len, count);
    }
    if (src->embedded) {
        append(&text, &len, "\n\n");
        append(&text, &len, src->path);
    }
    json_t *result = json_pack("{s:{s:s, s:s}, s:o}", "contents", "kind", "markdown", "value", text, "range",
                               range_json(root_source(d), start, end, s->unit));
    free(text);
    return result;
}

static json_t *definition(server *s, json_t *params)
{
    document *d = document_of(s, params);
    target t;
    uint32_t start, end;
    if (!d || !target_at(s, d, params, &t, &start, &end)) return json_null();
    dxp_source *src = dxp_diags_source(&d->diags, t.file);
    if (!src || src->embedded) return json_null();     /* compiled into dxp: no file to open */
    char *uri = t.file == d->program->root ? dxp_xstrdup(d->uri) : uri_of_path(src->path);
    json_t *result = json_pack("{s:s, s:o}", "uri", uri, "range",
                               range_json(src, t.decl->id_loc.start, t.decl->id_loc.end, s->unit));
    free(uri);
    return result;
}

/* An outline entry; children may be NULL. */
static json_t *symbol(server *s, dxp_source *src, dxp_decl *decl, int kind, json_t *children)
{
    char name[512];
    snprintf(name, sizeof name, "%.*s", DXP_DECL_NAME(decl));
    if (!name[0]) snprintf(name, sizeof name, "%s", dxp_decl_kind_name(decl->kind));
    json_t *sym = json_pack("{s:s, s:i, s:o, s:o}", "name", name, "kind", kind,
                            "range", range_json(src, decl->loc.start, decl->loc.end, s->unit),
                            "selectionRange", range_json(src, decl->id_loc.start,
                                                         decl->id_loc.end > decl->id_loc.start ? decl->id_loc.end
                                                                                                : decl->loc.start,
                                                         s->unit));
    if (decl->has_title) {
        char title[512];
        snprintf(title, sizeof title, "%.*s", (int)dxp_decl_title(decl).len, dxp_decl_title(decl).ptr);
        json_object_set_new(sym, "detail", json_string(title));
    }
    if (children) json_object_set_new(sym, "children", children);
    return sym;
}

enum { SYM_MODULE = 2, SYM_NAMESPACE = 3, SYM_CLASS = 5, SYM_FUNCTION = 12, SYM_CONSTANT = 14,
       SYM_NUMBER = 16, SYM_ARRAY = 18, SYM_STRUCT = 23, SYM_EVENT = 24 };

static json_t *kpi_symbol(server *s, dxp_source *src, dxp_series *k)
{
    json_t *parts = json_array();
    for (size_t i = 0; i < k->nparts; i++)
        if (dxp_series_parts(k)[i]->file == k->file)
            json_array_append_new(parts, kpi_symbol(s, src, dxp_series_parts(k)[i]));
    return symbol(s, src, k->decl, SYM_NUMBER, parts);
}

static json_t *measure_symbol(server *s, dxp_source *src, dxp_measure *m)
{
    json_t *kpis = json_array();
    for (size_t i = 0; i < m->nkpis; i++)
        if (m->kpis[i]->file == m->file && m->kpis[i]->kind == DXP_SERIES_KPI)
            json_array_append_new(kpis, kpi_symbol(s, src, m->kpis[i]));
    return symbol(s, src, m->decl, SYM_FUNCTION, kpis);
}

/* The outline: goal → measure → KPI → part, then what stands alone. */
static json_t *document_symbols(server *s, json_t *params)
{
    document *d = document_of(s, params);
    if (!d || !d->program) return json_null();
    dxp_program *p = d->program;
    dxp_source *src = root_source(d);
    dxp_file *root = NULL;
    for (size_t i = 0; i < p->nfiles; i++)
        if (p->files[i]->file == p->root) root = p->files[i];
    json_t *list = json_array();
    if (!root) return list;
    for (dxp_decl *decl = root->decls; decl; decl = decl->next) {
        dxp_goal *g;
        dxp_measure *m;
        dxp_series *k;
        switch (decl->kind) {
        case DXP_DECL_PLAN:
            json_array_append_new(list, symbol(s, src, decl, SYM_MODULE, NULL));
            break;
        case DXP_DECL_GOAL:
            g = dxp_symtab_get(&p->goal_names, dxp_decl_id(decl));
            if (!g || g->decl != decl) break;
            json_t *measures = json_array();
            for (size_t i = 0; i < g->nmeasures; i++)
                if (g->measures[i]->file == p->root)
                    json_array_append_new(measures, measure_symbol(s, src, g->measures[i]));
            json_array_append_new(list, symbol(s, src, decl, SYM_NAMESPACE, measures));
            break;
        case DXP_DECL_MEASURE:
            m = dxp_symtab_get(&p->measure_names, dxp_decl_id(decl));
            if (m && m->decl == decl && !(m->goal && m->goal->file == p->root))
                json_array_append_new(list, measure_symbol(s, src, m));
            break;
        case DXP_DECL_KPI:
        case DXP_DECL_DATA:
            k = dxp_symtab_get(&p->series_names, dxp_decl_id(decl));
            if (k && k->decl == decl && !(k->measure && k->measure->file == p->root))
                json_array_append_new(list, decl->kind == DXP_DECL_KPI ? kpi_symbol(s, src, k)
                                                                       : symbol(s, src, decl, SYM_ARRAY, NULL));
            break;
        case DXP_DECL_UNIT:
            json_array_append_new(list, symbol(s, src, decl, SYM_CONSTANT, NULL));
            break;
        case DXP_DECL_RULES:
            json_array_append_new(list, symbol(s, src, decl, SYM_CLASS, NULL));
            break;
        case DXP_DECL_ACTUALS:
        case DXP_DECL_REVISE: {
            json_t *sym = symbol(s, src, decl, decl->kind == DXP_DECL_ACTUALS ? SYM_STRUCT : SYM_EVENT, NULL);
            char name[64];    /* `actuals R6`: named by its year as written */
            snprintf(name, sizeof name, "%s %.*s", dxp_decl_kind_name(decl->kind),
                     (int)(decl->year_loc.end - decl->year_loc.start), src->text + decl->year_loc.start);
            json_object_set_new(sym, "name", json_string(name));
            json_object_set_new(sym, "selectionRange", range_json(src, decl->year_loc.start, decl->year_loc.end,
                                                                   s->unit));
            json_array_append_new(list, sym);
            break;
        }
        default:
            break;
        }
    }
    return list;
}

/* One edit that replaces the whole text with dxp fmt's; [] when nothing
 * changes, null when the text does not parse. */
static json_t *formatting(server *s, json_t *params)
{
    document *d = document_of(s, params);
    if (!d) return json_null();
    dxp_diags diags;
    dxp_diags_init(&diags);
    dxp_arena arena;
    dxp_arena_init(&arena);
    dxp_source *src = dxp_source_from_memory(d->path, d->text, d->len);
    json_t *result = json_null();
    if (dxp_parse_source(&diags, src, &arena) && diags.errors == 0) {
        char *out;
        size_t out_len;
        dxp_format(src, 0, &diags, &arena, &out, &out_len);
        if (!dxp_format_equivalent(d->text, d->len, out, out_len)) {
            /* never hand the editor a text that means something else */
        } else if (out_len == d->len && memcmp(out, d->text, out_len) == 0) {
            result = json_array();
        } else {
            json_t *text = json_stringn(out, out_len);
            result = text ? json_pack("[{s:o, s:o}]", "range", range_json(src, 0, (uint32_t)src->len, s->unit),
                                      "newText", text)
                          : json_null();
        }
        free(out);
    }
    dxp_arena_free(&arena);
    dxp_diags_free(&diags);
    return result;
}

/* ---- dispatch ----------------------------------------------------------------- */

static bool needs_document(const char *method)
{
    return strcmp(method, "textDocument/hover") == 0 || strcmp(method, "textDocument/definition") == 0 ||
           strcmp(method, "textDocument/documentSymbol") == 0 || strcmp(method, "textDocument/formatting") == 0;
}

/* Handles one message; returns false after `exit`. */
static bool handle(server *s, json_t *msg, int *status)
{
    if (!json_is_object(msg)) { reply_error(s, NULL, RPC_INVALID_REQUEST, "a message is a JSON object"); return true; }
    json_t *id = json_object_get(msg, "id");
    json_t *params = json_object_get(msg, "params");
    const char *method = json_string_value(json_object_get(msg, "method"));
    if (id && !json_is_string(id) && !json_is_integer(id)) {
        reply_error(s, NULL, RPC_INVALID_REQUEST, "id is a number or a string");
        return true;
    }
    if (!method) {
        if (!id || !json_object_get(msg, "result"))    /* not a response to us either */
            reply_error(s, id, RPC_INVALID_REQUEST, "a request has a method");
        return true;
    }
    if (strcmp(method, "exit") == 0) { *status = s->shut_down ? 0 : 1; return false; }
    if (!s->initialized && strcmp(method, "initialize") != 0) {
        if (id) reply_error(s, id, RPC_NOT_INITIALIZED, "initialize first");
        return true;
    }
    if (s->shut_down) {
        if (id) reply_error(s, id, RPC_INVALID_REQUEST, "the server is shut down; only exit is accepted");
        return true;
    }
    if (params && !json_is_object(params) && !json_is_array(params)) {
        if (id) reply_error(s, id, RPC_INVALID_PARAMS, "params is an object");
        return true;
    }
    if (id && needs_document(method) && !document_of(s, params)) {
        reply_error(s, id, RPC_INVALID_PARAMS, "textDocument.uri names no open document");
        return true;
    }
    if (strcmp(method, "initialize") == 0) {
        if (!id) return true;
        if (s->initialized) reply_error(s, id, RPC_INVALID_REQUEST, "already initialized");
        else reply(s, id, initialize(s, params));
    } else if (strcmp(method, "shutdown") == 0) {
        s->shut_down = true;
        if (id) reply(s, id, NULL);
    } else if (strcmp(method, "textDocument/didOpen") == 0) {
        did_open(s, params);
    } else if (strcmp(method, "textDocument/didChange") == 0) {
        did_change(s, params);
    } else if (strcmp(method, "textDocument/didClose") == 0) {
        did_close(s, params);
    } else if (strcmp(method, "textDocument/hover") == 0) {
        if (id) reply(s, id, hover(s, params));
    } else if (strcmp(method, "textDocument/definition") == 0) {
        if (id) reply(s, id, definition(s, params));
    } else if (strcmp(method, "textDocument/documentSymbol") == 0) {
        if (id) reply(s, id, document_symbols(s, params));
    } else if (strcmp(method, "textDocument/formatting") == 0) {
        if (id) reply(s, id, formatting(s, params));
    } else if (id) {
        reply_error(s, id, RPC_METHOD_NOT_FOUND, "unknown method");
    }
    /* other notifications (initialized, didSave, $/…) need nothing */
    return true;
}

int dxp_lsp_run(FILE *in, FILE *out, const dxp_lsp_options *opt)
{
    server s = { .in = in, .out = out, .unit = DXP_COLUMN_UTF16, .stdlib_only = opt && opt->stdlib_only };
    int status = 1;
    for (;;) {
        size_t len;
        bool skip;
        char *body = read_message(in, &len, &skip);
        if (!body) {
            if (skip) { reply_error(&s, NULL, RPC_INVALID_REQUEST, "a message needs a valid Content-Length"); continue; }
            break;                                       /* end of input */
        }
        json_error_t err;
        json_t *msg = json_loadb(body, len, 0, &err);
        free(body);
        if (!msg) { reply_error(&s, NULL, RPC_PARSE_ERROR, err.text); continue; }
        bool go_on = handle(&s, msg, &status);
        json_decref(msg);
        if (!go_on) break;
    }
    while (s.ndocs) close_document(&s, s.docs[0]);
    free(s.docs);
    return status;
}
