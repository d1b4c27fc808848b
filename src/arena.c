/* arena.c — chunked bump allocator (see arena.h). */
#define _GNU_SOURCE   /* mremap: a big buffer grows without a copy */
#include "dxp/arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The first chunk: a small plan takes little. */
enum { ARENA_MIN_CHUNK = 64 * 1024 };

/* The largest chunk, header included: one mapping of exactly 1 MiB. Every
 * page of such a chunk is put in when it is mapped, so the unused end of
 * each arena's last chunk counts in the peak memory: with chunks of 4 MiB
 * a 100,000-KPI check took 216 MB, with 1 MiB 204 MB (the parse halves and
 * their declarations, the program and the evaluation each have an arena). */
enum { ARENA_MAX_CHUNK = 1024 * 1024 };

struct dxp_arena_chunk {
    dxp_arena_chunk *next;
    size_t size;
    _Alignas(DXP_ARENA_ALIGN) unsigned char data[];
};

static void out_of_memory(void)
{
    fputs("dxp: out of memory\n", stderr);
    abort();
}

enum { BIG_BUFFER = ARENA_MAX_CHUNK };

#ifndef MAP_POPULATE
#define MAP_POPULATE 0
#endif

/* A buffer of 1 MiB or more (a full arena chunk) gets a mapping of its own,
 * zero-filled like every fresh anonymous mapping; `populate` puts every page
 * in place from the start (MAP_POPULATE): one system call instead of a page
 * fault for every 4 KiB. Not transparent huge pages: asked for with
 * MADV_HUGEPAGE, the kernel compacts memory in the page fault whenever
 * another process has left it fragmented, and a check of 1,000,000 KPIs run
 * after jq took 6.1 s instead of 3.1 (docs/design.md, "Memory and speed"). */
static void *big_buffer(size_t size, bool populate)
{
    if (size < BIG_BUFFER) return dxp_xcalloc(1, size);
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | (populate ? MAP_POPULATE : 0), -1, 0);
    if (p == MAP_FAILED) out_of_memory();
    return p;
}

void *dxp_big_alloc(size_t size)
{
    return big_buffer(size, true);
}

void *dxp_big_alloc_lazy(size_t size)
{
    return big_buffer(size, false);
}

void *dxp_big_grow(void *p, size_t old_size, size_t new_size)
{
    if (new_size <= old_size) return p;
    if (old_size >= BIG_BUFFER) {
        /* The kernel moves the pages, not their bytes; the new ones are put
         * in when first written, like dxp_big_alloc_lazy's. */
        void *q = mremap(p, old_size, new_size, MREMAP_MAYMOVE);
        if (q == MAP_FAILED) out_of_memory();
        return q;
    }
    unsigned char *q = big_buffer(new_size, false);   /* zero-filled */
    memcpy(q, p, old_size);
    dxp_big_free(p, old_size);
    return q;
}

void dxp_big_free(void *p, size_t size)
{
    if (!p) return;
    if (size < BIG_BUFFER) free(p);
    else munmap(p, size);
}

void *dxp_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) out_of_memory();
    return p;
}

void *dxp_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) out_of_memory();
    return p;
}

void *dxp_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q) out_of_memory();
    return q;
}

char *dxp_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(dxp_xmalloc(n), s, n);
}

char *dxp_xvasprintf(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) n = 0;
    char *s = dxp_xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *dxp_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = dxp_xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

void dxp_arena_init(dxp_arena *a)
{
    a->head = NULL;
    a->next = a->end = NULL;
    a->total = 0;
}

void dxp_arena_free(dxp_arena *a)
{
    dxp_arena_chunk *c = a->head;
    while (c) {
        dxp_arena_chunk *next = c->next;
        dxp_big_free(c, sizeof *c + c->size);
        c = next;
    }
    dxp_arena_init(a);
}

/* A new chunk of at least `size` bytes becomes the one being filled. */
static dxp_arena_chunk *add_chunk(dxp_arena *a, size_t size)
{
    if (size > SIZE_MAX - sizeof(dxp_arena_chunk)) out_of_memory();
    dxp_arena_chunk *c = big_buffer(sizeof *c + size, true);   /* zero-filled */
    c->size = size;
    c->next = a->head;
    a->head = c;
    a->next = c->data;
    a->end = c->data + size;
    return c;
}


