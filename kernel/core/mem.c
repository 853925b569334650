// SPDX-License-Identifier: MIT
/* The node's frame pool and kernel heap. Frames are handed out from memory
 * the loader's map calls available, below the 1 GiB the kernel maps. The
 * idle loop keeps a stock of zeroed frames, so that mapping fresh pages (a
 * process arriving with megabytes of them) does not wait for the zeroing. */
#include "kernel/core/mem.h"
#include "kernel/core/frame.h"
#include "kernel/core/kheap.h"
#include "kernel/core/multiboot.h"
#include "kernel/core/printk.h"
#include "arch/x86/paging.h"
#include "arch/x86/x86.h"
#include "kernel/core/string.h"

#define LOW_MEMORY 0x100000u
#define KHEAP_SIZE (8u << 20)
#define MAX_FRAMES (KERNEL_MAP_LIMIT / FRAME_SIZE)

extern char __kernel_start[], __kernel_end[];
static uint32_t frame_bitmap[MAX_FRAMES / 32];
static struct frame_pool pool;
static uint32_t total;
uint32_t mem_budget_pages;
static uint8_t heap_area[KHEAP_SIZE] __attribute__((aligned(4096)));
static struct kheap heap;
#define ZEROED_MAX 1024                 /* 4 MiB: a whole arriving process */
#define ZEROED_KEEP_FREE 256            /* never stock the last free frames */
#define ZERO_BATCH 8                    /* frames zeroed per idle turn */
static uint32_t zeroed[ZEROED_MAX];     /* used in the pool, free to everyone else */
static unsigned nzeroed;

void mem_init(const struct mb_info *mbi, const struct boot_module *mods, int nmods)
{
    frame_pool_init(&pool, frame_bitmap, MAX_FRAMES);
    if (mbi->flags & MB_INFO_MMAP) {
        uint32_t at = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;
        while (at < end) {
            const struct mb_mmap_entry *e = (const void *)at;
            if (e->type == MB_MMAP_AVAILABLE)
                frame_pool_add(&pool, e->base, e->len);
            at += e->size + sizeof(e->size);
        }
    } else {
        frame_pool_add(&pool, LOW_MEMORY, (uint64_t)mbi->mem_upper * 1024);
    }
    frame_pool_reserve(&pool, 0, LOW_MEMORY);
    frame_pool_reserve(&pool, (uint32_t)__kernel_start,
                       (uint32_t)__kernel_end - (uint32_t)__kernel_start);
    for (int i = 0; i < nmods; i++)
        frame_pool_reserve(&pool, mods[i].start, mods[i].end - mods[i].start);
    total = frame_pool_nfree(&pool);
    kheap_init(&heap, heap_area, sizeof(heap_area));
}

uint32_t frame_alloc(void)
{
    uint32_t f = frame_pool_alloc(&pool);
    return f || !nzeroed ? f : zeroed[--nzeroed];
}

uint32_t frame_alloc_zeroed(void)
{
    if (nzeroed)
        return zeroed[--nzeroed];
    uint32_t f = frame_pool_alloc(&pool);
    if (f)
        memset((void *)f, 0, FRAME_SIZE);
    return f;
}

/* Called with interrupts off; zeroes with them on (an interrupt handler may
 * take frames meanwhile: the one being zeroed is not in either list). */
bool mem_zero_some(void)
{
    int done = 0;
    while (done < ZERO_BATCH && nzeroed < ZEROED_MAX &&
           frame_pool_nfree(&pool) > ZEROED_KEEP_FREE) {
        uint32_t f = frame_pool_alloc(&pool);
        sti();
        memset((void *)f, 0, FRAME_SIZE);
        cli();
        if (nzeroed < ZEROED_MAX)
            zeroed[nzeroed++] = f;
        else
            frame_pool_free(&pool, f);
        done++;
    }
    return done > 0;
}

void frame_free(uint32_t addr)
{
    if (frame_pool_free(&pool, addr) != 0)
        panic("frame_free: bad frame %p", (void *)addr);
}

uint32_t frames_free(void)
{
    return frame_pool_nfree(&pool) + nzeroed;
}

uint32_t frames_total(void)
{
    return total;
}

void *kmalloc(size_t size)
{
    return kheap_alloc(&heap, size);
}

void kfree(void *p)
{
    kheap_free(&heap, p);
}

size_t kheap_in_use(void)
{
    return kheap_used(&heap);
}
