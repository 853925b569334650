// SPDX-License-Identifier: MIT
/* The IPC fast path's general-path side: a message the general path made
 * (from another node, or a release from the hold) written straight into a
 * receiver that waits for it; and the fast path's counters. The send side
 * is kernel/core/fastsend.h. */
#include "kernel/core/fastpath.h"
#include "kernel/core/fastsend.h"

struct fastpath_stats fastpath_stats;

bool fastpath_deliver(struct proc *p, struct kmsg *m)
{
    struct msg *k;
    int32_t reply = LINK_NONE;
    if (m->has_link || m->status != 0 || !waits_for(p, m->channel) ||
        !(k = user_msg_waiting(p, m->len)))
        return false;
    if (m->has_reply) {
        struct link *r = link_claim(&p->links, 2, &reply);
        if (!r)
            return false;
        *r = m->reply;
    }
    put(p, k, m->sender, m->channel, m->len, m->body, reply);
    sched_make_runnable(p);
    kmsg_free(m);
    fastpath_stats.direct++;
    return true;
}
