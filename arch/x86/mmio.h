/* SPDX-License-Identifier: MIT */
/* Device memory (PCI memory BARs) mapped uncached in the kernel's part of
 * every address space (0xC0000000 and up): at virtual == physical there, and
 * a BAR the firmware put lower (UEFI's are at 2 GiB) at the next free 4 MiB
 * pages of that part. */
#ifndef ARCH_MMIO_H
#define ARCH_MMIO_H
#include <stdint.h>

/* Page directories made before a mapping hold their own copy of the
 * kernel's upper PDEs: this writes pde at index into each live one other
 * than the kernel's. The kernel, which knows its processes, sets it at boot;
 * until then no such directory exists. */
typedef void (*mmio_copy_pde_fn)(uint32_t index, uint32_t pde);
void mmio_set_copy_pde(mmio_copy_pde_fn fn);

/* Map [phys, phys+len) uncached, supervisor-only, with 4 MiB pages, into the
 * kernel directory and (through the copy_pde function) every live process's
 * directory; later ones copy it in pgdir_create. Returns where it is mapped
 * (phys itself from 0xC0000000 on), or NULL when the range is empty, wraps,
 * lies in the identity-mapped RAM below 1 GiB, or collides with a different
 * mapping, or no room is left. */
void *paging_map_mmio(uint32_t phys, uint32_t len);

/* Register access through such a mapping. */
static inline uint32_t mmio_read32(volatile void *base, uint32_t off)
{
    return *(volatile uint32_t *)((volatile uint8_t *)base + off);
}
static inline void mmio_write32(volatile void *base, uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)((volatile uint8_t *)base + off) = v;
}

#endif
