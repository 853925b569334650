// SPDX-License-Identifier: MIT
/* Boot randomness. The seed: 32 RDRAND words if CPUID says the CPU has the
 * instruction (leaf 1, ECX bit 30), else the low bits of 256 timings of
 * port reads (TSC jitter), with the TSC, the incarnation and the NIC's MAC.
 * The pool is the keyed PRF of the seed (kernel/net/auth.c), so without the
 * key the values cannot be foretold even when the seed is poor (an emulator
 * under -icount has no jitter). Each value: PRF(pool, counter, TSC). */
#include "kernel/net/random.h"
#include "kernel/net/auth.h"
#include "kernel/core/incarnation.h"
#include "kernel/core/string.h"
#include "drivers/net.h"
#include "arch/x86/x86.h"

#define CPUID_ECX_RDRAND (1u << 30)     /* Intel SDM vol. 2A, CPUID leaf 01H */
#define SEED_WORDS 32
#define JITTER_SAMPLES 256
#define PIT_CH0 0x40                    /* a port whose read takes a while */

static uint8_t pool[16];
static uint64_t drawn;

static bool has_rdrand(void)
{
    uint32_t a = 1, b, c = 0, d;
    asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return c & CPUID_ECX_RDRAND;
}

static bool rdrand32(uint32_t *v)
{
    uint8_t ok;
    asm volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
    return ok;
}

const char *random_init(void)
{
    uint32_t seed[SEED_WORDS + 6] = { 0 };
    const char *source = "TSC jitter";
    bool rd = has_rdrand();
    for (unsigned i = 0; i < SEED_WORDS; i++) {
        for (int tries = 0; rd && tries < 10; tries++)
            if (rdrand32(&seed[i]))
                break;
    }
    if (rd)
        source = "RDRAND";
    for (unsigned i = 0; i < JITTER_SAMPLES; i++) {     /* always mixed in too */
        uint64_t t0 = rdtsc();
        (void)inb(PIT_CH0);
        seed[i % SEED_WORDS] ^= (uint32_t)(rdtsc() - t0) << (i / SEED_WORDS * 4 % 32);
    }
    uint64_t tsc = rdtsc();
    seed[SEED_WORDS] = (uint32_t)tsc;
    seed[SEED_WORDS + 1] = (uint32_t)(tsc >> 32);
    seed[SEED_WORDS + 2] = node_incarnation;
    if (net_present())
        memcpy(&seed[SEED_WORDS + 3], net_mac(), ETH_ALEN);
    auth_prf(seed, sizeof(seed), pool);
    return source;
}

uint64_t random_u64(void)
{
    uint8_t in[16 + 16], out[16];
    uint64_t tsc = rdtsc(), v;
    drawn++;
    memcpy(in, pool, 16);
    memcpy(in + 16, &drawn, 8);
    memcpy(in + 24, &tsc, 8);
    auth_prf(in, sizeof(in), out);
    memcpy(pool, out, 8);               /* forward: the pool moves on */
    memcpy(&v, out + 8, 8);
    return v ? v : 1;
}
