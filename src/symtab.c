/* symtab.c — see symtab.h. */
#include "dxp/symtab.h"

#include "dxp/source.h"
#include "dxp/utf8.h"

#include <stdlib.h>
#include <string.h>

uint64_t dxp_symtab_hash(dxp_str s)
{
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < s.len; i++) {
        h ^= (unsigned char)s.ptr[i];
        h *= 1099511628211ull;
    }
    return h;
}

void dxp_symtab_init(dxp_symtab *t, dxp_symtab_key_fn key_of)
{
    memset(t, 0, sizeof *t);
    t->key_of = key_of;
}

void dxp_symtab_free(dxp_symtab *t)
{
    dxp_big_free(t->slots, t->cap * sizeof *t->slots);
    dxp_symtab_init(t, t->key_of);
}

/* The 32 bits of a hash a slot keeps: both halves take part. */
static uint32_t fold(uint64_t h)
{
    return (uint32_t)(h ^ (h >> 32));
}

/* The slot a key with this folded hash is probed at first. */
static size_t home(size_t cap, uint32_t folded)
{
    return folded & (cap - 1);
}

/* The slot of key, or the free slot where it would go. */
static dxp_symtab_slot *find(const dxp_symtab *t, dxp_symtab_slot *slots, size_t cap, dxp_str key, uint32_t folded)
{
    size_t i = home(cap, folded);
    for (;;) {
        dxp_symtab_slot *s = &slots[i];
        if (!s->value || (s->hash == folded && s->len == key.len && dxp_str_same(t->key_of(s->value), key)))
            return s;
        i = (i + 1) & (cap - 1);
    }
}

void *dxp_symtab_get(const dxp_symtab *t, dxp_str key)
{
    if (!t->cap) return NULL;
    return find(t, t->slots, t->cap, key, fold(dxp_symtab_hash(key)))->value;
}

void dxp_symtab_prefetch(const dxp_symtab *t, uint64_t h)
{
    if (t->cap) __builtin_prefetch(&t->slots[home(t->cap, fold(h))]);
}

void dxp_symtab_get_many(const dxp_symtab *t, const dxp_str *keys, size_t n, void **values)
{
    enum { BATCH = 32 };   /* lookups in flight: enough to hide a miss behind the others */
    uint32_t folded[BATCH];
    if (!t->cap) {
        for (size_t i = 0; i < n; i++) values[i] = NULL;
        return;
    }
    for (size_t at = 0; at < n; at += BATCH) {
        size_t count = n - at < BATCH ? n - at : BATCH;
        /* the slots, then the values they hold (whose names are compared
         * on a hit, and which the caller reads next), then the lookups */
        for (size_t i = 0; i < count; i++) {
            folded[i] = fold(dxp_symtab_hash(keys[at + i]));
            __builtin_prefetch(&t->slots[home(t->cap, folded[i])]);
        }
        for (size_t i = 0; i < count; i++) {
            const dxp_symtab_slot *s = &t->slots[home(t->cap, folded[i])];
            if (s->hash == folded[i]) __builtin_prefetch(s->value);
        }
        for (size_t i = 0; i < count; i++) values[at + i] = find(t, t->slots, t->cap, keys[at + i], folded[i])->value;
    }
}

/* The first free slot from where a key of this hash is probed: the keys of
 * a table being rehashed are all different. */
static dxp_symtab_slot *free_slot(dxp_symtab_slot *slots, size_t cap, uint32_t folded)
{
    size_t i = home(cap, folded);
    while (slots[i].value) i = (i + 1) & (cap - 1);
    return &slots[i];
}

static void rehash(dxp_symtab *t, size_t cap)
{
    dxp_symtab_slot *slots = dxp_big_alloc(cap * sizeof *slots);   /* a national plan's names: megabytes */
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].value) {
            const dxp_symtab_slot *old = &t->slots[i];
            *free_slot(slots, cap, old->hash) = *old;
        }
    dxp_big_free(t->slots, t->cap * sizeof *t->slots);
    t->slots = slots;
    t->cap = cap;
}

static bool too_full(size_t count, size_t cap)
{
    return count * 4 > cap * 3;   /* load factor ≤ 3/4 */
}

void dxp_symtab_reserve(dxp_symtab *t, size_t count)
{
    size_t cap = t->cap ? t->cap : 64;
    while (too_full(count, cap)) cap *= 2;
    if (cap > t->cap) rehash(t, cap);
}

void *dxp_symtab_put(dxp_symtab *t, dxp_str key, void *value)
{
    if (too_full(t->count + 1, t->cap)) rehash(t, t->cap ? t->cap * 2 : 64);
    uint32_t h = fold(dxp_symtab_hash(key));
    dxp_symtab_slot *s = find(t, t->slots, t->cap, key, h);
    if (s->value) return s->value;
    s->value = value;
    s->len = key.len;
    s->hash = h;
    t->count++;
    return NULL;
}

/* Edit distance over code points, bounded so that a long table stays cheap. */
static size_t distance(dxp_str a, dxp_str b, size_t bound)
{
    enum { MAXC = 64 };
    int32_t ca[MAXC], cb[MAXC];
    size_t na = 0, nb = 0;
    for (uint32_t i = 0; i < a.len && na < MAXC;) {
        size_t l = dxp_utf8_decode(a.ptr + i, a.len - i, &ca[na]);
        i += l ? (uint32_t)l : 1;
        na++;
    }
    for (uint32_t i = 0; i < b.len && nb < MAXC;) {
        size_t l = dxp_utf8_decode(b.ptr + i, b.len - i, &cb[nb]);
        i += l ? (uint32_t)l : 1;
        nb++;
    }
    if ((na > nb ? na - nb : nb - na) > bound) return bound + 1;
    size_t row[MAXC + 1];
    for (size_t j = 0; j <= nb; j++) row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cur = row[j];
            size_t best = prev + (ca[i - 1] != cb[j - 1]);
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[nb];
}

dxp_str dxp_symtab_closest(const dxp_symtab *t, dxp_str key)
{
    dxp_str best = { NULL, 0 };
    /* Up to a third of the name may differ (at least one character). */
    size_t chars = dxp_source_count_columns(key.ptr, key.len, DXP_COLUMN_CHAR);
    if (chars == 0) return best;
    size_t bound = chars / 3 > 1 ? chars / 3 : 1;
    if (bound >= chars) bound = chars - 1;   /* a one-letter name: no guessing */
    size_t best_d = bound + 1;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].value) continue;
        dxp_str name = dxp_symtab_slot_key(t, &t->slots[i]);
        size_t d = distance(key, name, bound);
        /* of equally close names the first in byte order, whatever the table's order */
        if (d < best_d || (d == best_d && best.ptr && dxp_str_compare(name, best) < 0)) {
            best_d = d;
            best = name;
        }
    }
    return best;
}
