// SPDX-License-Identifier: MIT
/* route_send: decide where a message goes: the target's queue here, this
 * kernel (KERNEL links), or away — another node, or on along a forwarding
 * address — through the handlers the distributed layer sets at boot.
 * Answers to calls never wait for queue room: a caller has at most one
 * call open. */
#include "kernel/core/route.h"
#include "kernel/core/ipc.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"
#include "kernel/core/order.h"

#define MSGQ_REMOTE_MAX (4 * MSGQ_MAX)

static int nowhere(struct kmsg *m, const struct link *l)
{
    (void)m, (void)l;
    return -E_NOPROC;
}

static route_fn remote = nowhere, moved = nowhere, kernel_op = nowhere;

void route_set(route_fn remote_fn, route_fn moved_fn, route_fn kernel_fn)
{
    remote = remote_fn;
    moved = moved_fn;
    kernel_op = kernel_fn;
}

int route_send(struct kmsg *m, const struct link *l, struct proc **full)
{
    if (l->node_hint != boot_opts.node)
        return remote(m, l);
    struct proc *p = PID_SERIAL(l->target) ? proc_find(l->target) : 0;
    /* Another incarnation's process with the same id is not the target:
     * the link's may still have a forwarding entry here, else E_NOPROC. */
    if (PID_SERIAL(l->target) && (!p || !incarnation_reaches(l->incarnation, p->incarnation)))
        return moved(m, l);             /* it left: a forwarding entry, or E_NOPROC */
    if (l->flags & LINK_KERNEL) {
        if (!p && !incarnation_reaches(l->incarnation, node_incarnation))
            return -E_NOPROC;           /* N.0 of an earlier boot of this node */
        return kernel_op(m, l);
    }
    /* From another node nobody can wait here: only a hard cap applies. A
     * numbered message (never an answer) that finds no room, or comes out
     * of its sender's last turn, is order.c's: it skips or holds numbers. */
    if (!m->token && p->mq.count >= (m->remote ? MSGQ_REMOTE_MAX : MSGQ_MAX)) {
        if (m->seq)
            return order_deliver(p, m, full);
        *full = p;
        return -E_WOULDBLOCK;
    }
    if (m->seq && !order_in_turn(&p->order, m))
        return order_deliver(p, m, full);
    ipc_deliver(p, m);
    return 0;
}
