// SPDX-License-Identifier: MIT
/* In-kernel tests of the frame tag (kernel/net/auth.c, kernel/net/umac.c)
 * as the kernel is built (i386): RFC 4418's UMAC-64 rows, and a tag bound
 * to its frame's nonce (src, boot, counter) and bytes. */
#include "kernel/ktest.h"
#include "kernel/net/auth.h"
#include "kernel/net/umac.h"
#include "kernel/net/wire.h"
#include "kernel/core/string.h"
#include "drivers/net.h"
#include "arch/x86/simd.h"

static uint8_t msg[1500];
static struct umac64 u;

static uint64_t rfc_tag(const char *unit, unsigned unit_len, unsigned times, bool sse2)
{
    uint8_t tag[UMAC_TAG_LEN];
    uint64_t v = 0;
    for (unsigned i = 0; i < times; i++)
        memcpy(msg + i * unit_len, unit, unit_len);
    umac64_init(&u, (const uint8_t *)"abcdefghijklmnop", sse2);
    umac64(&u, msg, unit_len * times, (const uint8_t *)"bcdefghi", 8, 0, tag);
    for (int i = 0; i < UMAC_TAG_LEN; i++)
        v = v << 8 | tag[i];
    return v;
}

/* With the portable NH, and with the kernel's own (SSE2 where it is on). */
KTEST(umac64_rfc4418_rows_in_the_kernel)
{
    bool modes[2] = { false, simd_sse2 };
    for (int i = 0; i < 2; i++) {
        KEXPECT_EQ(0x6E155FAD26900BE1ull, rfc_tag("", 0, 1, modes[i]));
        KEXPECT_EQ(0x44B5CB542F220104ull, rfc_tag("a", 1, 3, modes[i]));
        KEXPECT_EQ(0x26BF2F5D60118BD9ull, rfc_tag("a", 1, 1024, modes[i]));
        KEXPECT_EQ(0xD4CF26DDEFD5C01Aull, rfc_tag("abc", 3, 500, modes[i]));
    }
}

static uint8_t frame[WIRE_FRAME_LEN(100)];
#define SEALED_LEN (WIRE_FRAME_LEN(100) - WIRE_TAG_LEN)

static void header(uint8_t src, uint32_t boot, uint64_t counter)
{
    struct wire_hdr h = { .version = WIRE_VERSION, .type = WIRE_DATA, .src = src, .dst = 2,
                          .len = 100, .boot = boot, .key_id = auth_key_id };
    wire_put_hdr(frame + ETH_HLEN, &h);
    wire_put_seal(frame + ETH_HLEN, 0x5e55, counter);
}

KTEST(auth_nonce_is_the_frames_src_boot_and_counter)
{
    static const uint8_t want[AUTH_NONCE_LEN] = { 3, 0x12, 0x34, 0x56, 0x78,
                                                  1, 2, 3, 4, 5, 6, 7, 8 };
    uint8_t nonce[AUTH_NONCE_LEN];
    header(3, 0x12345678, 0x0102030405060708ull);
    auth_nonce(frame, nonce);
    for (int i = 0; i < AUTH_NONCE_LEN; i++)
        KEXPECT_EQ(want[i], nonce[i]);
}

KTEST(auth_tag_is_bound_to_src_boot_counter_and_bytes)
{
    static const uint8_t key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
    uint8_t first[WIRE_TAG_LEN];
    auth_init(key, sizeof(key));
    memset(frame, 0x5a, sizeof(frame));
    header(3, 0x12345678, 5);
    auth_seal(frame, SEALED_LEN);
    KEXPECT(auth_check(frame, SEALED_LEN));
    memcpy(first, frame + SEALED_LEN, WIRE_TAG_LEN);
    header(3, 0x12345678, 6);           /* the same bytes but the counter: another pad */
    auth_seal(frame, SEALED_LEN);
    KEXPECT(memcmp(first, frame + SEALED_LEN, WIRE_TAG_LEN) != 0);
    header(3, 0x12345678, 5);           /* counter 5 under counter 6's tag */
    KEXPECT(!auth_check(frame, SEALED_LEN));
    memcpy(frame + SEALED_LEN, first, WIRE_TAG_LEN);
    KEXPECT(auth_check(frame, SEALED_LEN));
    header(4, 0x12345678, 5);           /* another sender */
    KEXPECT(!auth_check(frame, SEALED_LEN));
    header(3, 0x12345679, 5);           /* another boot */
    KEXPECT(!auth_check(frame, SEALED_LEN));
    header(3, 0x12345678, 5);
    frame[SEALED_LEN - 1] ^= 1;         /* the last payload byte */
    KEXPECT(!auth_check(frame, SEALED_LEN));
    frame[SEALED_LEN - 1] ^= 1;
    frame[ETH_ALEN] ^= 1;               /* the source MAC address */
    KEXPECT(!auth_check(frame, SEALED_LEN));
    frame[ETH_ALEN] ^= 1;
    KEXPECT(auth_check(frame, SEALED_LEN));
    auth_init(0, 0);                    /* the test boot has no key: leave it so */
}
