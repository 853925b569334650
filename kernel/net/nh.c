// SPDX-License-Identifier: MIT
/* NH, UMAC's first-level hash (RFC 4418 section 5.2.1), for UMAC-64's two
 * iterations: the portable loop, and one with SSE2 where the kernel has it.
 * The hot loop of the frame tag. */
#include "kernel/net/nh.h"
#include "kernel/core/string.h"
#include "arch/x86/simd.h"

static uint32_t get32le(const uint8_t *p)   /* message words are little-endian */
{
#if defined(__i386__) || defined(__x86_64__)
    uint32_t v;
    __builtin_memcpy(&v, p, 4);
    return v;
#else
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
#endif
}

/* NH of one iteration over whole 32-byte blocks m[0..32 * blocks) under key
 * words k, added to y; the sums written out. */
#define NH_PAIR(i) \
    y += (uint64_t)(get32le(m + 4 * (i)) + k[i]) * (get32le(m + 4 * (i) + 16) + k[(i) + 4])

static uint64_t nh(const uint32_t *k, const uint8_t *m, uint32_t blocks, uint64_t y)
{
    for (; blocks; blocks--, m += 32, k += 8) {
        NH_PAIR(0);
        NH_PAIR(1);
        NH_PAIR(2);
        NH_PAIR(3);
    }
    return y;
}

/* The same for both iterations with SSE2, whose pmuludq makes two 32 x
 * 32-bit products at once: about one instruction a byte where the loop
 * above takes two. The kernel is built -mgeneral-regs-only, so no compiled
 * code keeps a value in an xmm register: the asm uses them without naming
 * them there (it may not), between simd_begin and simd_end in nh_chunk (TS: no
 * process can touch these registers, arch/x86/simd.c), and zeroes them
 * after, so nothing made from the key is left in them. blocks > 0. */
#if defined(__i386__) || defined(__x86_64__)
#ifdef __SSE2__
#define XMM_CLOBBERS , "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7"
#else
#define XMM_CLOBBERS
#endif
static void nh_sse2(const uint32_t *k, const uint8_t *m, uint32_t blocks, uint64_t y[2])
{
    uint64_t acc[4];
    asm volatile("pxor %%xmm6, %%xmm6\n\t"      /* iteration 1's two lanes of sums */
                 "pxor %%xmm7, %%xmm7\n\t"      /* iteration 2's */
                 "1:\n\t"
                 "movdqu (%[m]), %%xmm0\n\t"    /* m0..m3 */
                 "movdqu 16(%[m]), %%xmm1\n\t"  /* m4..m7 */
                 "movdqu (%[k]), %%xmm2\n\t"
                 "movdqu 16(%[k]), %%xmm3\n\t"
                 "paddd %%xmm0, %%xmm2\n\t"     /* m0..3 + k0..3 */
                 "movdqa %%xmm1, %%xmm4\n\t"
                 "paddd %%xmm3, %%xmm4\n\t"     /* m4..7 + k4..7 */
                 "paddd %%xmm3, %%xmm0\n\t"     /* m0..3 + k4..7: iteration 2 */
                 "movdqu 32(%[k]), %%xmm3\n\t"
                 "paddd %%xmm3, %%xmm1\n\t"     /* m4..7 + k8..11 */
                 "movdqa %%xmm2, %%xmm3\n\t"
                 "movdqa %%xmm4, %%xmm5\n\t"
                 "pmuludq %%xmm4, %%xmm2\n\t"   /* words 0 and 2 of each */
                 "psrlq $32, %%xmm3\n\t"
                 "psrlq $32, %%xmm5\n\t"
                 "pmuludq %%xmm5, %%xmm3\n\t"   /* words 1 and 3 */
                 "paddq %%xmm2, %%xmm6\n\t"
                 "paddq %%xmm3, %%xmm6\n\t"
                 "movdqa %%xmm0, %%xmm3\n\t"
                 "movdqa %%xmm1, %%xmm5\n\t"
                 "pmuludq %%xmm1, %%xmm0\n\t"
                 "psrlq $32, %%xmm3\n\t"
                 "psrlq $32, %%xmm5\n\t"
                 "pmuludq %%xmm5, %%xmm3\n\t"
                 "paddq %%xmm0, %%xmm7\n\t"
                 "paddq %%xmm3, %%xmm7\n\t"
                 "add $32, %[m]\n\t"
                 "add $32, %[k]\n\t"
                 "dec %[n]\n\t"
                 "jnz 1b\n\t"
                 "movdqu %%xmm6, (%[acc])\n\t"
                 "movdqu %%xmm7, 16(%[acc])\n\t"
                 "pxor %%xmm0, %%xmm0\n\t" "pxor %%xmm1, %%xmm1\n\t"
                 "pxor %%xmm2, %%xmm2\n\t" "pxor %%xmm3, %%xmm3\n\t"
                 "pxor %%xmm4, %%xmm4\n\t" "pxor %%xmm5, %%xmm5\n\t"
                 "pxor %%xmm6, %%xmm6\n\t" "pxor %%xmm7, %%xmm7"
                 : [m] "+r"(m), [k] "+r"(k), [n] "+r"(blocks)
                 : [acc] "r"(acc)
                 : "memory", "cc" XMM_CLOBBERS);
    y[0] += acc[0] + acc[1];
    y[1] += acc[2] + acc[3];
}
#endif

void nh_chunk(const uint32_t *key, bool sse2, const uint8_t *m, uint32_t len, uint64_t y[2])
{
    uint32_t whole = len / 32, n = len % 32;
    uint8_t last[32];
    y[0] = y[1] = (uint64_t)len * 8;
    if (n || !len) {
        memcpy(last, m + 32 * whole, n);
        memset(last + n, 0, 32 - n);
    }
#if defined(__i386__) || defined(__x86_64__)
    if (sse2) {
        simd_begin();                   /* once a chunk: CR0 writes are not free */
        if (whole)
            nh_sse2(key, m, whole, y);
        if (n || !len)
            nh_sse2(key + 8 * whole, last, 1, y);
        simd_end();
        return;
    }
#endif
    for (int i = 0; i < 2; i++) {       /* UMAC-64: two iterations */
        y[i] = nh(key + 4 * i, m, whole, y[i]);
        if (n || !len)
            y[i] = nh(key + 4 * i + 8 * whole, last, 1, y[i]);
    }
}
