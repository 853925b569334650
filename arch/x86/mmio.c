// SPDX-License-Identifier: MIT
/* Mapping device memory: uncached 4 MiB pages above 3 GiB, the part of the
 * address space user programs never use, shared by every page directory.
 * Devices there map at virtual == physical; lower ones (UEFI firmware puts
 * BARs at 2 GiB) at free 4 MiB pages of that part. */
#include "arch/x86/mmio.h"
#include "arch/x86/paging.h"
#include "arch/x86/x86.h"

/* Cache-control bits of a page-directory entry, SDM vol. 3, 4.3 (table 4-5):
 * PWT write-through, PCD cache disable. Both set: uncached (PAT entry 3). */
#define PTE_PWT 0x008
#define PTE_PCD 0x010
#define MMIO_BASE 0xC0000000u       /* PDE 768: the first one above USER_TOP */
#define PDE_SHIFT 22                /* 4 MiB pages: SDM vol. 3, 4.3 */
#define PDE_INDEX(va) ((va) >> PDE_SHIFT)
#define PDE_BASE(i) ((i) << PDE_SHIFT)
#define MMIO_PDE_FLAGS (PTE_P | PTE_W | PTE_PS | PTE_PCD | PTE_PWT)

static mmio_copy_pde_fn copy_pde;

void mmio_set_copy_pde(mmio_copy_pde_fn fn)
{
    copy_pde = fn;
}

static void set_pde(uint32_t index, uint32_t pde)
{
    paging_kernel_dir()[index] = pde;
    /* Directories made before this call hold their own copy of the kernel's
     * upper PDEs; the IRQ handler may run on any of them. */
    if (copy_pde)
        copy_pde(index, pde);
    invlpg(PDE_BASE(index));
}

/* Map the 4 MiB frames of [phys, phys+len) at PDEs from `at` on; false if
 * one of those PDEs maps something else. */
static bool map_at(uint32_t at, uint32_t phys, uint32_t len)
{
    uint32_t first = PDE_INDEX(phys), n = PDE_INDEX(phys + len - 1) - first + 1;
    pgdir_t kd = paging_kernel_dir();
    if (at + n > 1024)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if ((kd[at + i] & PTE_P) && kd[at + i] != (PDE_BASE(first + i) | MMIO_PDE_FLAGS))
            return false;
    for (uint32_t i = 0; i < n; i++)
        if (kd[at + i] != (PDE_BASE(first + i) | MMIO_PDE_FLAGS))
            set_pde(at + i, PDE_BASE(first + i) | MMIO_PDE_FLAGS);
    return true;
}

void *paging_map_mmio(uint32_t phys, uint32_t len)
{
    if (len == 0 || phys < KERNEL_MAP_LIMIT || len - 1 > UINT32_MAX - phys)
        return 0;
    if (phys >= MMIO_BASE)
        return map_at(PDE_INDEX(phys), phys, len) ? (void *)phys : 0;
    /* Below 3 GiB: the first PDEs from 3 GiB on that are free, or already
     * map these frames (the same BAR mapped twice). */
    uint32_t offset = phys & ((1u << PDE_SHIFT) - 1);
    for (uint32_t at = PDE_INDEX(MMIO_BASE); at < 1024; at++)
        if (map_at(at, phys, len))
            return (void *)(PDE_BASE(at) + offset);
    return 0;
}
