// SPDX-License-Identifier: MIT
/* Delivery into a local process (straight into its waiting receive, else
 * its queue); the kernel's own answers; and what happens to messages and
 * links when a process ends, so that no caller waits forever. */
#include "kernel/core/ipc.h"
#include "kernel/core/route.h"
#include "kernel/core/fastpath.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/string.h"

void ipc_deliver(struct proc *p, struct kmsg *m)
{
    if (m->token && m->token != p->call_token) {
        /* An answer to a call that already gave up: nobody wants it. */
        ipc_stats.stale_replies++;
        if (m->has_link)
            ipc_discard_link(&m->carried);
        kmsg_free(m);
        return;
    }
    if (!fastpath_deliver(p, m))
        ipc_queue(p, m);
}


void ipc_answer(const struct link *reply, int status, const void *body, uint32_t len,
                const struct link *carry)
{
    struct kmsg *m = kmsg_alloc();
    struct proc *full = 0;
    if (!m)
        return;
    m->sender = PID_MAKE(boot_opts.node, 0);
    m->origin = (uint16_t)boot_opts.node;
    m->channel = reply->channel;
    m->token = reply->token;
    m->status = status;
    m->len = len <= MSG_BODY_MAX ? len : MSG_BODY_MAX;
    memcpy(m->body, body, m->len);
    if (carry) {
        m->has_link = true;
        m->carried = *carry;
    }
    if (route_send(m, reply, &full) != 0) {
        if (m->has_link)
            ipc_discard_link(&m->carried);
        kmsg_free(m);
    }
}

void ipc_answer_error(const struct link *reply, int status)
{
    ipc_answer(reply, status, 0, 0, 0);
}

void ipc_discard_link(const struct link *l)
{
    if (l->flags & LINK_REPLY)
        ipc_answer_error(l, -E_NOPROC);
}

void ipc_discard_msg(struct kmsg *m, int status)
{
    if (m->has_reply)
        ipc_answer_error(&m->reply, status);
    if (m->has_link)
        ipc_discard_link(&m->carried);
    kmsg_free(m);
}

void ipc_proc_exit(struct proc *p)
{
    struct kmsg *m;
    order_unhold(p);
    order_sender_gone(p->pid);
    while ((m = msgq_pop(&p->mq)))
        ipc_discard_msg(m, -E_NOPROC);
    for (int i = link_next_used(&p->links, 0); i >= 0; i = link_next_used(&p->links, i + 1)) {
        struct link l;
        link_remove(&p->links, LINK_HANDLE(i, p->links.gen[i]), &l);
        ipc_discard_link(&l);
    }
    struct kop_reply exit = { 0, (uint32_t)p->exit_code };
    for (uint32_t i = 0; i < p->nwatchers; i++)
        ipc_answer(&p->watchers[i], 0, &exit, sizeof(exit), 0);
    p->nwatchers = 0;
    waitq_wake_all(&p->sendq, -E_NOPROC);
}
