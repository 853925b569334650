// SPDX-License-Identifier: MIT
/* The cluster key. From the key K given (16 or 32 bytes, K = K0 || K1 with
 * K1 empty for 16), with SipHash-2-4-128 as the PRF: the MAC key is
 * PRF(K0, "DEMOS/x86 mac" || K1), the PRF key PRF(K0, "DEMOS/x86 prf" || K1),
 * the key id the first 4 bytes (big-endian) of PRF(mac key, "DEMOS/x86 key
 * id"), never 0. Without a key the tag is 16 zero bytes and not checked. */
#include "kernel/net/auth.h"
#include "kernel/net/siphash.h"
#include "kernel/net/wire_format.h"
#include "kernel/core/printk.h"
#include "kernel/core/string.h"

#define LABEL_LEN 13            /* "DEMOS/x86 mac", "DEMOS/x86 prf" */

uint32_t auth_key_id;
static uint8_t mac_key[SIPHASH_KEY_LEN], prf_key[SIPHASH_KEY_LEN];

static void derive(const uint8_t *key, unsigned len, const char *label, uint8_t out[16])
{
    uint8_t in[LABEL_LEN + 16];
    memcpy(in, label, LABEL_LEN);
    memcpy(in + LABEL_LEN, key + SIPHASH_KEY_LEN, len - SIPHASH_KEY_LEN);
    siphash24(key, in, LABEL_LEN + len - SIPHASH_KEY_LEN, out, 16);
}

void auth_init(const uint8_t *key, unsigned len)
{
    if (len != 16 && len != 32) {
        auth_key_id = 0;
        memset(mac_key, 0, sizeof(mac_key));
        memset(prf_key, 0, sizeof(prf_key));
        printk("demos: no cluster key (key=): this node is unauthenticated and talks "
               "only to nodes without a key\n");
        return;
    }
    uint8_t id[16];
    derive(key, len, "DEMOS/x86 mac", mac_key);
    derive(key, len, "DEMOS/x86 prf", prf_key);
    siphash24(mac_key, "DEMOS/x86 key id", 16, id, 16);
    auth_key_id = (uint32_t)id[0] << 24 | (uint32_t)id[1] << 16 | (uint32_t)id[2] << 8 | id[3];
    if (!auth_key_id)
        auth_key_id = 1;
    printk("demos: cluster key id %08x: every frame authenticated (SipHash-2-4, "
           "%u-bit tag)\n", auth_key_id, WIRE_TAG_LEN * 8);
}

void auth_seal(uint8_t *frame, uint32_t len)
{
    if (auth_key_id)
        siphash24(mac_key, frame, len, frame + len, WIRE_TAG_LEN);
    else
        memset(frame + len, 0, WIRE_TAG_LEN);
}

bool auth_check(const uint8_t *frame, uint32_t len)
{
    if (!auth_key_id)
        return true;
    uint8_t tag[WIRE_TAG_LEN], diff = 0;
    siphash24(mac_key, frame, len, tag, WIRE_TAG_LEN);
    for (unsigned i = 0; i < WIRE_TAG_LEN; i++)     /* constant time: no early exit */
        diff |= tag[i] ^ frame[len + i];
    return diff == 0;
}

void auth_prf(const void *in, uint32_t len, uint8_t out[16])
{
    siphash24(prf_key, in, len, out, 16);
}
