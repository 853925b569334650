/* SPDX-License-Identifier: MIT */
/* The forwarding table: what is left of each process that moved away
 * (DEMOS/MP's degenerate process), by pid. Pure (memory from kmalloc), so
 * the host unit tests cover it; forward.c sends and receives around it. */
#ifndef KERNEL_FWDTABLE_H
#define KERNEL_FWDTABLE_H
#include <stdint.h>
#include <stdbool.h>
#include "demos/ipc.h"
#include "demos/syscall.h"

/* A set of node numbers (1..254), one bit each. */
struct node_set { uint32_t bits[8]; };

static inline void node_set_add(struct node_set *s, unsigned node)
{
    if (node && node < 256)
        s->bits[node / 32] |= 1u << (node % 32);
}

static inline bool node_set_has(const struct node_set *s, unsigned node)
{
    return node < 256 && (s->bits[node / 32] & (1u << (node % 32)));
}

/* A forwarding entry (52 bytes). */
struct fwd {
    struct fwd *next;
    pid_t pid;
    uint32_t incarnation;       /* the process's (a link of another reaches nothing) */
    uint32_t node;              /* where it went */
    uint32_t epoch;             /* its epoch at the new place */
    /* every node it came here from, over all its stays: the ways an exit
     * notice must go back (a process can return to a node it left) */
    struct node_set came_from;
};

#define FWD_BUCKETS 64

struct fwd *fwd_find(pid_t pid);
/* Record (or update) pid's entry: it went to node with epoch, and came here
 * from came_from (0: born here), which joins the entry's came-from set.
 * 0, or -E_NOMEM. The caller sets the entry's incarnation. */
int fwd_add(pid_t pid, unsigned node, unsigned came_from, uint32_t epoch);
void fwd_remove(pid_t pid);
struct fwd *fwd_first_in_bucket(unsigned bucket);
unsigned fwd_count(void);

#endif
