// SPDX-License-Identifier: MIT
/* Bitmap frame allocator. Allocation scans whole words from a hint and skips
 * full ones, so the common case touches one or two words. */
#include "kernel/core/frame.h"
#include "kernel/core/string.h"
#include <stdbool.h>

#define FRAME_WORD_BITS 32u
#define FRAME_WORD_FULL 0xffffffffu

static bool frame_is_used(const struct frame_pool *p, uint32_t f)
{
    return p->bitmap[f / FRAME_WORD_BITS] & (1u << (f % FRAME_WORD_BITS));
}

static void frame_set_used(struct frame_pool *p, uint32_t f)
{
    p->bitmap[f / FRAME_WORD_BITS] |= 1u << (f % FRAME_WORD_BITS);
}

static void frame_set_free(struct frame_pool *p, uint32_t f)
{
    p->bitmap[f / FRAME_WORD_BITS] &= ~(1u << (f % FRAME_WORD_BITS));
}

void frame_pool_init(struct frame_pool *p, uint32_t *bitmap, uint32_t nframes)
{
    p->bitmap = bitmap;
    p->nframes = nframes;
    p->nfree = 0;
    p->hint = 0;
    /* Bits past nframes in the last word stay set forever, so the
     * allocator's word scan never hands them out. */
    memset(bitmap, 0xff, FRAME_BITMAP_WORDS(nframes) * sizeof(uint32_t));
}

/* Clip a frame number computed in 64 bits to [0, nframes]. */
static uint32_t frame_clip(const struct frame_pool *p, uint64_t f)
{
    return f > p->nframes ? p->nframes : (uint32_t)f;
}

/* base + len saturated, so a range reaching past 2^64 cannot wrap. */
static uint64_t frame_range_end(uint64_t base, uint64_t len)
{
    return len > UINT64_MAX - base ? UINT64_MAX : base + len;
}

void frame_pool_add(struct frame_pool *p, uint64_t base, uint64_t len)
{
    uint64_t end = frame_range_end(base, len);
    /* Only frames wholly inside the range: round base up, end down. */
    uint64_t first = base / FRAME_SIZE + (base % FRAME_SIZE != 0);
    uint32_t lo = frame_clip(p, first);
    uint32_t hi = frame_clip(p, end / FRAME_SIZE);

    if (lo == 0)
        lo = 1;
    for (uint32_t f = lo; f < hi; f++) {
        if (frame_is_used(p, f)) {
            frame_set_free(p, f);
            p->nfree++;
        }
    }
    if (lo < hi && lo / FRAME_WORD_BITS < p->hint)
        p->hint = lo / FRAME_WORD_BITS;
}

void frame_pool_reserve(struct frame_pool *p, uint64_t base, uint64_t len)
{
    if (len == 0)
        return;
    uint64_t end = frame_range_end(base, len);
    /* Every frame touched: round base down, end up. */
    uint32_t lo = frame_clip(p, base / FRAME_SIZE);
    uint32_t hi = frame_clip(p, end / FRAME_SIZE + (end % FRAME_SIZE != 0));

    for (uint32_t f = lo; f < hi; f++) {
        if (!frame_is_used(p, f)) {
            frame_set_used(p, f);
            p->nfree--;
        }
    }
}

uint32_t frame_pool_alloc(struct frame_pool *p)
{
    uint32_t nwords = FRAME_BITMAP_WORDS(p->nframes);

    if (p->nfree == 0)
        return 0;
    for (uint32_t i = 0; i < nwords; i++) {
        uint32_t w = (p->hint + i) % nwords;
        uint32_t bits = p->bitmap[w];
        if (bits == FRAME_WORD_FULL)
            continue;
        uint32_t f = w * FRAME_WORD_BITS + (uint32_t)__builtin_ctz(~bits);
        frame_set_used(p, f);
        p->nfree--;
        p->hint = w;
        return f << FRAME_SHIFT;
    }
    return 0;   /* unreachable while nfree is consistent with the bitmap */
}

int frame_pool_free(struct frame_pool *p, uint32_t addr)
{
    uint32_t f = addr >> FRAME_SHIFT;

    if (addr % FRAME_SIZE != 0 || f == 0 || f >= p->nframes ||
        !frame_is_used(p, f))
        return -1;
    frame_set_free(p, f);
    p->nfree++;
    if (f / FRAME_WORD_BITS < p->hint)
        p->hint = f / FRAME_WORD_BITS;
    return 0;
}

uint32_t frame_pool_nfree(const struct frame_pool *p)
{
    return p->nfree;
}
