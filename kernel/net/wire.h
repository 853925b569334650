/* SPDX-License-Identifier: MIT */
/* Encoding and decoding of the wire structures (kernel/net/wire_format.h).
 * Pure, bounds-checked: a decoder never reads past the length it is given. */
#ifndef KERNEL_WIRE_H
#define KERNEL_WIRE_H
#include <stdint.h>
#include "kernel/net/wire_format.h"

void wire_put_hdr(uint8_t *out, const struct wire_hdr *h);
/* 0, or -1 if len is too short for a header. */
int wire_get_hdr(const uint8_t *in, uint32_t len, struct wire_hdr *h);

void wire_put_msg(uint8_t *out, const struct wire_msg *m);
int wire_get_msg(const uint8_t *in, uint32_t len, struct wire_msg *m);
uint8_t *wire_put_link(uint8_t *out, const struct wire_link *l);
const uint8_t *wire_get_link(const uint8_t *in, struct wire_link *l);  /* caller checks WIRE_LINK_LEN */
/* n big-endian words; get: 0, or -1 if len is short. */
uint8_t *wire_put_words(uint8_t *out, const uint32_t *w, unsigned n);
int wire_get_words(const uint8_t *in, uint32_t len, uint32_t *w, unsigned n);
void wire_put_move(uint8_t *out, const struct wire_move *m);
int wire_get_move(const uint8_t *in, uint32_t len, struct wire_move *m);

#endif
