/* SPDX-License-Identifier: MIT */
/* The node's memory: physical frames (from the Multiboot memory map) and the
 * kernel heap for kernel objects. The pure allocators are kernel/core/frame.c
 * and kernel/core/kheap.c; this file owns the single instance of each. */
#ifndef KERNEL_MEM_H
#define KERNEL_MEM_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

struct mb_info;
struct boot_module { uint32_t start, end; };

/* Build the frame pool from the memory map, keeping out the first MiB, the
 * kernel image and the boot modules. */
void mem_init(const struct mb_info *mbi, const struct boot_module *mods, int nmods);
uint32_t frame_alloc(void);          /* a physical frame, or 0 */
uint32_t frame_alloc_zeroed(void);   /* one filled with zeros, or 0 */
/* The idle loop's work: zero a few free frames ahead. true: it did some. */
bool mem_zero_some(void);
void frame_free(uint32_t addr);
uint32_t frames_free(void);
uint32_t frames_total(void);
void *kmalloc(size_t size);          /* NULL when out of memory */
void kfree(void *p);
size_t kheap_in_use(void);
/* Pages the node's processes may hold together, set by memsched
 * (KOP_SET_BUDGET; 0: no limit): arrivals are admitted against it. */
extern uint32_t mem_budget_pages;

#endif
