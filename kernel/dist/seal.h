/* SPDX-License-Identifier: MIT */
/* Seals on DATA and KERNEL links (kernel/dist/seal.c): the right a link
 * grants is checked by the kernel that serves it, not taken on trust from
 * the kernel that sends it. */
#ifndef KERNEL_DIST_SEAL_H
#define KERNEL_DIST_SEAL_H
#include <stdbool.h>
#include "kernel/core/link.h"

struct seal_stats { uint32_t refused; };
extern struct seal_stats seal_stats;

/* l's token is the seal of what l grants. */
bool seal_ok(const struct link *l);
/* Seal the links the kernel makes from now on (link_set_sealer). */
void seal_init(void);

#endif
