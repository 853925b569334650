/* SPDX-License-Identifier: MIT */
/* The kernel as a receiver: messages sent on KERNEL links. */
#ifndef KERNEL_KCONTROL_H
#define KERNEL_KCONTROL_H
#include "kernel/core/msg.h"

/* Carry out the operation in m on behalf of the link's target (a process,
 * or this kernel itself when the target is N.0) and answer the call, if m
 * is one. 0: m was taken. -E_NOPROC: the target is gone, m not taken. */
int kcontrol_handle(struct kmsg *m, const struct link *l);

#endif
