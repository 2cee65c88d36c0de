/*
 * arena.c - the per-document bump allocator. Stages make many small
 * allocations (layer arrays that double, strings) that all die together
 * when the document is published, so memory comes from a few large chunks
 * and is freed at once. `grow` extends the most recent block in place when
 * it still sits at the end of the current chunk, which makes the doubling
 * of a layer array cheap. A byte limit bounds what one document may take.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "textpipe/tp_protocol.h"

#define ARENA_ALIGN 16u
#define ARENA_FIRST_CHUNK ((size_t)8 * 1024)
#define ARENA_MAX_CHUNK ((size_t)1024 * 1024)
/* What a reset may keep for the next document (see tp_arena_reset). */
#define ARENA_KEEP_MAX ARENA_MAX_CHUNK

/* Chunks form a list, current (head) first. Blocks are carved from data[]
 * at addresses rounded up to ARENA_ALIGN, so nothing depends on what
 * alignment malloc happens to give. */
struct tp_arena_chunk {
    tp_arena_chunk *next;
    size_t cap;  /* bytes of data[] */
    size_t used; /* bytes of data[] handed out, padding included */
    unsigned char data[];
};

static size_t align_pad(const unsigned char *p)
{
    return (size_t)(-(uintptr_t)p & (ARENA_ALIGN - 1));
}

/* The chunk allocation for `cap` bytes of data counts against the limit
 * with its header, since that is what malloc really hands out. */
static size_t chunk_cost(size_t cap)
{
    return sizeof(tp_arena_chunk) + cap;
}

static tp_arena_chunk *chunk_new(tp_arena *a, size_t cap)
{
    tp_arena_chunk *c;

    if (cap > SIZE_MAX - sizeof(tp_arena_chunk))
        return NULL;
    if (a->limit && (chunk_cost(cap) > a->limit ||
                     a->used_total > a->limit - chunk_cost(cap)))
        return NULL;
    c = malloc(chunk_cost(cap));
    if (!c)
        return NULL;
    c->next = NULL;
    c->cap = cap;
    c->used = 0;
    a->used_total += chunk_cost(cap);
    return c;
}

void tp_arena_init(tp_arena *a, size_t limit)
{
    memset(a, 0, sizeof(*a));
    a->limit = limit;
}

/* Room for `size` bytes in chunk c, alignment padding included; NULL when
 * it does not fit. */
static void *chunk_carve(tp_arena_chunk *c, size_t size)
{
    unsigned char *p = c->data + c->used;
    size_t pad = align_pad(p);

    if (pad > c->cap - c->used || size > c->cap - c->used - pad)
        return NULL;
    c->used += pad + size;
    return p + pad;
}

/*
 * The first chunk is small. Small requests open a new current chunk,
 * each twice the size of the last (up to ARENA_MAX_CHUNK), so the chunk count
 * stays logarithmic. A request too large for that gets a chunk of its own,
 * linked behind the current one so the free space of the current chunk is not
 * abandoned. When the limit refuses the preferred size, an exact-fit chunk is
 * tried.
 */
void *tp_arena_alloc(tp_arena *a, size_t size)
{
    tp_arena_chunk *c;
    size_t want, need;
    void *p;

    if (size == 0)
        size = 1; /* distinct non-NULL pointers, like malloc(1) */
    if (size > SIZE_MAX / 2)
        return NULL;
    if (!a->head)
        a->head = chunk_new(a, ARENA_FIRST_CHUNK);
    if (a->head && (p = chunk_carve(a->head, size))) {
        a->last = p;
        a->last_size = size;
        return p;
    }
    need = size + ARENA_ALIGN - 1;
    want = a->head ? a->head->cap * 2 : ARENA_FIRST_CHUNK;
    if (want > ARENA_MAX_CHUNK)
        want = ARENA_MAX_CHUNK;
    if (need > want / 2 && a->head) {
        c = chunk_new(a, need);
        if (!c)
            return NULL;
        c->next = a->head->next;
        a->head->next = c;
        /* The block ends its chunk exactly, so it cannot grow in place:
         * `last` keeps pointing at the head chunk's last block. */
        return chunk_carve(c, size);
    }
    if (want < need)
        want = need;
    c = chunk_new(a, want);
    if (!c && want > need)
        c = chunk_new(a, need);
    if (!c)
        return NULL;
    c->next = a->head;
    a->head = c;
    p = chunk_carve(c, size);
    a->last = p;
    a->last_size = size;
    return p;
}

/* Is `p` the last block of the current chunk, so its end is the chunk's
 * fill mark? */
static int is_growable(const tp_arena *a, const void *p)
{
    const tp_arena_chunk *c = a->head;

    return c && p && p == a->last &&
           (const unsigned char *)p + a->last_size == c->data + c->used;
}

void *tp_arena_grow(tp_arena *a, void *old, size_t old_size, size_t new_size)
{
    tp_arena_chunk *c = a->head;
    void *p;

    if (!old || old_size == 0)
        return tp_arena_alloc(a, new_size);
    if (is_growable(a, old) && old_size == a->last_size) {
        size_t offset = (size_t)((unsigned char *)old - c->data);

        if (new_size <= c->cap - offset) {
            c->used = offset + (new_size ? new_size : 1);
            a->last_size = new_size ? new_size : 1;
            return old;
        }
    } else if (new_size <= old_size) {
        return old; /* shrinking elsewhere: keep the block as it is */
    }
    p = tp_arena_alloc(a, new_size);
    if (!p)
        return NULL;
    memcpy(p, old, old_size < new_size ? old_size : new_size);
    return p;
}

char *tp_arena_strndup(tp_arena *a, const char *s, size_t n)
{
    char *p;

    if (n == SIZE_MAX)
        return NULL;
    p = tp_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/*
 * A worker reuses its arena for document after document, so a reset keeps
 * the largest chunk of at most ARENA_KEEP_MAX bytes (one the limit still
 * allows) and frees the rest: the next document of the usual size then
 * needs no malloc at all, and one huge document pins no more than that.
 */
void tp_arena_reset(tp_arena *a)
{
    tp_arena_chunk *c, *next, *keep = NULL;

    for (c = a->head; c; c = c->next)
        if (c->cap <= ARENA_KEEP_MAX &&
            (!a->limit || chunk_cost(c->cap) <= a->limit) &&
            (!keep || c->cap > keep->cap))
            keep = c;
    for (c = a->head; c; c = next) {
        next = c->next;
        if (c != keep) {
            a->used_total -= chunk_cost(c->cap);
            free(c);
        }
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
    a->last = NULL;
    a->last_size = 0;
}

void tp_arena_free(tp_arena *a)
{
    tp_arena_chunk *c = a->head, *next;

    while (c) {
        next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->used_total = 0;
    a->last = NULL;
    a->last_size = 0;
}
