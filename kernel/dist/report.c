// SPDX-License-Identifier: MIT
/* Reports as text, built whole and handed out in message-sized slices. */
#include "kernel/dist/report.h"
#include "kernel/core/sched.h"
#include "kernel/core/ipc.h"
#include "kernel/core/fastpath.h"
#include "kernel/core/mem.h"
#include "kernel/core/string.h"
#include "kernel/core/console.h"
#include "kernel/net/transport.h"
#include "kernel/net/member.h"
#include "kernel/dist/remote.h"
#include "kernel/dist/locate.h"
#include "kernel/dist/seal.h"
#include "kernel/dist/forward.h"
#include "kernel/dist/migrate.h"
#include "kernel/core/cmdline.h"
#include "drivers/net.h"
#include "demos/fmt.h"
#include "arch/x86/x86.h"

#define REPORT_MAX 16384

struct out { char *buf; uint32_t size, len; };

static void add(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
    va_end(ap);
    o->len += (uint32_t)n < o->size - o->len ? (uint32_t)n : o->size - o->len - 1;
}

const char *proc_state_name(const struct proc *p)
{
    static const char *const names[] = { "ready", "running", "blocked", "stopped", "dead" };
    if (p->mig.moving)
        return "moving";
    if (p->state == P_BLOCKED && p->waiting_on == &p->recvq)
        return "receiving";
    return names[p->state];
}

static void ps(struct out *o)
{
    for (struct proc *p = proc_first(); p; p = p->all_next)
        add(o, "%u.%u %s %s\n", PID_NODE(p->pid), PID_SERIAL(p->pid), p->name, proc_state_name(p));
    for (unsigned b = 0; b < FWD_BUCKETS; b++)
        for (const struct fwd *f = fwd_first_in_bucket(b); f; f = f->next)
            if (!proc_find_record(f->pid))     /* back here: the entry waits unused */
                add(o, "%u.%u - fwd->%u\n", PID_NODE(f->pid), PID_SERIAL(f->pid), f->node);
}

static void stats(struct out *o)
{
    add(o, "msgs_sent=%u\nmsgs_received=%u\nmsgs_queued_max=%u\n", ipc_stats.msgs_sent,
        ipc_stats.msgs_received, ipc_stats.msgs_queued_max);
    add(o, "fastpath_hits=%u\nfastpath_misses=%u\nfastpath_queued=%u\nfastpath_direct=%u\n",
        fastpath_stats.hits, fastpath_stats.misses, fastpath_stats.queued, fastpath_stats.direct);
    add(o, "calls_failed=%u\nstale_replies=%u\nprocesses=%u\nconsole_dropped=%u\n",
        ipc_stats.calls_failed, ipc_stats.stale_replies, proc_count(), console_dropped);
    const struct transport_stats *t = &transport_stats;
    add(o, "frames_sent=%u\nframes_received=%u\nretransmits=%u\nduplicates=%u\n",
        t->frames_sent, t->frames_received, t->retransmits, t->duplicates);
    add(o, "frames_bad=%u\nout_of_order=%u\nsession_resets=%u\nnode_clashes=%u\npeers_up=%u\n",
        t->frames_bad, t->out_of_order, t->resets, t->node_clashes, transport_peers_up());
    add(o, "frames_unauthenticated=%u\nframes_replayed=%u\nhandshakes=%u\nloads_bad=%u\n",
        t->frames_unauthenticated, t->frames_replayed, t->handshakes, t->loads_bad);
    add(o, "hellos_received=%u\nmember_frames_sent=%u\nmember_frames_received=%u\n"
        "member_suspects=%u\nmember_refutes=%u\nmember_downs=%u\n", t->hellos_received,
        member_stats.frames_sent, member_stats.frames_received, member_stats.suspects,
        member_stats.refutes, member_stats.downs);
    add(o, "remote_msgs_out=%u\nremote_msgs_in=%u\nremote_undeliverable=%u\n",
        remote_stats.msgs_out, remote_stats.msgs_in, remote_stats.undeliverable);
    add(o, "msgs_forwarded=%u\nlink_updates_sent=%u\nlink_updates_applied=%u\n",
        forward_stats.msgs_forwarded, forward_stats.link_updates_sent,
        forward_stats.link_updates_applied);
    add(o, "locates_asked=%u\nlocate_held=%u\nlocates_found=%u\nlocates_heard=%u\n",
        locate_stats.asked, locate_stats.held, locate_stats.found, locate_stats.heard);
    add(o, "locates_failed=%u\nrights_refused=%u\n", locate_stats.failed, seal_stats.refused);
    add(o, "order_held=%u\norder_released=%u\norder_late=%u\norder_gaps_skipped=%u\n",
        order_stats.held, order_stats.released, order_stats.late, order_stats.gaps_skipped);
    add(o, "order_resyncs=%u\norder_waits=%u\n", order_stats.resyncs, order_stats.waits);
    add(o, "migrations_in=%u\nmigrations_out=%u\nmigrations_refused=%u\nmigrations_aborted=%u\n",
        migrate_stats.migrations_in, migrate_stats.migrations_out, migrate_stats.refused,
        migrate_stats.aborted);
    add(o, "forwarding_entries=%u\nforwarding_entry_bytes=%u\n", fwd_count(),
        (uint32_t)sizeof(struct fwd));
    add(o, "tsc=%llu\nidle_tsc=%llu\n", (unsigned long long)rdtsc(), (unsigned long long)idle_tsc);
}

