/* arena.h — bump allocator that owns every AST node and interned string.
 *
 * Everything a parse produces lives in one arena and is released with a single
 * dxp_arena_free(): no per-node free, no shared ownership. */
#ifndef DXP_ARENA_H
#define DXP_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct dxp_arena_chunk dxp_arena_chunk;

typedef struct dxp_arena {
    dxp_arena_chunk *head;  /* chunk being filled; older chunks follow it */
    unsigned char *next, *end;   /* the part of head not handed out yet */
    size_t total;           /* bytes handed out, for memory statistics */
} dxp_arena;

/* Nodes hold pointers, doubles and 64-bit integers, nothing wider: eight-byte
 * alignment suffices, and a 40-byte node does not take 48. */
#define DXP_ARENA_ALIGN 8

void  dxp_arena_init(dxp_arena *a);
void  dxp_arena_free(dxp_arena *a);
/* dxp_arena_alloc when head has no room: size bytes (rounded) at the start
 * of a new chunk. */
void *dxp_arena_alloc_in_new_chunk(dxp_arena *a, size_t size);

/* Zero-filled, aligned to 8 bytes (any node: pointers, doubles, 64-bit
 * integers). Aborts on out-of-memory. Inline, as a parse allocates a dozen
 * nodes a KPI: the size is a constant almost everywhere, and what is left
 * is a comparison and an addition. */
static inline void *dxp_arena_alloc(dxp_arena *a, size_t size)
{
    /* at least one unit, so that every call returns a pointer of its own */
    size = ((size ? size : 1) + DXP_ARENA_ALIGN - 1) & ~(size_t)(DXP_ARENA_ALIGN - 1);
    a->total += size;
    if ((uintptr_t)a->end - (uintptr_t)a->next < size) return dxp_arena_alloc_in_new_chunk(a, size);
    void *p = a->next;   /* zero: chunks start zeroed and are never reused */
    a->next += size;
    return p;
}
/* Grows p, the arena's last allocation, `size` bytes long (a multiple of
 * DXP_ARENA_ALIGN), by `more` zeroed bytes in place; false when p is not the
 * last or its chunk has no room for them. */
static inline bool dxp_arena_extend(dxp_arena *a, void *p, size_t size, size_t more)
{
    more = (more + DXP_ARENA_ALIGN - 1) & ~(size_t)(DXP_ARENA_ALIGN - 1);
    if ((unsigned char *)p + size != a->next || (size_t)(a->end - a->next) < more) return false;
    a->next += more;
    a->total += more;
    return true;
}
char *dxp_arena_strndup(dxp_arena *a, const char *s, size_t len);
/* Moves every chunk of `from` into `into` (freed with it); `from` is left
 * empty. What `from` had not handed out is not used again; its pages go
 * back to the kernel. */
void  dxp_arena_adopt(dxp_arena *into, dxp_arena *from);
char *dxp_arena_sprintf(dxp_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* An array that grows one element at a time and then becomes an arena's,
 * without a copy: an actuals block of a national plan is 200,000 items read
 * one by one, whose count is only known at the end. It starts small on the
 * heap and, past 64 KiB, becomes a mapping of its own (its pages put in as
 * they are written) grown by remapping, not copying; dxp_growing_keep hands
 * its memory to the arena. Zero it to start. */
typedef struct dxp_growing {
    dxp_arena_chunk *chunk;     /* NULL until the first element */
    size_t used;                /* bytes of elements */
} dxp_growing;

/* Room for one more element of `size` bytes at the end, zeroed. */
void *dxp_growing_push(dxp_growing *g, size_t size);
/* The elements, now owned by `into` (NULL when there are none); g is empty again. */
void *dxp_growing_keep(dxp_growing *g, dxp_arena *into);
/* Drops the elements (a block left unfinished by a syntax error). */
void  dxp_growing_free(dxp_growing *g);

/* Zero-filled memory for large buffers (arena chunks, source files, hash
 * tables): from 1 MiB on it is mapped on its own with all its pages in place,
 * put in by one system call rather than by an exception for every 4 KiB.
 * Free it with dxp_big_free and the same size. Aborts on out-of-memory. */
void *dxp_big_alloc(size_t size);
void  dxp_big_free(void *p, size_t size);
/* A buffer from the two above made new_size bytes long, its bytes kept and
 * the rest zero; it may move. Past 1 MiB the pages are remapped, not copied,
 * and the new ones put in when written: a stream read to its limit holds
 * what it read, not also a copy. */
void *dxp_big_grow(void *p, size_t old_size, size_t new_size);
/* The same without putting the pages in: each is put in when first written,
 * by the thread that writes it (a file read in two halves at once). */
void *dxp_big_alloc_lazy(size_t size);

/* Allocation helpers for the rest of the program (abort on out-of-memory). */
void *dxp_xmalloc(size_t size);
void *dxp_xcalloc(size_t n, size_t size);
void *dxp_xrealloc(void *p, size_t size);
char *dxp_xstrdup(const char *s);
/* printf into a new malloc'd string. */
char *dxp_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *dxp_xvasprintf(const char *fmt, va_list ap);

/* Appends item to a malloc'd array arr of n elements that grows by doubling:
 * its capacity is the next power of two at or above n, so it is reallocated
 * only when n is a power of two (amortised O(1), no capacity field needed). */
#define DXP_PUSH(arr, n, item) do {                                            \
        if ((n) == 0 || ((n) & ((n) - 1)) == 0)                                \
            (arr) = dxp_xrealloc((arr), ((n) ? (n) * 2 : 1) * sizeof *(arr));  \
        (arr)[(n)++] = (item);                                                 \
    } while (0)

/* DXP_PUSH for an array in an arena: what the array outgrows stays in the
 * arena until it is freed with it. For the small arrays of a national plan's
 * every KPI (its notes, its parts), which a malloc each would cost a free
 * each, and a walk over every KPI to make them. */
#define DXP_ARENA_PUSH(arena, arr, n, item) do {                                       \
        if ((n) == 0 || ((n) & ((n) - 1)) == 0) {                                      \
            void *grown_ = dxp_arena_alloc((arena), ((n) ? (n) * 2 : 1) * sizeof *(arr)); \
            if (n) memcpy(grown_, (arr), (n) * sizeof *(arr));                          \
            (arr) = grown_;                                                            \
        }                                                                              \
        (arr)[(n)++] = (item);                                                         \
    } while (0)

#endif
