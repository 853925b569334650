// SPDX-License-Identifier: MIT
/* Discovery and liveness: every node broadcasts HELLO; any frame from a
 * peer counts as a sign of life; a peer silent for PEER_DOWN_MS is declared
 * down, which fails every message waiting on it. Also the peer report. */
#include "kernel/net/peer.h"
#include "kernel/net/transport.h"
#include "kernel/core/sched.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/printk.h"
#include "kernel/core/string.h"
#include "arch/x86/pit.h"
#include "demos/fmt.h"
#include "kernel/net/wire_format.h"

#define HELLO_MS 150
#define PEER_DOWN_MS 3000        /* 20 HELLOs: a lossy wire never fakes a death */
#define MS_TICKS(ms) ((uint64_t)(ms) * TICK_HZ / 1000)

static const uint8_t broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static uint64_t next_hello;

void hello_send(void)
{
    uint8_t f[ETH_HLEN + WIRE_HDR_LEN];
    peer_frame_header(f, WIRE_NODE_BROADCAST, broadcast, WIRE_HELLO, 0);
    if (net_transmit(f, sizeof(f)) == 0) {
        transport_stats.frames_sent++;
        next_hello = ticks + MS_TICKS(HELLO_MS);
    } else {
        next_hello = ticks + 1;     /* a full ring must not silence us */
    }
}

struct peer *peer_heard(unsigned node, const uint8_t *mac, uint32_t boot)
{
    struct peer *p = &peers[node];
    if (p->known && p->up && boot != p->boot) {
        printk("demos: node %u restarted\n", node);
        peer_down(node);
    }
    if (!p->up)
        printk("demos: node %u up\n", node);
    p->known = p->up = true;
    memcpy(p->mac, mac, ETH_ALEN);
    p->boot = boot;
    p->last_heard = ticks;
    return p;
}

void hello_tick(void)
{
    if (ticks >= next_hello)
        hello_send();
    for (unsigned n = 1; n <= PEER_MAX; n++) {
        struct peer *p = &peers[n];
        if (p->up && ticks - p->last_heard > MS_TICKS(PEER_DOWN_MS)) {
            printk("demos: node %u down (silent %u ms)\n", n, PEER_DOWN_MS);
            peer_down(n);
        }
    }
}

uint32_t transport_report(char *buf, uint32_t size)
{
    uint32_t len = 0;
    for (unsigned n = 1; n <= PEER_MAX && len < size; n++) {
        struct peer *p = &peers[n];
        if (!p->known)
            continue;
        len += (uint32_t)fmt_snprintf(buf + len, size - len,
            "node %u %s mac %02x:%02x:%02x:%02x:%02x:%02x last heard %u ms ago\n", n,
            p->up ? "up" : "down", p->mac[0], p->mac[1], p->mac[2], p->mac[3], p->mac[4],
            p->mac[5], (uint32_t)((ticks - p->last_heard) * 1000 / TICK_HZ));
    }
    return len < size ? len : size;
}
