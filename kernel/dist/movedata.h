/* SPDX-License-Identifier: MIT */
/* move_data: bulk transfer through a DATA link. */
#ifndef KERNEL_MOVEDATA_H
#define KERNEL_MOVEDATA_H
#include <stdint.h>

int32_t sys_move_data(int32_t handle, uint32_t offset, uint32_t ubuf, uint32_t len, uint32_t dir);

#endif
