// SPDX-License-Identifier: MIT
/* Two-level 32-bit paging (SDM vol. 3, 4.3) with PSE 4 MiB pages for the
 * kernel identity map. Page tables and user pages come from the frame pool
 * and are reached through the identity map. */
#include "arch/x86/paging.h"
#include "arch/x86/x86.h"
#include "demos/string.h"
#include "demos/syscall.h"

#define CR0_PG 0x80000000u
#define CR0_WP 0x00010000u
#define CR4_PSE 0x10u
#define CR4_PGE 0x80u
#define PDE_INDEX(va) ((va) >> 22)
#define PTE_INDEX(va) (((va) >> 12) & 0x3FF)
#define PTE_ADDR(e) ((e) & ~0xFFFu)
#define KERNEL_PDES (KERNEL_MAP_LIMIT >> 22)
#define USER_PDE_END 768        /* PDEs from here (0xC0000000 up) are the kernel's: device memory */
#define LARGE_PAGE (1u << 22)

static uint32_t kernel_dir[1024] __attribute__((aligned(4096)));
static struct paging_frames frames;

void paging_set_frames(const struct paging_frames *f)
{
    frames = *f;
}

void paging_init(void)
{
    for (uint32_t i = 0; i < KERNEL_PDES; i++)
        kernel_dir[i] = (i * LARGE_PAGE) | PTE_P | PTE_W | PTE_PS | PTE_G;
    uint32_t cr4, cr0;
    asm volatile("mov %%cr4, %0" : "=r"(cr4));
    asm volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_PSE | CR4_PGE));
    write_cr3((uint32_t)kernel_dir);
    asm volatile("mov %%cr0, %0" : "=r"(cr0));
    /* WP: the kernel, too, faults on writes to read-only user pages. */
    asm volatile("mov %0, %%cr0" : : "r"(cr0 | CR0_PG | CR0_WP));
}

pgdir_t paging_kernel_dir(void)
{
    return kernel_dir;
}

pgdir_t pgdir_create(void)
{
    pgdir_t pd = (pgdir_t)frames.alloc();
    if (!pd)
        return 0;
    memset(pd, 0, PAGE_SIZE);
    memcpy(pd, kernel_dir, KERNEL_PDES * sizeof(uint32_t));
    memcpy(pd + USER_PDE_END, kernel_dir + USER_PDE_END, (1024 - USER_PDE_END) * sizeof(uint32_t));
    return pd;
}

void pgdir_destroy(pgdir_t pd)
{
    for (uint32_t i = KERNEL_PDES; i < USER_PDE_END; i++) {
        if (!(pd[i] & PTE_P))
            continue;
        uint32_t *pt = (uint32_t *)PTE_ADDR(pd[i]);
        for (int j = 0; j < 1024; j++)
            if (pt[j] & PTE_P)
                frames.free(PTE_ADDR(pt[j]));
        frames.free((uint32_t)pt);
    }
    frames.free((uint32_t)pd);
}

static uint32_t *pte_for(pgdir_t pd, uint32_t va, bool create)
{
    uint32_t *pde = &pd[PDE_INDEX(va)];
    if (!(*pde & PTE_P)) {
        if (!create)
            return 0;
        uint32_t pt = frames.alloc();
        if (!pt)
            return 0;
        memset((void *)pt, 0, PAGE_SIZE);
        *pde = pt | PTE_P | PTE_W | PTE_U;
    }
    return &((uint32_t *)PTE_ADDR(*pde))[PTE_INDEX(va)];
}

int pgdir_map_new(pgdir_t pd, uint32_t va, uint32_t flags)
{
    if (va < KERNEL_MAP_LIMIT || va >= USER_TOP)
        return -E_INVAL;
    uint32_t *pte = pte_for(pd, va, true);
    if (!pte)
        return -E_NOMEM;
    if (*pte & PTE_P) {
        *pte |= flags;      /* a page shared by two segments gets both rights */
        invlpg(va);
        return 0;
    }
    uint32_t f = frames.alloc_zeroed();
    if (!f)
        return -E_NOMEM;
    *pte = f | PTE_P | PTE_D | flags;   /* new: dirty until taken */
    return 0;
}

uint32_t pgdir_lookup(pgdir_t pd, uint32_t va)
{
    if (va < KERNEL_MAP_LIMIT)
        return 0;
    uint32_t *pte = pte_for(pd, va, false);
    return pte ? *pte : 0;
}

