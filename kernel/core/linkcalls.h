/* SPDX-License-Identifier: MIT */
/* Kernel calls on the caller's link table. */
#ifndef KERNEL_LINKCALLS_H
#define KERNEL_LINKCALLS_H
#include <stdint.h>

int32_t sys_link_create(uint32_t channel, uint32_t flags, uint32_t base, uint32_t len);
int32_t sys_link_destroy(int32_t handle);
int32_t sys_link_dup(int32_t handle);
int32_t sys_link_info(int32_t handle, uint32_t uinfo);

#endif
