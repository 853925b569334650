// SPDX-License-Identifier: MIT
/* route_send: decide where a message goes. One node so far: a KERNEL link's
 * message goes to kcontrol, any other to the target's queue. Answers to
 * calls never wait for queue room: a caller has at most one call open. */
#include "kernel/route.h"
#include "kernel/ipc.h"
#include "kernel/kcontrol.h"
#include "kernel/cmdline.h"

int route_send(struct kmsg *m, const struct link *l, struct proc **full)
{
    if (l->node_hint != boot_opts.node)
        return -E_DOWN;         /* no inter-kernel transport on this build */
    if (l->flags & LINK_KERNEL)
        return kcontrol_handle(m, l);
    struct proc *p = proc_find(l->target);
    if (!p)
        return -E_NOPROC;
    if (!m->token && p->mq.count >= MSGQ_MAX) {
        *full = p;
        return -E_WOULDBLOCK;
    }
    ipc_deliver(p, m);
    return 0;
}
