/* SPDX-License-Identifier: MIT */
/* Kernel object heap over one contiguous region: first fit, split and
 * coalesce. Pure; not locked, callers serialise. */
#ifndef KERNEL_KHEAP_H
#define KERNEL_KHEAP_H
#include <stddef.h>

#define KHEAP_ALIGN 16u

struct kheap_block;

struct kheap {
    char *base;                     /* first block, KHEAP_ALIGN aligned */
    size_t len;                     /* bytes of blocks from base */
    struct kheap_block *free_list;  /* free blocks in address order */
    size_t used;                    /* bytes in allocated blocks, headers too */
    size_t bad_frees;               /* kheap_free calls refused */
};

/* Manage [base, base+len); the ends are trimmed to KHEAP_ALIGN. A region
 * too small for one block gives a heap that always fails. */
void kheap_init(struct kheap *h, void *base, size_t len);
/* KHEAP_ALIGN-aligned memory of at least size bytes, or NULL when out of
 * memory or size is 0. Contents are not cleared. */
void *kheap_alloc(struct kheap *h, size_t size);
/* Release p; NULL is ignored. A pointer kheap_alloc did not return, or one
 * already freed, is refused without touching the heap and counted in
 * h->bad_frees. Cost: the free list below p, plus the allocated
 * blocks between p and the nearest free block below it. */
void kheap_free(struct kheap *h, void *p);
/* Bytes in allocated / free blocks, headers included:
 * kheap_used(h) + kheap_free_bytes(h) == h->len at all times. */
size_t kheap_used(const struct kheap *h);
size_t kheap_free_bytes(const struct kheap *h);

#endif
