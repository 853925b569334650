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
/* Write session and counter into an encoded header (as a frame goes out). */
void wire_put_seal(uint8_t *hdr, uint32_t session, uint64_t counter);
void wire_put_hs(uint8_t *out, const struct wire_hs *hs);
int wire_get_hs(const uint8_t *in, uint32_t len, struct wire_hs *hs);

void wire_put_msg(uint8_t *out, const struct wire_msg *m);
int wire_get_msg(const uint8_t *in, uint32_t len, struct wire_msg *m);
uint8_t *wire_put_link(uint8_t *out, const struct link *l);
const uint8_t *wire_get_link(const uint8_t *in, struct link *l);  /* caller checks WIRE_LINK_LEN */
/* n big-endian words; get: 0, or -1 if len is short. */
uint8_t *wire_put_words(uint8_t *out, const uint32_t *w, unsigned n);
int wire_get_words(const uint8_t *in, uint32_t len, uint32_t *w, unsigned n);
void wire_put_move(uint8_t *out, const struct wire_move *m);
int wire_get_move(const uint8_t *in, uint32_t len, struct wire_move *m);
void wire_put_update(uint8_t *out, const struct wire_update *u);
int wire_get_update(const uint8_t *in, uint32_t len, struct wire_update *u);
void wire_put_exit(uint8_t *out, const struct wire_exit *e);
int wire_get_exit(const uint8_t *in, uint32_t len, struct wire_exit *e);
/* A migration step of kind: its length (WIRE_MIG_HEAD and the kind's
 * fields); get: 0, or -1 if len is short for kind. */
uint32_t wire_put_mig(uint8_t *out, uint16_t kind, const struct wire_mig *m);
int wire_get_mig(const uint8_t *in, uint32_t len, uint16_t kind, struct wire_mig *m);
uint32_t wire_mig_len(uint16_t kind);
/* WIRE_HELLO's load report: put writes WIRE_LOAD_LEN bytes; get: 0, or -1
 * if len is short, the version is not WIRE_LOAD_VERSION, the report's own
 * len is below WIRE_LOAD_LEN or past len, or a figure is out of range. */
void wire_put_load(uint8_t *out, const struct wire_load *l);
int wire_get_load(const uint8_t *in, uint32_t len, struct wire_load *l);
uint8_t *wire_put_page(uint8_t *out, const struct wire_page *pg);
int wire_get_page(const uint8_t *in, uint32_t len, struct wire_page *pg);

#endif
