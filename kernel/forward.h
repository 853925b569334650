/* SPDX-License-Identifier: MIT */
/* Forwarding addresses left by processes that moved away, forwarding of
 * the messages that still reach them, the link updates that follow, and
 * the exit notice that walks a chain back when the process ends. */
#ifndef KERNEL_FORWARD_H
#define KERNEL_FORWARD_H
#include <stdint.h>
#include "kernel/msg.h"

/* A set of node numbers (1..254), one bit each. */
struct node_set { uint32_t bits[8]; };

/* A forwarding entry: what is left of a process that moved (48 bytes). */
struct fwd {
    struct fwd *next;
    pid_t pid;
    uint32_t node;              /* where it went */
    uint32_t epoch;             /* its epoch at the new place */
    /* every node it came here from, over all its stays: the ways an exit
     * notice must go back (a process can return to a node it left) */
    struct node_set came_from;
};

struct forward_stats {
    uint32_t msgs_forwarded, link_updates_sent, link_updates_applied, entries;
};
extern struct forward_stats forward_stats;

struct fwd *fwd_find(pid_t pid);
int fwd_add(pid_t pid, unsigned node, unsigned came_from, uint32_t epoch);
void fwd_remove(pid_t pid);
struct fwd *fwd_first_in_bucket(unsigned bucket);
#define FWD_BUCKETS 64

/* m reached this node for a process that left (entry f): send it on along
 * l with f's node and epoch, and tell the kernel holding the sender's link
 * once f's node has m (forward_acked). 0: m was taken; else m is still the
 * caller's. */
int forward_msg(struct kmsg *m, const struct link *l, const struct fwd *f);
/* The transport: node acknowledged everything before seq base of session
 * sess; the link updates held for messages forwarded there go out. */
void forward_acked(unsigned node, uint32_t sess, uint32_t base);
void forward_peer_down(unsigned node);
/* Rewrite sender's links to pid that are older than epoch. */
void link_update_apply(pid_t sender, pid_t pid, unsigned node, uint32_t epoch);
/* The process pid ended here after coming from node came_from (0: born
 * here): drop this node's own entry from an earlier stay, and send the
 * exit notice back along every way it came, to reclaim the chain. */
void forward_proc_exit(pid_t pid, unsigned came_from);
/* Transport messages TM_LINK_UPDATE and TM_EXIT_NOTICE. */
void forward_receive(unsigned node, uint16_t kind, const uint8_t *data, uint32_t len);

#endif
