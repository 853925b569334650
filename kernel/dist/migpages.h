/* SPDX-License-Identifier: MIT */
/* A process's pages as they travel in a migration (step 5): packed by the
 * source a message at a time, mapped and filled by the destination. */
#ifndef KERNEL_MIGPAGES_H
#define KERNEL_MIGPAGES_H
#include <stdint.h>
#include "arch/x86/paging.h"

#define DATA_PAGES_PER_MSG 60   /* 60 x (8 + 4096) bytes fit in one transport message */
#define PAGES_PER_MSG 1024      /* all-zero pages travel as 8-byte marks */

/* Pack pd's user pages (dirty_only: its dirty ones) from va `from` on into
 * out: up to DATA_PAGES_PER_MSG with their bytes and all-zero ones as
 * marks, PAGES_PER_MSG in all, taking each one's dirty bit. Sets *count and
 * *next (the first page left, 0: none); returns the bytes. */
uint32_t migpages_pack(pgdir_t pd, uint32_t from, bool dirty_only, uint8_t *out,
                       uint32_t *count, uint32_t *next);
/* Map and fill count packed pages from in (len bytes) into pd (a page it
 * has already is overwritten): 0, or -E_INVAL (malformed) or -E_NOMEM. */
int migpages_unpack(pgdir_t pd, const uint8_t *in, uint32_t len, uint32_t count);

#endif
