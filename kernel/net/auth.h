/* SPDX-License-Identifier: MIT */
/* The cluster key (key= on the command line) and what is made of it: the
 * frame tag's key (UMAC-64), the key id every frame carries, and a keyed
 * PRF for the session ids and the boot's random values. */
#ifndef KERNEL_NET_AUTH_H
#define KERNEL_NET_AUTH_H
#include <stdint.h>
#include <stdbool.h>

/* The key's id (0: this node has no key, its frames carry no tag). */
extern uint32_t auth_key_id;

/* Derive the keys from key[0..len) (16 or 32 bytes; 0: none) and say on the
 * console whether this node is authenticated. */
void auth_init(const uint8_t *key, unsigned len);
/* Write the tag of frame[0..len) at frame + len (zeros without a key).
 * frame[0..len) holds the Ethernet header and a whole wire header: its src,
 * boot and counter are the tag's nonce, which must never repeat. */
void auth_seal(uint8_t *frame, uint32_t len);
/* The tag at frame + len is the one of frame[0..len) (always, without a key);
 * frame[0..len) holds a whole header, as for auth_seal. */
bool auth_check(const uint8_t *frame, uint32_t len);
/* The tag's nonce of a frame (a whole header at frame + ETH_HLEN): its src
 * (1 byte), boot (4) and counter (8), as the header holds them. */
#define AUTH_NONCE_LEN 13
void auth_nonce(const uint8_t *frame, uint8_t nonce[AUTH_NONCE_LEN]);
/* 16 bytes of SipHash-2-4 under the PRF key (a key of its own, not the MAC's). */
void auth_prf(const void *in, uint32_t len, uint8_t out[16]);

#endif
