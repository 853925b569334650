// SPDX-License-Identifier: MIT
/* The forwarding table: a hash of entries by pid. Entries are made when a
 * process leaves (migrate.c) and reclaimed by the exit notice (forward.c). */
#include "kernel/dist/fwdtable.h"
#include "kernel/core/mem.h"

static struct fwd *buckets[FWD_BUCKETS];
static unsigned entries;

struct fwd *fwd_find(pid_t pid)
{
    for (struct fwd *f = buckets[pid % FWD_BUCKETS]; f; f = f->next)
        if (f->pid == pid)
            return f;
    return 0;
}

struct fwd *fwd_first_in_bucket(unsigned bucket)
{
    return bucket < FWD_BUCKETS ? buckets[bucket] : 0;
}

unsigned fwd_count(void)
{
    return entries;
}

int fwd_add(pid_t pid, unsigned node, unsigned came_from, uint32_t epoch)
{
    struct fwd *f = fwd_find(pid);
    if (!f) {
        if (!(f = kmalloc(sizeof(*f))))
            return -E_NOMEM;
        *f = (struct fwd){ 0 };
        f->pid = pid;
        f->next = buckets[pid % FWD_BUCKETS];
        buckets[pid % FWD_BUCKETS] = f;
        entries++;
    }
    f->node = node;
    node_set_add(&f->came_from, came_from);
    f->epoch = epoch;
    return 0;
}

void fwd_remove(pid_t pid)
{
    for (struct fwd **pp = &buckets[pid % FWD_BUCKETS]; *pp; pp = &(*pp)->next) {
        if ((*pp)->pid == pid) {
            struct fwd *f = *pp;
            *pp = f->next;
            kfree(f);
            entries--;
            return;
        }
    }
}
