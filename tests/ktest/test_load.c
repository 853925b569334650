// SPDX-License-Identifier: MIT
/* In-kernel tests of the load figures: an idle node's; a HELLO's load
 * report is taken only when well formed (else counted in loads_bad) and
 * forgotten with the peer. */
#include "kernel/ktest.h"
#include "kernel/core/mem.h"
#include "kernel/core/sched.h"
#include "arch/x86/pit.h"
#include "arch/x86/x86.h"
#include "kernel/core/load.h"
#include "kernel/core/proc.h"
#include "kernel/net/peer.h"
#include "kernel/net/transport.h"
#include "kernel/net/wire.h"

#define NOBODY 200              /* a node number no test machine has */

/* (A CPU-bound process cannot be watched from here: the tests run as the
 * idle loop, which gets the CPU only when nobody else wants it. The
 * cluster cases see burn's load instead.) */
KTEST(load_of_an_idle_node_is_near_zero_and_its_free_pages_within_its_frames)
{
    uint64_t end = ticks + (LOAD_WINDOW_MS + 100) * TICK_HZ / 1000;
    while (ticks < end) {               /* a whole second with nobody else running */
        schedule();
        sti();
        hlt();
        cli();
    }
    struct node_load l = load_now();
    KEXPECT(l.runnable_x100 < 20);
    KEXPECT(l.busy_pct < 20);
    KEXPECT_EQ(0, l.runnable_now);
    KEXPECT(l.free_pages > 0);
    KEXPECT(l.free_pages + LOAD_FREE_KEPT <= frames_free());
}

KTEST(load_report_in_hello_taken_when_well_formed_and_forgotten_when_down)
{
    uint8_t b[WIRE_LOAD_LEN + 4];
    struct wire_load l = { 0, 0, 300, 100, 0, 1234 };
    struct node_load got;
    uint32_t age, bad = transport_stats.loads_bad;
    wire_put_load(b, &l);
    peers[NOBODY].up = true;
    hello_take_load(NOBODY, b, 0);              /* no report: nothing known, nothing wrong */
    KEXPECT(!transport_peer_load(NOBODY, &got, &age));
    hello_take_load(NOBODY, b, WIRE_LOAD_LEN);
    KEXPECT(transport_peer_load(NOBODY, &got, &age));
    KEXPECT_EQ(300, got.runnable_x100);
    KEXPECT_EQ(1234, got.free_pages);
    hello_take_load(NOBODY, b, WIRE_LOAD_LEN - 1);      /* short */
    b[0] = WIRE_LOAD_VERSION + 1;                       /* unknown version */
    hello_take_load(NOBODY, b, WIRE_LOAD_LEN);
    KEXPECT_EQ(bad + 2, transport_stats.loads_bad);
    KEXPECT(transport_peer_load(NOBODY, &got, &age));   /* the good one stands */
    KEXPECT_EQ(300, got.runnable_x100);
    peer_down(NOBODY);
    KEXPECT(!transport_peer_load(NOBODY, &got, &age));
}
