// SPDX-License-Identifier: MIT
/* Kernel-control operations (enum kop in demos/ipc.h): stop, resume, kill
 * and stats of a process; spawn, wait, links to processes and services,
 * the peers up, load (kernel/dist/kload.c), reports and program sizes on
 * the node. The answer goes back
 * on the call's REPLY link. */
#include "kernel/dist/kcontrol.h"
#include "kernel/dist/seal.h"
#include "kernel/core/ipc.h"
#include "kernel/core/exec.h"
#include "kernel/dist/report.h"
#include "kernel/dist/kload.h"
#include "kernel/core/sched.h"
#include "kernel/core/string.h"
#include "kernel/core/mem.h"
#include "kernel/dist/migrate.h"
#include "kernel/dist/forward.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"
#include "kernel/net/transport.h"

struct answer {
    int status;
    struct kop_reply value;
    char text[MSG_BODY_MAX];
    uint32_t text_len;          /* non-zero: answer with text, not value */
    bool has_link;
    struct link link;
};

static void resume(struct proc *p)
{
    if (!p->mig.moving)         /* a move holds it stopped: only the move ends that */
        sched_resume(p);
}

/* Where a deferred answer goes: a link the asker passed on (procmgr passes
 * its clients' REPLY links, and links to itself to hear of its services'
 * ends), else the asker's own call. */
static struct link *answer_link(struct kmsg *m)
{
    if (m->has_link && !(m->carried.flags & (LINK_KERNEL | LINK_DATA)))
        return &m->carried;
    return m->has_reply ? &m->reply : 0;
}

/* The answer link is kept for later: m no longer owns it. */
static void take_answer_link(struct kmsg *m, const struct link *l)
{
    if (l == &m->carried)
        m->has_link = false;
    else
        m->has_reply = false;
}

static void on_process(struct proc *p, uint32_t op, struct kmsg *m, struct answer *a)
{
    if (p->service && (op == KOP_STOP || op == KOP_KILL || op == KOP_MIGRATE)) {
        a->status = -E_PERM;        /* a system service: see SPAWN_SERVICE */
        return;
    }
    switch (op) {
    case KOP_STOP: sched_stop(p); break;
    case KOP_RESUME: resume(p); break;
    case KOP_KILL: {
        struct link *reply = answer_link(m);
        proc_kill(p);
        if (reply && p->nwatchers < EXIT_WATCHERS) {
            p->watchers[p->nwatchers++] = *reply;   /* "killed" once it has ended */
            take_answer_link(m, reply);
        }
        break;
    }
    case KOP_MIGRATE: {
        uint32_t dest = 0;
        memcpy(&dest, m->body + 4, m->len >= 8 ? 4 : 0);
        struct link *reply = answer_link(m);
        a->status = migrate_request(p, dest, reply);
        if (a->status < 0 && reply == &m->carried && !(reply->flags & LINK_REPLY)) {
            ipc_answer_error(reply, a->status);     /* a plain link hears of failure too */
            take_answer_link(m, reply);
        }
        if (a->status == 0 && reply)
            take_answer_link(m, reply);     /* answered when P runs at dest, or gave up */
        break;
    }
    case KOP_STATS:
        a->text_len = report_proc(p, a->text, sizeof(a->text));
        break;
    default: a->status = -E_INVAL;
    }
}

/* Answer when pid ends, with its exit code, or now if it has just ended. */
static void wait(struct kmsg *m, struct answer *a)
{
    const uint32_t *word = (const uint32_t *)m->body;
    struct link *reply = answer_link(m);
    struct proc *p = m->len >= 8 && PID_SERIAL(word[1]) ? proc_find(word[1]) : 0;
    if (!reply) {
        a->status = -E_INVAL;
        return;
    }
    if (!p) {
        int code = 0;
        bool ended = m->len >= 8 && proc_last_exit(word[1], &code);
        struct kop_reply r = { ended ? 0 : -E_NOPROC, (uint32_t)code };
        ipc_answer(reply, r.status, &r, sizeof(r), 0);
    } else if (p->nwatchers >= EXIT_WATCHERS) {
        ipc_answer_error(reply, -E_NOMEM);
    } else {
        p->watchers[p->nwatchers++] = *reply;
    }
    take_answer_link(m, reply);     /* answered here or when p ends */
}

