/* SPDX-License-Identifier: MIT */
/* The routing stop of a message: the target's kernel (KERNEL links), the
 * target's queue on this node, or (later) another node or a forwarding entry. */
#ifndef KERNEL_ROUTE_H
#define KERNEL_ROUTE_H
#include "kernel/core/msg.h"
#include "kernel/core/proc.h"

/* Send m along l. 0: m was taken. -E_WOULDBLOCK: the local receiver's queue
 * is full, *full names it and m is still the caller's. Other -E_*: m is
 * still the caller's. */
int route_send(struct kmsg *m, const struct link *l, struct proc **full);

#endif
