/* SPDX-License-Identifier: MIT */
/* Messages and data moves whose target lives on another node: turning a
 * kernel message into a transport message and back, and what happens to
 * waiting callers when a peer goes down. */
#ifndef KERNEL_REMOTE_H
#define KERNEL_REMOTE_H
#include "kernel/core/msg.h"
#include "kernel/core/proc.h"

struct remote_stats { uint32_t msgs_out, msgs_in, undeliverable, moves_out, moves_in; };
extern struct remote_stats remote_stats;

/* Register with the transport: TM_MSG, TM_MOVE_REQ and TM_MOVE_RESP, and
 * peers going down (their waiting calls and moves fail with E_DOWN). */
void remote_init(void);
/* Send m along l to l->node_hint. 0: m was taken. -E_DOWN, -E_NOMEM: not. */
int remote_send(struct kmsg *m, const struct link *l);
/* The same, with the transport's note once l->node_hint has it. */
int remote_send_noted(struct kmsg *m, const struct link *l, uint32_t note);
/* move_data on a DATA link whose target is on another node; the current
 * process waits for the answer. Returns bytes moved or -E_*; -E_MOVED when
 * the target moved on, with l updated to its new place. */
int32_t remote_move(struct link *l, uint32_t offset, uint32_t ubuf, uint32_t len, uint32_t dir);

/* p is leaving this node: forget the moves it was waiting for. */
void remote_forget(struct proc *p);

#endif