static void spawn(struct kmsg *m, struct answer *a)
{
    struct kop_spawn req;
    memset(&req, 0, sizeof(req));
    memcpy(&req, m->body, m->len < sizeof(req) ? m->len : sizeof(req));
    req.prog[PROG_NAME_MAX - 1] = 0;
    req.args[PROG_ARGS_MAX - 1] = 0;
    uint32_t serial = SPAWN_SERIAL(req.flags);
    if (serial && (!(req.flags & SPAWN_SERVICE) || fwd_find(PID_MAKE(boot_opts.node, serial)))) {
        a->status = -E_PERM;        /* only a service, in a place no process left */
        return;
    }
    int pid = exec_spawn_at(req.prog, req.args, m->has_link ? &m->carried : 0, serial);
    if (pid < 0) {
        a->status = pid;
        return;
    }
    m->has_link = false;            /* now the child's link 1 */
    proc_find((pid_t)pid)->service = (req.flags & SPAWN_SERVICE) != 0;
    proc_find((pid_t)pid)->stay = (req.flags & SPAWN_STAY) != 0;
    a->value.value = (uint32_t)pid;
    a->has_link = true;
    a->link = ipc_link_to(proc_find((pid_t)pid), 0, 0);
}

/* A KERNEL link to pid: here, where it went, or on the node that made it
 * (which forwards, or says there is no such process). */
static void proc_link(pid_t pid, struct answer *a)
{
    struct proc *p = PID_SERIAL(pid) ? proc_find(pid) : 0;
    const struct fwd *f = p ? 0 : fwd_find(pid);
    if (!PID_SERIAL(pid) || (!p && !f && PID_NODE(pid) == boot_opts.node)) {
        a->status = -E_NOPROC;
        return;
    }
    a->has_link = true;
    a->link.target = pid;
    a->link.flags = LINK_KERNEL;
    a->link.node_hint = (uint16_t)(p ? boot_opts.node : f ? f->node : PID_NODE(pid));
    a->link.epoch = p ? p->mig.epoch : f ? f->epoch : 0;
    /* Unknown here (asked by number of a process elsewhere): any. */
    a->link.incarnation = p ? p->incarnation : f ? f->incarnation : INCARNATION_ANY;
    a->link.token = link_seal(&a->link);
    a->value.value = pid;
}

/* Which other nodes are up, as the transport sees them now. */
static void peers(struct answer *a)
{
    memset(a->text, 0, NODE_BITMAP_BYTES);
    for (unsigned n = 1; n < 8 * NODE_BITMAP_BYTES; n++)
        if (n != boot_opts.node && transport_peer_up(n))
            a->text[n / 8] |= (char)(1u << (n % 8));
    a->text_len = NODE_BITMAP_BYTES;
}

/* A plain link to node's name service, N.2 of whichever boot (a switchboard
 * sends its replicas on it). */
static void namesvc_link(uint32_t node, struct answer *a)
{
    if (node < 1 || node > 254) {
        a->status = -E_INVAL;
        return;
    }
    a->has_link = true;
    a->link = (struct link){ .target = NAMESVC_PID(node), .node_hint = (uint16_t)node,
                             .incarnation = INCARNATION_ANY };
    a->value.value = NAMESVC_PID(node);
}

/* A link to the running system service of program name here (a procmgr
 * started again finds its node's memsched so). */
