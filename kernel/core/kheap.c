// SPDX-License-Identifier: MIT
/* First-fit kernel heap. Blocks tile the region with no gaps; free blocks
 * are also on an address-ordered list, so freeing finds both neighbours and
 * can prove a pointer is a real block start before changing anything. */
#include "kernel/core/kheap.h"
#include <stdint.h>
#include <stdbool.h>

#define KHEAP_MAGIC_USED 0x6b686561u    /* "khea" */
#define KHEAP_MAGIC_FREE 0x66726565u    /* "free" */

/* Header before every block's payload. Its size is a multiple of
 * KHEAP_ALIGN, so payloads stay aligned on 32- and 64-bit builds. */
struct kheap_block {
    size_t size;                /* whole block, header included */
    uint32_t magic;
    struct kheap_block *next;   /* next free block; meaningful only if free */
} __attribute__((aligned(KHEAP_ALIGN)));

#define KHEAP_HDR       sizeof(struct kheap_block)
#define KHEAP_MIN_BLOCK (KHEAP_HDR + KHEAP_ALIGN)

static uintptr_t kheap_align_up(uintptr_t x)
{
    return (x + KHEAP_ALIGN - 1) & ~(uintptr_t)(KHEAP_ALIGN - 1);
}

static char *kheap_end(const struct kheap *h)
{
    return h->base + h->len;
}

void kheap_init(struct kheap *h, void *base, size_t len)
{
    uintptr_t lo = kheap_align_up((uintptr_t)base);
    uintptr_t hi = ((uintptr_t)base + len) & ~(uintptr_t)(KHEAP_ALIGN - 1);

    h->base = (char *)lo;
    h->len = 0;
    h->free_list = NULL;
    h->used = 0;
    h->bad_frees = 0;
    if (len < KHEAP_ALIGN || hi <= lo || hi - lo < KHEAP_MIN_BLOCK)
        return;
    h->len = hi - lo;
    h->free_list = (struct kheap_block *)h->base;
    h->free_list->size = h->len;
    h->free_list->magic = KHEAP_MAGIC_FREE;
    h->free_list->next = NULL;
}

void *kheap_alloc(struct kheap *h, size_t size)
{
    if (size == 0 || size > h->len)
        return NULL;
    size_t need = kheap_align_up(size) + KHEAP_HDR;

    for (struct kheap_block **link = &h->free_list; *link;
         link = &(*link)->next) {
        struct kheap_block *b = *link;
        if (b->size < need)
            continue;
        if (b->size - need >= KHEAP_MIN_BLOCK) {
            struct kheap_block *rest = (void *)((char *)b + need);
            rest->size = b->size - need;
            rest->magic = KHEAP_MAGIC_FREE;
            rest->next = b->next;
            *link = rest;
            b->size = need;
        } else {
            *link = b->next;
        }
        b->magic = KHEAP_MAGIC_USED;
        b->next = NULL;
        h->used += b->size;
        return (char *)b + KHEAP_HDR;
    }
    return NULL;
}

/* A header is plausible if its size is aligned, at least one minimal block,
 * and does not run past limit. */
static bool kheap_size_ok(const struct kheap_block *b, const char *limit)
{
    return b->size >= KHEAP_MIN_BLOCK && b->size % KHEAP_ALIGN == 0 &&
           b->size <= (size_t)(limit - (const char *)b);
}

/* True if b is exactly the start of an allocated block: walk the allocated
 * blocks that tile the gap between free block prev (or the heap start) and
 * free block next (or the heap end). */
static bool kheap_is_used_block(const struct kheap *h,
                                const struct kheap_block *prev,
                                const struct kheap_block *next,
                                const struct kheap_block *b)
{
    const char *w = prev ? (const char *)prev + prev->size : h->base;
    const char *limit = next ? (const char *)next : kheap_end(h);

    while (w < (const char *)b) {
        const struct kheap_block *x = (const void *)w;
        if (x->magic != KHEAP_MAGIC_USED || !kheap_size_ok(x, limit))
            return false;
        w += x->size;
    }
    return w == (const char *)b && b->magic == KHEAP_MAGIC_USED &&
           kheap_size_ok(b, limit);
}

void kheap_free(struct kheap *h, void *p)
{
    if (p == NULL)
        return;
    uintptr_t a = (uintptr_t)p, lo = (uintptr_t)h->base;
    if (a < lo + KHEAP_HDR || a >= lo + h->len ||
        (a - lo) % KHEAP_ALIGN != 0) {
        h->bad_frees++;
        return;
    }
    struct kheap_block *b = (void *)((char *)p - KHEAP_HDR);
    /* Fast path for double frees; the walk below is the real proof (a header
     * merged into a neighbour keeps its stale FREE magic, never USED). */
    if (b->magic != KHEAP_MAGIC_USED) {
        h->bad_frees++;
        return;
    }
    struct kheap_block *prev = NULL, *next = h->free_list;
    while (next && next < b) {
        prev = next;
        next = next->next;
    }
    if (!kheap_is_used_block(h, prev, next, b)) {
        h->bad_frees++;
        return;
    }

    h->used -= b->size;
    b->magic = KHEAP_MAGIC_FREE;
    b->next = next;
    if (prev)
        prev->next = b;
    else
        h->free_list = b;
    if (next && (char *)b + b->size == (char *)next) {
        b->size += next->size;
        b->next = next->next;
    }
    if (prev && (char *)prev + prev->size == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    }
}

size_t kheap_used(const struct kheap *h)
{
    return h->used;
}

size_t kheap_free_bytes(const struct kheap *h)
{
    return h->len - h->used;
}