bool pgdir_user_range_ok(pgdir_t pd, uint32_t va, uint32_t len, bool write)
{
    if (len == 0)
        return true;
    if (va < USER_BASE || va >= USER_TOP || len > USER_TOP - va)
        return false;
    /* On the message path: one directory and one table entry a page, read
     * directly (user page tables always carry P|W|U at the directory). */
    uint32_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
    uint32_t last = (va + len - 1) & ~(PAGE_SIZE - 1);
    for (uint32_t p = va & ~(PAGE_SIZE - 1);; p += PAGE_SIZE) {
        uint32_t pde = pd[PDE_INDEX(p)];
        if (!(pde & PTE_P))
            return false;
        uint32_t pte = ((uint32_t *)PTE_ADDR(pde))[PTE_INDEX(p)];
        if ((pte & need) != need)
            return false;
        if (p == last)
            return true;
    }
}


/* User pages whose entries have every bit of need. */
static uint32_t count_pages(pgdir_t pd, uint32_t need)
{
    uint32_t n = 0;
    for (uint32_t i = KERNEL_PDES; i < USER_PDE_END; i++) {
        if (!(pd[i] & PTE_P))
            continue;
        uint32_t *pt = (uint32_t *)PTE_ADDR(pd[i]);
        for (int j = 0; j < 1024; j++)
            n += (pt[j] & need) == need ? 1 : 0;
    }
    return n;
}

uint32_t pgdir_user_pages(pgdir_t pd)
{
    return count_pages(pd, PTE_P);
}

uint32_t pgdir_dirty_pages(pgdir_t pd)
{
    return count_pages(pd, PTE_P | PTE_D);
}

/* Copy between kernel memory and pd's pages through the identity map. */
static int copy_pages(pgdir_t pd, uint32_t va, uint8_t *kbuf, uint32_t len, bool into)
{
    while (len) {
        uint32_t *pte = va >= KERNEL_MAP_LIMIT ? pte_for(pd, va, false) : 0;
        if (!pte || !(*pte & PTE_P))
            return -E_FAULT;
        uint32_t off = va & (PAGE_SIZE - 1);
        uint32_t n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
        uint8_t *page = (uint8_t *)PTE_ADDR(*pte) + off;
        if (into) {
            /* Through the identity map, not pd's entry: the CPU does not
             * mark the page, so mark it here (dirty tracking). */
            *pte |= PTE_D;
            memcpy(page, kbuf, n);
        } else {
            memcpy(kbuf, page, n);
        }
        kbuf += n, va += n, len -= n;
    }
    return 0;
}

int pgdir_copy_in(pgdir_t pd, uint32_t va, const void *src, uint32_t len)
{
    return copy_pages(pd, va, (uint8_t *)src, len, true);
}

int pgdir_copy_out(pgdir_t pd, uint32_t va, void *dst, uint32_t len)
{
    return copy_pages(pd, va, dst, len, false);
}

/* The first user page at or above from whose entry has every bit of need. */
static uint32_t next_page(pgdir_t pd, uint32_t from, uint32_t need, uint32_t *pte_out)
{
    for (uint32_t va = from & ~(PAGE_SIZE - 1); va >= USER_BASE && va < USER_TOP;) {
        uint32_t pde = pd[PDE_INDEX(va)];
        if (!(pde & PTE_P)) {
            va = (va & ~(LARGE_PAGE - 1)) + LARGE_PAGE;     /* skip the empty table */
            continue;
        }
        uint32_t pte = ((uint32_t *)PTE_ADDR(pde))[PTE_INDEX(va)];
        if ((pte & need) == need) {
            *pte_out = pte;
            return va;
        }
        va += PAGE_SIZE;
    }
    return 0;
}

uint32_t pgdir_next_user_page(pgdir_t pd, uint32_t from, uint32_t *pte)
{
    return next_page(pd, from, PTE_P, pte);
}

uint32_t pgdir_next_dirty_page(pgdir_t pd, uint32_t from, uint32_t *pte)
{
    return next_page(pd, from, PTE_P | PTE_D, pte);
}

void pgdir_take_dirty(pgdir_t pd, uint32_t va)
{
    uint32_t *pte = pte_for(pd, va, false);
    if (!pte || !(*pte & PTE_D))
        return;
    *pte &= ~(uint32_t)PTE_D;
    /* A TLB entry that cached D set lets writes go unmarked. Only the
     * current directory's entries can be cached (user pages are not
     * global; every CR3 load drops the rest). */
    if (read_cr3() == (uint32_t)pd)
        invlpg(va);
}
