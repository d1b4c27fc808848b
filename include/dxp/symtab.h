/* symtab.h — hash table from names (dxp_str) to pointers.
 *
 * Open addressing with FNV-1a: lookups stay O(1) for a national roll-up with
 * hundreds of thousands of KPIs. The values are the things named (a series,
 * a goal …), and each knows its name: a table is given the function that
 * reads it (key_of), and keeps no copy of the key but its length. Names
 * point into source buffers or the arena, which outlive the table. */
#ifndef DXP_SYMTAB_H
#define DXP_SYMTAB_H

#include "dxp/ast.h"

#include <stddef.h>
#include <stdint.h>

/* 16 bytes: a national plan's table of names has a quarter of a million
 * slots, and a slot that kept the key as well took 24. */
typedef struct dxp_symtab_slot {
    void *value;         /* NULL: the slot is free */
    uint32_t hash;       /* of its key, folded: most probes end here without reading the key */
    uint32_t len;        /* of its key: a probe reads the key only when hash and length agree */
} dxp_symtab_slot;

/* The name of a value put in a table (its key). */
typedef dxp_str (*dxp_symtab_key_fn)(const void *value);

typedef struct dxp_symtab {
    dxp_symtab_slot *slots;
    size_t cap, count;
    dxp_symtab_key_fn key_of;
} dxp_symtab;

void  dxp_symtab_init(dxp_symtab *t, dxp_symtab_key_fn key_of);
/* The key of the value in a used slot. */
static inline dxp_str dxp_symtab_slot_key(const dxp_symtab *t, const dxp_symtab_slot *s)
{
    return t->key_of(s->value);
}
void  dxp_symtab_free(dxp_symtab *t);
void *dxp_symtab_get(const dxp_symtab *t, dxp_str key);
/* Makes room for count keys at once (a table that grows key by key rehashes
 * everything a dozen times on the way to a national plan). */
void  dxp_symtab_reserve(dxp_symtab *t, size_t count);
/* Inserts value under key, which is key_of(value), unless the key is present;
 * returns the value already there, or NULL. value is not NULL. */
void *dxp_symtab_put(dxp_symtab *t, dxp_str key, void *value);

/* For tables larger than the caches, where every probe of a fresh key is a
 * cache miss: the hash of a key, a hint to fetch the slot a key will be
 * probed at, and lookups of many keys at once that fetch the slots of later
 * keys while earlier ones are compared (resolve: 100,000 actuals). */
uint64_t dxp_symtab_hash(dxp_str key);
void  dxp_symtab_prefetch(const dxp_symtab *t, uint64_t hash);
/* values[i] = the value of keys[i], or NULL. */
void  dxp_symtab_get_many(const dxp_symtab *t, const dxp_str *keys, size_t n, void **values);

/* The key most similar to `key` (for "did you mean …?"), or an empty str. */
dxp_str dxp_symtab_closest(const dxp_symtab *t, dxp_str key);

#endif