static void nodes(struct out *o)
{
    add(o, "node %u (this one) %s\n", boot_opts.node,
        net_present() ? net_driver_name() : "no network");
    o->len += transport_report(o->buf + o->len, o->size - o->len);
}

static void flags_text(struct out *o, const struct link *l)
{
    if (l->flags & LINK_REPLY)
        add(o, " REPLY");
    if (l->flags & LINK_KERNEL)
        add(o, " KERNEL");
    if (l->flags & LINK_DATA)
        add(o, " DATA(%s%s %x+%u)", (l->flags & LINK_READ) ? "r" : "",
            (l->flags & LINK_WRITE) ? "w" : "", l->data_base, l->data_len);
}

static int links(struct out *o, pid_t pid)
{
    struct proc *p = proc_find(pid);
    if (!p || PID_SERIAL(pid) == 0)
        return -E_NOPROC;
    struct link_table *t = &p->links;
    for (int i = link_next_used(t, 0); i >= 0; i = link_next_used(t, i + 1)) {
        const struct link *l = &t->slot[i];
        add(o, "%d -> %u.%u node %u epoch %u chan %u", LINK_HANDLE(i, t->gen[i]),
            PID_NODE(l->target), PID_SERIAL(l->target), l->node_hint, l->epoch, l->channel);
        flags_text(o, l);
        add(o, "\n");
    }
    return 0;
}

static void mem(struct out *o)
{
    uint32_t user = 0;
    for (struct proc *p = proc_first(); p; p = p->all_next)
        user += pgdir_user_pages(p->pgdir);
    add(o, "frames_total=%u\nframes_free=%u\nuser_pages=%u\nkheap_used=%u\n",
        frames_total(), frames_free(), user, (uint32_t)kheap_in_use());
}

int report_text(uint32_t report, pid_t pid, uint32_t offset, char *buf, uint32_t size)
{
    static char text[REPORT_MAX];
    struct out o = { text, sizeof(text), 0 };
    switch (report) {
    case REPORT_PS: ps(&o); break;
    case REPORT_STATS: stats(&o); break;
    case REPORT_MEM: mem(&o); break;
    case REPORT_NODES: nodes(&o); break;
    case REPORT_LINKS: {
        int r = links(&o, pid);
        if (r < 0)
            return r;
        break;
    }
    default: return -E_INVAL;
    }
    if (offset >= o.len)
        return 0;
    uint32_t n = o.len - offset < size ? o.len - offset : size;
    memcpy(buf, text + offset, n);
    return (int)n;
}

uint32_t report_proc(struct proc *p, char *buf, uint32_t size)
{
    struct out o = { buf, size, 0 };
    add(&o, "pid=%u.%u\nname=%s\nstate=%s\nmsgs_sent=%u\nmsgs_received=%u\nqueued=%u\npages=%u\n",
        PID_NODE(p->pid), PID_SERIAL(p->pid), p->name, proc_state_name(p), p->msgs_sent,
        p->msgs_received, p->mq.count, pgdir_user_pages(p->pgdir));
    return o.len;
}
