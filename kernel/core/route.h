/* SPDX-License-Identifier: MIT */
/* The routing stop of a message: the target's kernel (KERNEL links), the
 * target's queue on this node, or away: another node or a forwarding entry
 * (the distributed layer's handlers). */
#ifndef KERNEL_ROUTE_H
#define KERNEL_ROUTE_H
#include "kernel/core/msg.h"
#include "kernel/core/proc.h"

/* Send m along l. 0: m was taken. -E_WOULDBLOCK: the local receiver's queue
 * is full, *full names it and m is still the caller's. Other -E_*: m is
 * still the caller's. */
int route_send(struct kmsg *m, const struct link *l, struct proc **full);

/* A handler for messages route_send does not deliver here: 0 when m was
 * taken, else -E_* and m is still the caller's. */
typedef int (*route_fn)(struct kmsg *m, const struct link *l);
/* Set at boot: remote gets messages for another node, moved those for a
 * process not here (it may have left a forwarding entry), kernel_op those
 * on a KERNEL link to a process or the kernel here. Until then all three
 * answer E_NOPROC. */
void route_set(route_fn remote, route_fn moved, route_fn kernel_op);

#endif