static void service_link(const struct kmsg *m, struct answer *a)
{
    char name[PROG_NAME_MAX] = { 0 };
    if (m->len > 4)
        memcpy(name, m->body + 4, m->len - 4 < PROG_NAME_MAX - 1 ? m->len - 4 : PROG_NAME_MAX - 1);
    for (struct proc *p = proc_first(); p; p = p->all_next) {
        if (p->service && !p->killed && !p->mig.arriving && strcmp(p->name, name) == 0) {
            a->has_link = true;
            a->link = ipc_link_to(p, 0, 0);
            a->value.value = p->pid;
            return;
        }
    }
    a->status = -E_NOENT;
}

static void on_node(uint32_t op, struct kmsg *m, struct answer *a)
{
    const uint32_t *word = (const uint32_t *)m->body;
    switch (op) {
    case KOP_SPAWN: spawn(m, a); break;
    case KOP_WAIT: wait(m, a); break;
    case KOP_PROC_LINK: proc_link(m->len >= 8 ? word[1] : 0, a); break;
    case KOP_PEERS: peers(a); break;
    case KOP_LOAD: a->text_len = kload_nodes(a->text, sizeof(a->text)); break;
    case KOP_PROCS: a->text_len = kload_procs(a->text, sizeof(a->text)); break;
    case KOP_NAMESVC_LINK: namesvc_link(m->len >= 8 ? word[1] : 0, a); break;
    case KOP_SERVICE_LINK: service_link(m, a); break;
    case KOP_SET_BUDGET:
        mem_budget_pages = m->len >= 8 ? word[1] : 0;
        break;
    case KOP_TEXT: {
        struct kop_text req = { 0 };
        memcpy(&req, m->body, m->len < sizeof(req) ? m->len : sizeof(req));
        int n = report_text(req.report, req.pid, req.offset, a->text, TEXT_SLICE);
        if (n < 0)
            a->status = n;
        else
            a->text_len = (uint32_t)n;
        break;
    }
    case KOP_PROG_PAGES: {
        char name[PROG_NAME_MAX] = { 0 };
        if (m->len > 4)
            memcpy(name, m->body + 4, m->len - 4 < PROG_NAME_MAX - 1 ? m->len - 4 : PROG_NAME_MAX - 1);
        int pages = exec_program_pages(name);
        if (pages < 0)
            a->status = pages;
        else
            a->value.value = (uint32_t)pages;
        break;
    }
    default: a->status = -E_INVAL;
    }
}

int kcontrol_handle(struct kmsg *m, const struct link *l)
{
    struct proc *p = 0;
    if (m->remote && !seal_ok(l)) {
        seal_stats.refused++;   /* a KERNEL link no kernel of the cluster issued */
        return -E_PERM;
    }
    if (PID_SERIAL(l->target) != 0 && !(p = proc_find(l->target)))
        return -E_NOPROC;
    static struct answer a;     /* the kernel runs one operation at a time */
    a.status = 0;
    a.value = (struct kop_reply){ 0, 0 };
    a.text_len = 0;
    a.has_link = false;
    uint32_t op = 0;
    memcpy(&op, m->body, m->len >= 4 ? 4 : 0);
    if (m->len < 4)
        a.status = -E_INVAL;
    else if (p)
        on_process(p, op, m, &a);
    else
        on_node(op, m, &a);
    if (m->has_reply) {
        a.value.status = a.status;
        if (a.text_len || (a.status == 0 && (op == KOP_TEXT || op == KOP_PROCS)))
            ipc_answer(&m->reply, a.status, a.text, a.text_len, 0);
        else
            ipc_answer(&m->reply, a.status, &a.value, sizeof(a.value), a.has_link ? &a.link : 0);
        m->has_reply = false;
    }
    if (m->has_link && (m->carried.flags & LINK_REPLY) && a.status < 0) {
        ipc_answer_error(&m->carried, a.status);
        m->has_link = false;
    }
    if (m->has_link)
        ipc_discard_link(&m->carried);
    kmsg_free(m);
    return 0;
}
