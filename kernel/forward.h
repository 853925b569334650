/* SPDX-License-Identifier: MIT */
/* Forwarding addresses left by processes that moved away, forwarding of
 * the messages that still reach them, the link updates that follow, and
 * the exit notice that walks a chain back when the process ends. */
#ifndef KERNEL_FORWARD_H
#define KERNEL_FORWARD_H
#include <stdint.h>
#include "kernel/msg.h"

/* A forwarding entry: what is left of a process that moved (16 bytes). */
struct fwd {
    struct fwd *next;
    pid_t pid;
    uint16_t node;              /* where it went */
    uint16_t prev;              /* where it had come from (0: born here) */
    uint32_t epoch;             /* its epoch at the new place */
};

struct forward_stats {
    uint32_t msgs_forwarded, link_updates_sent, link_updates_applied, entries;
};
extern struct forward_stats forward_stats;

struct fwd *fwd_find(pid_t pid);
int fwd_add(pid_t pid, unsigned node, unsigned prev, uint32_t epoch);
void fwd_remove(pid_t pid);
struct fwd *fwd_first_in_bucket(unsigned bucket);
#define FWD_BUCKETS 64

/* m reached this node for a process that left (entry f): send it on along
 * l with f's node and epoch, and tell the kernel holding the sender's link.
 * 0: m was taken; else m is still the caller's. */
int forward_msg(struct kmsg *m, const struct link *l, const struct fwd *f);
/* Rewrite sender's links to pid that are older than epoch. */
void link_update_apply(pid_t sender, pid_t pid, unsigned node, uint32_t epoch);
/* The process pid ended here after coming from node prev: walk the chain back. */
void forward_exit_notice(pid_t pid, unsigned prev);
/* Transport messages TM_LINK_UPDATE and TM_EXIT_NOTICE. */
void forward_receive(unsigned node, uint16_t kind, const uint8_t *data, uint32_t len);

#endif
