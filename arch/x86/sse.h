/* SPDX-License-Identifier: MIT */
/* SSE2 for the kernel's own integer SIMD (the frame tag's NH). */
#ifndef ARCH_X86_SSE_H
#define ARCH_X86_SSE_H
#include <stdbool.h>

/* Turn SSE on if CPUID says the CPU has FXSR, SSE and SSE2; true if it is. */
bool sse2_enable(void);

#endif
