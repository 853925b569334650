/* SPDX-License-Identifier: MIT */
/* Address spaces: one page directory per process. The first 1 GiB is the
 * kernel's identity map (supervisor-only 4 MiB pages, shared by all);
 * user pages live in [USER_BASE, USER_TOP). */
#ifndef ARCH_PAGING_H
#define ARCH_PAGING_H
#include <stdint.h>
#include <stdbool.h>
#include "arch/x86/x86.h"

#define PAGE_SIZE 4096u
#define KERNEL_MAP_LIMIT 0x40000000u   /* identity-mapped physical memory */

/* Page-table entry bits, SDM vol. 3, 4.3 (tables 4-4..4-6). */
#define PTE_P   0x001
#define PTE_W   0x002
#define PTE_U   0x004
#define PTE_A   0x020
#define PTE_D   0x040           /* dirty: set by the CPU on a write through the entry */
#define PTE_PS  0x080
#define PTE_G   0x100

typedef uint32_t *pgdir_t;

/* Where page directories, page tables and user pages come from: 4 KiB
 * physical frames, reached through the identity map. The kernel's frame
 * pool fills this in at boot, before the first pgdir_create (paging keeps
 * a copy). */
struct paging_frames {
    uint32_t (*alloc)(void);            /* a frame, or 0 */
    uint32_t (*alloc_zeroed)(void);     /* one filled with zeros, or 0 */
    void (*free)(uint32_t addr);
};

void paging_set_frames(const struct paging_frames *frames);
void paging_init(void);
pgdir_t paging_kernel_dir(void);
/* A new address space with only the kernel mapped, or NULL when out of frames. */
pgdir_t pgdir_create(void);
/* Free every user page and page table, then the directory. Not the current one. */
void pgdir_destroy(pgdir_t pd);
/* Map a fresh zeroed frame at va with flags (PTE_U|PTE_W...); if va is
 * mapped already, add flags to it. 0, -E_INVAL or -E_NOMEM. */
int pgdir_map_new(pgdir_t pd, uint32_t va, uint32_t flags);
/* The entry for va (0 if unmapped). */
uint32_t pgdir_lookup(pgdir_t pd, uint32_t va);
/* True when every page of [va, va+len) is user-accessible (and writable if write). */
bool pgdir_user_range_ok(pgdir_t pd, uint32_t va, uint32_t len, bool write);
/* Switch to pd (inline: at every process switch). */
static inline void pgdir_activate(pgdir_t pd)
{
    if (read_cr3() != (uint32_t)pd)
        write_cr3((uint32_t)pd);
}
/* Copy into mapped pages of pd (not necessarily the current one). 0 or -E_FAULT. */
int pgdir_copy_in(pgdir_t pd, uint32_t va, const void *src, uint32_t len);
int pgdir_copy_out(pgdir_t pd, uint32_t va, void *dst, uint32_t len);
/* The first mapped user page at or above from (its entry in *pte), or 0. */
uint32_t pgdir_next_user_page(pgdir_t pd, uint32_t from, uint32_t *pte);
/* Count of user pages mapped. */
uint32_t pgdir_user_pages(pgdir_t pd);

/* Dirty tracking (pre-copy migration). A user page is dirty when it was
 * written since its dirty bit was last taken: by the process (the CPU sets
 * PTE_D), by the kernel through pgdir_copy_in, or because it is new
 * (pgdir_map_new). */
/* The first dirty user page at or above from (its entry in *pte), or 0. */
uint32_t pgdir_next_dirty_page(pgdir_t pd, uint32_t from, uint32_t *pte);
/* Clear va's dirty bit (and its TLB entry when pd is the current
 * directory, so the next write sets the bit again). */
void pgdir_take_dirty(pgdir_t pd, uint32_t va);
/* Count of dirty user pages. */
uint32_t pgdir_dirty_pages(pgdir_t pd);

#endif
