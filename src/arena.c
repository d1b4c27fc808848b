/* arena.c — chunked bump allocator (see arena.h). */
#include "dxp/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Nodes hold pointers, doubles and 64-bit integers, nothing wider: eight-byte
 * alignment suffices, and a 40-byte node does not take 48. */
enum { ARENA_MIN_CHUNK = 64 * 1024, ARENA_ALIGN = 8 };

struct dxp_arena_chunk {
    dxp_arena_chunk *next;
    size_t used, size;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

static void out_of_memory(void)
{
    fputs("dxp: out of memory\n", stderr);
    abort();
}

enum { HUGE_PAGE = 2 * 1024 * 1024 };

/* Huge pages need 2 MiB alignment: map a page more than asked, keep the
 * aligned part and give back the rest. */
void *dxp_big_alloc(size_t size)
{
    if (size < HUGE_PAGE) return dxp_xcalloc(1, size);
    size_t mapped = size + HUGE_PAGE;
    if (mapped < size) out_of_memory();
    char *m = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) out_of_memory();
    uintptr_t start = ((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    size_t head = start - (uintptr_t)m, length = (size + 4095) & ~(size_t)4095;
    if (head) munmap(m, head);
    if (mapped - head > length) munmap((char *)start + length, mapped - head - length);
#ifdef MADV_HUGEPAGE
    madvise((void *)start, length, MADV_HUGEPAGE);   /* advice only: failure changes nothing */
#endif
    return (void *)start;
}

void dxp_big_free(void *p, size_t size)
{
    if (!p) return;
    if (size < HUGE_PAGE) free(p);
    else munmap(p, (size + 4095) & ~(size_t)4095);
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
        dxp_big_free(c, sizeof *c + c->size);
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
        c = dxp_big_alloc(sizeof *c + want);   /* zero-filled */
        c->size = want;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;   /* zero: chunks start zeroed and are never reused */
    c->used += size;
    a->total += size;
    return p;
}

void dxp_arena_adopt(dxp_arena *into, dxp_arena *from)
{
    if (!from->head) return;
    /* behind into's current chunk, which keeps being filled */
    dxp_arena_chunk *last = from->head;
    while (last->next) last = last->next;
    if (into->head) {
        last->next = into->head->next;
        into->head->next = from->head;
    } else {
        into->head = from->head;
    }
    into->total += from->total;
    from->head = NULL;
    from->total = 0;
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
