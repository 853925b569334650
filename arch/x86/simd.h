/* SPDX-License-Identifier: MIT */
/* The FPU and SIMD registers: the kernel's alone, for the frame tag's NH
 * (kernel/net/nh.c). Processes have none: CR0.TS stays set outside the
 * kernel's own use, so their first x87, MMX or SSE instruction faults. */
#ifndef ARCH_X86_SIMD_H
#define ARCH_X86_SIMD_H
#include <stdbool.h>

extern bool simd_sse2;          /* SSE2 is on for the kernel (simd_init) */

/* At boot: set CR0.TS (and MP, EM clear); turn SSE on (CR4.OSFXSR,
 * OSXMMEXCPT) if CPUID has FXSR, SSE and SSE2, and say so in simd_sse2. */
void simd_init(void);

/* Around the kernel's use, with interrupts off (every IDT gate is an
 * interrupt gate, so nothing else comes in between): TS clear, then set
 * again. Host builds (tests/unit) run no privileged instruction. */
static inline void simd_begin(void)
{
#ifdef KERNEL
    asm volatile("clts" ::: "memory");
#endif
}

static inline void simd_end(void)
{
#ifdef KERNEL
    unsigned long cr0;
    asm volatile("mov %%cr0, %0" : "=r"(cr0));
    asm volatile("mov %0, %%cr0" : : "r"(cr0 | 8ul) : "memory");    /* CR0.TS */
#endif
}

#endif
