/* SPDX-License-Identifier: MIT */
/* Segment descriptors and the task-state segment (only its ring-0 stack is used). */
#ifndef ARCH_GDT_H
#define ARCH_GDT_H
#include <stdint.h>

struct tss {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap_base;
} __attribute__((packed));
extern struct tss tss;

void gdt_init(void);
/* The kernel stack the CPU loads on a trap from ring 3. Inline: set at
 * every process switch. */
static inline void gdt_set_kernel_stack(uint32_t esp0)
{
    tss.esp0 = esp0;
}

#endif
