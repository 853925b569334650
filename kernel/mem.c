// SPDX-License-Identifier: MIT
/* The node's frame pool and kernel heap. Frames are handed out from memory
 * the loader's map calls available, below the 1 GiB the kernel maps. */
#include "kernel/mem.h"
#include "kernel/frame.h"
#include "kernel/kheap.h"
#include "kernel/multiboot.h"
#include "kernel/printk.h"
#include "arch/x86/paging.h"

#define LOW_MEMORY 0x100000u
#define KHEAP_SIZE (8u << 20)
#define MAX_FRAMES (KERNEL_MAP_LIMIT / FRAME_SIZE)

extern char __kernel_start[], __kernel_end[];
static uint32_t frame_bitmap[MAX_FRAMES / 32];
static struct frame_pool pool;
static uint32_t total;
static uint8_t heap_area[KHEAP_SIZE] __attribute__((aligned(4096)));
static struct kheap heap;

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
    return frame_pool_alloc(&pool);
}

void frame_free(uint32_t addr)
{
    if (frame_pool_free(&pool, addr) != 0)
        panic("frame_free: bad frame %p", (void *)addr);
}

uint32_t frames_free(void)
{
    return frame_pool_nfree(&pool);
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
