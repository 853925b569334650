/* SPDX-License-Identifier: MIT */
/* Forwarding addresses left by processes that moved away, forwarding of
 * the messages that still reach them, the link updates that follow, and
 * the exit notice that walks a chain back when the process ends. */
#ifndef KERNEL_FORWARD_H
#define KERNEL_FORWARD_H
#include <stdint.h>
#include "kernel/core/msg.h"
#include "kernel/dist/fwdtable.h"

struct forward_stats {
    uint32_t msgs_forwarded, link_updates_sent, link_updates_applied;
};
extern struct forward_stats forward_stats;

/* Register with the transport: TM_LINK_UPDATE and TM_EXIT_NOTICE, peers
 * going down, the notes of forwarded messages acknowledged. */
void forward_init(void);
/* route_send's way for a message to a process not here (set at boot): on
 * along this node's forwarding entry; -E_NOPROC when there is none (or it
 * is of another incarnation). 0: m was taken. */
int forward_route(struct kmsg *m, const struct link *l);
/* move_data's way for a DATA link whose target is not here (set at boot):
 * another node's kernel moves the bytes, or the link learns where the
 * target went (-E_MOVED: try again), or -E_NOPROC. */
int32_t forward_move(struct link *l, uint32_t offset, uint32_t ubuf, uint32_t len, uint32_t dir);
/* m reached this node for a process that left (entry f): send it on along
 * l with f's node and epoch, and tell the kernel holding the sender's link
 * (for a plain send, once f's node has acknowledged m). 0: m was taken;
 * else m is still the caller's. */
int forward_msg(struct kmsg *m, const struct link *l, const struct fwd *f);
/* pid moved to node with epoch holding t: every caller whose call it holds
 * (a REPLY link) is told, so its call now waits on node and fails with
 * E_DOWN if node dies before answering (else it would wait on the old
 * node, alive, for good). */
void forward_open_calls(const struct link_table *t, pid_t pid, unsigned node, uint32_t epoch);
/* Rewrite sender's links to pid that are older than epoch. */
void link_update_apply(pid_t sender, pid_t pid, unsigned node, uint32_t epoch);
/* The process pid ended here after coming from node came_from (0: born
 * here): drop this node's own entry from an earlier stay, and send the
 * exit notice back along every way it came, to reclaim the chain. */
void forward_proc_exit(pid_t pid, unsigned came_from);

#endif
