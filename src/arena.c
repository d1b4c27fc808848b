/* arena.c — chunked bump allocator (see arena.h). */
#include "dxp/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum { ARENA_MIN_CHUNK = 64 * 1024, ARENA_ALIGN = 16 };

struct dxp_arena_chunk {
    dxp_arena_chunk *next;
    size_t used, size;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

/* Memory for a chunk. Large chunks are aligned to and advised as huge pages
 * where Linux offers them (transparent huge pages in "madvise" mode): a
 * 100,000-KPI plan otherwise takes 80,000 page faults, a quarter of its
 * check time (bench/RESULTS.md). */
static void *chunk_memory(size_t size)
{
#ifdef MADV_HUGEPAGE
    enum { HUGE_PAGE = 2 * 1024 * 1024 };
    void *m;
    if (size >= HUGE_PAGE && posix_memalign(&m, HUGE_PAGE, size) == 0) {
        madvise(m, size, MADV_HUGEPAGE);   /* only advice: failure changes nothing */
        return m;
    }
#endif
    return dxp_xmalloc(size);
}

static void out_of_memory(void)
{
    fputs("dxp: out of memory\n", stderr);
    abort();
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
    a->total = 0;
}

void dxp_arena_free(dxp_arena *a)
{
    dxp_arena_chunk *c = a->head;
    while (c) {
        dxp_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}

void *dxp_arena_alloc(dxp_arena *a, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    dxp_arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        /* Chunks grow with the arena so a 50 MB plan needs few mallocs. */
        size_t want = c ? c->size * 2 : ARENA_MIN_CHUNK;
        if (want > 8u * 1024 * 1024) want = 8u * 1024 * 1024;
        if (want < size) want = size;
        if (want > SIZE_MAX - sizeof *c) out_of_memory();
        c = chunk_memory(sizeof *c + want);
        c->size = want;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
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
