// SPDX-License-Identifier: MIT
/* Turning SSE on (Intel SDM vol. 3A, 13.1.3: CR4.OSFXSR, CR0.EM clear),
 * for the one kernel routine that uses it, the frame tag's NH
 * (kernel/net/umac.c), which zeroes the registers when done. Processes get
 * no SIMD state of their own: the kernel saves none on a switch (the user
 * programs are built -mgeneral-regs-only and use none). */
#include "arch/x86/sse.h"
#include <stdint.h>

#define CPUID_EDX_FXSR (1u << 24)       /* SDM vol. 2A, CPUID leaf 01H, EDX */
#define CPUID_EDX_SSE (1u << 25)
#define CPUID_EDX_SSE2 (1u << 26)
#define CR0_MP (1u << 1)                /* SDM vol. 3A, 2.5 */
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)

bool sse2_enable(void)
{
    uint32_t a = 1, b, c = 0, d;
    asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    const uint32_t need = CPUID_EDX_FXSR | CPUID_EDX_SSE | CPUID_EDX_SSE2;
    if ((d & need) != need)
        return false;
    uint32_t cr0, cr4;
    asm volatile("mov %%cr0, %0" : "=r"(cr0));
    asm volatile("mov %0, %%cr0" : : "r"((cr0 & ~(CR0_EM | CR0_TS)) | CR0_MP));
    asm volatile("mov %%cr4, %0" : "=r"(cr4));
    asm volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSFXSR | CR4_OSXMMEXCPT));
    return true;
}
