/* SPDX-License-Identifier: MIT */
/* Physical frame allocator: one bit per 4 KiB frame, set = in use. Pure; the
 * caller supplies the bitmap and the memory map. Not locked: callers
 * serialise (the kernel is single-CPU with interrupts off in the kernel). */
#ifndef KERNEL_FRAME_H
#define KERNEL_FRAME_H
#include <stdint.h>

#define FRAME_SIZE  4096u
#define FRAME_SHIFT 12
#define FRAME_BITMAP_WORDS(nframes) (((nframes) + 31u) / 32u)

struct frame_pool {
    uint32_t *bitmap;   /* FRAME_BITMAP_WORDS(nframes) words, owned by caller */
    uint32_t nframes;   /* frames [0, nframes) are described */
    uint32_t nfree;
    uint32_t hint;      /* word index where the next search starts */
};

/* All frames start used; nothing can be allocated until frame_pool_add. */
void frame_pool_init(struct frame_pool *p, uint32_t *bitmap, uint32_t nframes);
/* Mark whole frames inside [base, base+len) free, clipped to nframes.
 * Frame 0 is never made free, so address 0 can mean "no frame". */
void frame_pool_add(struct frame_pool *p, uint64_t base, uint64_t len);
/* Mark every frame touching [base, base+len) used (kernel image, modules). */
void frame_pool_reserve(struct frame_pool *p, uint64_t base, uint64_t len);
/* Physical address of a free frame, now used; 0 if none is left. */
uint32_t frame_pool_alloc(struct frame_pool *p);
/* 0, or -1 (and no change) if addr is not frame-aligned, out of range,
 * frame 0, or already free. One bit cannot tell an allocated frame from a
 * reserved one: freeing a reserved frame is the caller's bug. */
int frame_pool_free(struct frame_pool *p, uint32_t addr);
uint32_t frame_pool_nfree(const struct frame_pool *p);

#endif
