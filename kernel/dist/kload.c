// SPDX-License-Identifier: MIT
/* KOP_LOAD: this node's load figures and every up peer's, as their HELLOs
 * carried them; KOP_PROCS: each process here with its runnable share, how
 * long it has been here and whether the policy may move it. */
#include "kernel/dist/kload.h"
#include "kernel/core/load.h"
#include "kernel/core/sched.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/string.h"
#include "kernel/net/transport.h"
#include "arch/x86/paging.h"
#include "arch/x86/pit.h"
#include "demos/ipc.h"

#define TICKS_MS(t) ((uint32_t)((t) * 1000 / TICK_HZ))

uint32_t kload_nodes(void *buf, uint32_t size)
{
    struct kop_load_head head = { TICKS_MS(ticks), 0 };
    struct kop_load *out = (struct kop_load *)((uint8_t *)buf + sizeof(head));
    uint32_t max = (size - sizeof(head)) / sizeof(*out);
    struct node_load l = load_now();
    uint32_t age;
    out[head.count++] = (struct kop_load){ boot_opts.node, l.runnable_x100, l.busy_pct,
                                           l.free_pages, 0, l.runnable_now };
    for (unsigned n = 1; n <= 254 && head.count < max && head.count < KOP_LOAD_MAX; n++)
        if (n != boot_opts.node && transport_peer_load(n, &l, &age))
            out[head.count++] = (struct kop_load){ n, l.runnable_x100, l.busy_pct,
                                                   l.free_pages, age, 0 };
    memcpy(buf, &head, sizeof(head));
    return (uint32_t)sizeof(head) + head.count * (uint32_t)sizeof(*out);
}

uint32_t kload_procs(void *buf, uint32_t size)
{
    struct kop_proc *out = buf;
    uint32_t n = 0, max = size / sizeof(*out);
    for (struct proc *p = proc_first(); p && n < max && n < KOP_PROCS_MAX; p = p->all_next) {
        if (p->killed || p->mig.arriving)
            continue;
        uint32_t flags = (p->service ? KOP_PROC_SERVICE : 0) | (p->stay ? KOP_PROC_STAY : 0) |
                         (p->mig.came_from ? KOP_PROC_MOVED : 0) |
                         (p->stopped || p->mig.moving ? KOP_PROC_BUSY : 0);
        out[n++] = (struct kop_proc){ p->pid, p->load.runnable_pct,
                                      TICKS_MS(ticks - p->load.placed_tick), flags,
                                      pgdir_user_pages(p->pgdir) };
    }
    return n * (uint32_t)sizeof(*out);
}
