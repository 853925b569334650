// SPDX-License-Identifier: MIT
/* The FPU and SSE set up for the kernel's use only (Intel SDM vol. 3A, 2.5
 * and 13.1.3): CR0.TS set makes a process's x87, MMX or SSE instruction a
 * #NM fault ("device not available"), which ends it, so no process sees
 * another's or the kernel's register values and none needs saving at a
 * switch. The user programs are built -mgeneral-regs-only and use none. */
#include "arch/x86/simd.h"
#include <stdint.h>

#define CPUID_EDX_FXSR (1u << 24)       /* SDM vol. 2A, CPUID leaf 01H, EDX */
#define CPUID_EDX_SSE (1u << 25)
#define CPUID_EDX_SSE2 (1u << 26)
#define CR0_MP (1u << 1)                /* SDM vol. 3A, 2.5 */
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)

bool simd_sse2;

void simd_init(void)
{
    uint32_t a = 1, b, c = 0, d, cr0, cr4;
    asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    asm volatile("mov %%cr0, %0" : "=r"(cr0));
    asm volatile("mov %0, %%cr0" : : "r"((cr0 & ~CR0_EM) | CR0_MP | CR0_TS));
    const uint32_t need = CPUID_EDX_FXSR | CPUID_EDX_SSE | CPUID_EDX_SSE2;
    if ((d & need) != need)
        return;
    asm volatile("mov %%cr4, %0" : "=r"(cr4));
    asm volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSFXSR | CR4_OSXMMEXCPT));
    simd_sse2 = true;
}
