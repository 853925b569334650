/* SPDX-License-Identifier: MIT */
/* move_data: bulk transfer through a DATA link. */
#ifndef KERNEL_MOVEDATA_H
#define KERNEL_MOVEDATA_H
#include <stdint.h>

#include "kernel/core/link.h"

/* move_data for a target not on this node, or not here any more: the
 * bytes moved, -E_MOVED with l corrected (try again), or another -E_*. */
typedef int32_t (*movedata_away_fn)(struct link *l, uint32_t offset, uint32_t ubuf,
                                    uint32_t len, uint32_t dir);
/* Set at boot by the distributed layer; until then: E_NOPROC. */
void movedata_set_away(movedata_away_fn fn);
int32_t sys_move_data(int32_t handle, uint32_t offset, uint32_t ubuf, uint32_t len, uint32_t dir);

#endif
