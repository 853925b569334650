// SPDX-License-Identifier: MIT
/* In-kernel tests of the node's frame pool and heap as booted. */
#include "kernel/ktest.h"
#include "kernel/core/mem.h"
#include "arch/x86/paging.h"

#define NFRAMES 64

KTEST(frames_are_distinct_aligned_and_returned)
{
    uint32_t got[NFRAMES], before = frames_free();
    for (int i = 0; i < NFRAMES; i++) {
        got[i] = frame_alloc();
        KEXPECT(got[i] != 0);
        KEXPECT_EQ(0, got[i] & (PAGE_SIZE - 1));
        KEXPECT(got[i] >= 0x100000);
        KEXPECT(got[i] < KERNEL_MAP_LIMIT);
        for (int j = 0; j < i; j++)
            KEXPECT(got[j] != got[i]);
    }
    KEXPECT_EQ(before - NFRAMES, frames_free());
    for (int i = 0; i < NFRAMES; i++)
        frame_free(got[i]);
    KEXPECT_EQ(before, frames_free());
}

KTEST(frames_never_overlap_the_kernel_image)
{
    extern char __kernel_start[], __kernel_end[];
    uint32_t f = frame_alloc();
    KEXPECT(f + PAGE_SIZE <= (uint32_t)__kernel_start || f >= (uint32_t)__kernel_end);
    frame_free(f);
}

KTEST(kmalloc_gives_usable_aligned_memory_and_takes_it_back)
{
    size_t before = kheap_in_use();
    char *a = kmalloc(100), *b = kmalloc(5000);
    KEXPECT(a && b);
    KEXPECT_EQ(0, (uint32_t)a & 15);
    KEXPECT(b >= a + 100 || b + 5000 <= a);
    for (int i = 0; i < 100; i++)
        a[i] = (char)i;
    for (int i = 0; i < 5000; i++)
        b[i] = 0x5a;
    KEXPECT_EQ(99, a[99]);
    kfree(a);
    kfree(b);
    KEXPECT_EQ(before, kheap_in_use());
}
