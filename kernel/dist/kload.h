/* SPDX-License-Identifier: MIT */
/* The kernel-control answers about load (KOP_LOAD, KOP_PROCS): binary
 * tables for procmgr's placement policy. */
#ifndef KERNEL_KLOAD_H
#define KERNEL_KLOAD_H
#include <stdint.h>

/* The answer's bytes into buf (size at least MSG_BODY_MAX): its length. */
uint32_t kload_nodes(void *buf, uint32_t size);
uint32_t kload_procs(void *buf, uint32_t size);

#endif