void *dxp_arena_alloc_in_new_chunk(dxp_arena *a, size_t size)
{
    /* Chunks grow with the arena, up to ARENA_MAX_CHUNK: small plans take
     * little, and a 50 MB plan needs a few hundred mappings. */
    dxp_arena_chunk *c = a->head;
    size_t want = c ? c->size * 2 : ARENA_MIN_CHUNK;
    if (want > ARENA_MAX_CHUNK - sizeof *c) want = ARENA_MAX_CHUNK - sizeof *c;
    if (want < size) want = size;
    c = add_chunk(a, want);
    a->next += size;
    return c->data;
}

/* The pages of the unused end of `from`'s chunk, a full-size mapping whose
 * pages were all put in when it was made: nothing will be allocated there
 * again, and they would count in the peak (the two parse halves and their
 * declarations leave one each, half a megabyte on average). */
static void release_unused_end(const dxp_arena *from)
{
    if (sizeof *from->head + from->head->size < BIG_BUFFER) return;   /* malloc'd, and small */
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t start = ((uintptr_t)from->next + page - 1) & ~(page - 1);
    uintptr_t end = (uintptr_t)from->end & ~(page - 1);
    if (start < end) madvise((void *)start, end - start, MADV_DONTNEED);
}

void dxp_arena_adopt(dxp_arena *into, dxp_arena *from)
{
    if (!from->head) return;
    /* behind into's current chunk, which keeps being filled */
    if (into->head) release_unused_end(from);
    dxp_arena_chunk *last = from->head;
    while (last->next) last = last->next;
    if (into->head) {
        last->next = into->head->next;
        into->head->next = from->head;
    } else {
        into->head = from->head;
        into->next = from->next;
        into->end = from->end;
    }
    into->total += from->total;
    dxp_arena_init(from);
}

void *dxp_growing_push(dxp_growing *g, size_t size)
{
    dxp_arena_chunk *c = g->chunk;
    if (!c || c->size - g->used < size) {
        size_t old = c ? sizeof *c + c->size : 0;
        /* Small on the heap (a plan's actuals block of a few items costs no
         * mapping: 1,800 small plans linted 17% slower with one each),
         * then, past 64 KiB, a mapping of its own whose pages are put in as
         * they are written, grown by remapping: grown through the heap to
         * the end, a national plan's actuals left a megabyte of freed blocks. */
        size_t want = c ? c->size * 2 : 4096 - sizeof *c;
        if (want > 64 * 1024 && want < BIG_BUFFER - sizeof *c) want = BIG_BUFFER - sizeof *c;
        while (want - g->used < size) want *= 2;
        c = c ? dxp_big_grow(c, old, sizeof *c + want) : big_buffer(sizeof *c + want, false);
        c->size = want;
        g->chunk = c;
    }
    void *p = c->data + g->used;   /* zero: fresh pages, or calloc'd */
    g->used += size;
    return p;
}

void *dxp_growing_keep(dxp_growing *g, dxp_arena *into)
{
    dxp_arena_chunk *c = g->chunk;
    if (!c) return NULL;
    into->total += g->used;
    if (into->head) {   /* behind the chunk being filled, like an adopted arena's */
        dxp_arena from = { c, c->data + g->used, c->data + c->size, 0 };
        release_unused_end(&from);
        c->next = into->head->next;
        into->head->next = c;
    } else {            /* the arena's first: what is left of it is filled next */
        c->next = NULL;
        into->head = c;
        into->next = c->data + ((g->used + DXP_ARENA_ALIGN - 1) & ~(size_t)(DXP_ARENA_ALIGN - 1));
        into->end = c->data + c->size;
        if (into->next > into->end) into->next = into->end;
    }
    *g = (dxp_growing){ NULL, 0 };
    return c->data;
}

void dxp_growing_free(dxp_growing *g)
{
    if (g->chunk) dxp_big_free(g->chunk, sizeof *g->chunk + g->chunk->size);
    *g = (dxp_growing){ NULL, 0 };
}

char *dxp_arena_strndup(dxp_arena *a, const char *s, size_t len)
{
    char *p = dxp_arena_alloc(a, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *dxp_arena_sprintf(dxp_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    char *p = dxp_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
