// SPDX-License-Identifier: MIT
/* route_send: decide where a message goes: another node (kernel/dist/remote.c),
 * on along a forwarding address (kernel/dist/forward.c), this kernel (KERNEL
 * links, kernel/dist/kcontrol.c), or the target's queue.
 * Answers to calls never wait for queue room: a caller has at most one
 * call open. */
#include "kernel/core/route.h"
#include "kernel/core/ipc.h"
#include "kernel/dist/kcontrol.h"
#include "kernel/core/cmdline.h"
#include "kernel/dist/remote.h"
#include "kernel/dist/forward.h"

#define MSGQ_REMOTE_MAX (4 * MSGQ_MAX)

int route_send(struct kmsg *m, const struct link *l, struct proc **full)
{
    if (l->node_hint != boot_opts.node)
        return remote_send(m, l);
    struct proc *p = PID_SERIAL(l->target) ? proc_find(l->target) : 0;
    if (PID_SERIAL(l->target) && !p) {
        struct fwd *f = fwd_find(l->target);
        return f ? forward_msg(m, l, f) : -E_NOPROC;
    }
    if (l->flags & LINK_KERNEL)
        return kcontrol_handle(m, l);
    /* From another node nobody can wait here: only a hard cap applies. */
    if (!m->token && p->mq.count >= (m->remote ? MSGQ_REMOTE_MAX : MSGQ_MAX)) {
        *full = p;
        return -E_WOULDBLOCK;
    }
    ipc_deliver(p, m);
    return 0;
}
