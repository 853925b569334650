// SPDX-License-Identifier: MIT
/* The cluster key. From the key K given (16 or 32 bytes, K = K0 || K1 with
 * K1 empty for 16), with SipHash-2-4-128 as the PRF: the tag key is the
 * first 16 bytes of PRF(K0, "DEMOS/x86 tag" || K1), UMAC-64's key (RFC 4418),
 * the PRF key PRF(K0, "DEMOS/x86 prf" || K1), the key id the first 4 bytes
 * (big-endian) of PRF(PRF key, "DEMOS/x86 key id"), never 0. The tag's
 * nonce is the frame's src, boot and counter fields (13 bytes). Without a
 * key the tag is WIRE_TAG_LEN zero bytes and not checked. */
#include "kernel/net/auth.h"
#include "kernel/net/siphash.h"
#include "kernel/net/umac.h"
#include "kernel/net/wire_format.h"
#include "drivers/net.h"
#include "arch/x86/simd.h"
#include "kernel/core/printk.h"
#include "kernel/core/string.h"

#define LABEL_LEN 13            /* "DEMOS/x86 tag", "DEMOS/x86 prf" */

_Static_assert(WIRE_TAG_LEN == UMAC_TAG_LEN, "the frame tag is a UMAC-64 tag");
_Static_assert(WIRE_OFF_COUNTER + 8 == WIRE_HDR_LEN, "the counter ends the header");

uint32_t auth_key_id;
static uint8_t prf_key[SIPHASH_KEY_LEN];
static struct umac64 tag_key;
/* Pads made last: this node's frames go out with counters in a row, and a
 * sender's frames mostly arrive so, two to an AES call (RFC 4418 4.1). */
static struct umac_pad tx_pad, rx_pad[256];     /* rx: by the frame's src */

static void derive(const uint8_t *key, unsigned len, const char *label, uint8_t out[16])
{
    uint8_t in[LABEL_LEN + 16];
    memcpy(in, label, LABEL_LEN);
    memcpy(in + LABEL_LEN, key + SIPHASH_KEY_LEN, len - SIPHASH_KEY_LEN);
    siphash24(key, in, LABEL_LEN + len - SIPHASH_KEY_LEN, out, 16);
}

void auth_init(const uint8_t *key, unsigned len)
{
    memset(&tx_pad, 0, sizeof(tx_pad));
    memset(rx_pad, 0, sizeof(rx_pad));
    if (len != 16 && len != 32) {
        auth_key_id = 0;
        memset(&tag_key, 0, sizeof(tag_key));
        memset(prf_key, 0, sizeof(prf_key));
        printk("demos: no cluster key (key=): this node is unauthenticated and talks "
               "only to nodes without a key\n");
        return;
    }
    uint8_t k[16], id[16];
    derive(key, len, "DEMOS/x86 tag", k);
    umac64_init(&tag_key, k, simd_sse2);
    memset(k, 0, sizeof(k));
    derive(key, len, "DEMOS/x86 prf", prf_key);
    siphash24(prf_key, "DEMOS/x86 key id", 16, id, 16);
    auth_key_id = (uint32_t)id[0] << 24 | (uint32_t)id[1] << 16 | (uint32_t)id[2] << 8 | id[3];
    if (!auth_key_id)
        auth_key_id = 1;
    printk("demos: cluster key id %08x: every frame authenticated (UMAC-64, RFC 4418, "
           "%u-bit tag, NH %s)\n", auth_key_id, WIRE_TAG_LEN * 8, simd_sse2 ? "SSE2" : "portable");
}

/* The nonce is unique to its frame in the cluster: a node numbers every
 * frame of a boot (resends too) and the boot id tells its boots apart. */
void auth_nonce(const uint8_t *frame, uint8_t nonce[AUTH_NONCE_LEN])
{
    const uint8_t *h = frame + ETH_HLEN;
    nonce[0] = h[WIRE_OFF_SRC];
    memcpy(nonce + 1, h + WIRE_OFF_BOOT, 4);
    memcpy(nonce + 5, h + WIRE_OFF_COUNTER, 8);   /* its low bit last: see tx_pad */
}

static void tag_of(const uint8_t *frame, uint32_t len, struct umac_pad *pad,
                   uint8_t tag[WIRE_TAG_LEN])
{
    uint8_t nonce[AUTH_NONCE_LEN];
    auth_nonce(frame, nonce);
    umac64(&tag_key, frame, len, nonce, AUTH_NONCE_LEN, pad, tag);
}

void auth_seal(uint8_t *frame, uint32_t len)
{
    if (auth_key_id)
        tag_of(frame, len, &tx_pad, frame + len);
    else
        memset(frame + len, 0, WIRE_TAG_LEN);
}

bool auth_check(const uint8_t *frame, uint32_t len)
{
    if (!auth_key_id)
        return true;
    uint8_t tag[WIRE_TAG_LEN], diff = 0;
    tag_of(frame, len, &rx_pad[frame[ETH_HLEN + WIRE_OFF_SRC]], tag);
    for (unsigned i = 0; i < WIRE_TAG_LEN; i++)     /* constant time: no early exit */
        diff |= tag[i] ^ frame[len + i];
    return diff == 0;
}

void auth_prf(const void *in, uint32_t len, uint8_t out[16])
{
    siphash24(prf_key, in, len, out, 16);
}
