// SPDX-License-Identifier: MIT
/* Discovery and liveness: every node broadcasts HELLO, and answers a node
 * it hears for the first time with a HELLO of its own at once; any frame
 * from a peer counts as a sign of life; a peer silent for PEER_DOWN_MS is
 * declared down. Also broadcast datagrams (kernel/net/receive.c takes them
 * from peers it has met only), and the peer report. */
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

/* A HELLO to node alone: a newcomer learns us now, not at our next round. */
static void hello_answer(unsigned node, const uint8_t *mac)
{
    uint8_t f[ETH_HLEN + WIRE_HDR_LEN];
    peer_frame_header(f, node, mac, WIRE_HELLO, 0);
    peer_transmit(f, sizeof(f));
}

int transport_broadcast(uint16_t kind, const void *data, uint32_t len)
{
    static uint8_t f[ETH_HLEN + WIRE_HDR_LEN + WIRE_PAYLOAD_MAX];
    struct wire_hdr h;
    if (!net_present())
        return -E_DOWN;
    if (len > WIRE_PAYLOAD_MAX)
        return -E_TOOBIG;
    peer_frame_header(f, WIRE_NODE_BROADCAST, broadcast, WIRE_DGRAM, (uint16_t)len);
    wire_get_hdr(f + ETH_HLEN, WIRE_HDR_LEN, &h);
    h.kind = kind;
    h.nfrags = 1;
    wire_put_hdr(f + ETH_HLEN, &h);
    memcpy(f + ETH_HLEN + WIRE_HDR_LEN, data, len);
    peer_transmit(f, ETH_HLEN + WIRE_HDR_LEN + len);
    return 0;
}

struct peer *peer_heard(unsigned node, const uint8_t *mac, uint32_t boot)
{
    struct peer *p = &peers[node];
    if (p->known && p->up && boot != p->boot) {
        printk("demos: node %u restarted\n", node);
        peer_down(node);
    }
    bool was_up = p->up;
    if (!was_up)
        printk("demos: node %u up\n", node);
    p->known = p->up = true;
    memcpy(p->mac, mac, ETH_ALEN);
    p->boot = boot;
    p->last_heard = ticks;
    if (!was_up)
        hello_answer(node, mac);
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
        if (!p->known && p->asked)
            len += (uint32_t)fmt_snprintf(buf + len, size - len,
                                          "node %u not heard yet (asked for)\n", n);
        if (!p->known)
            continue;
        len += (uint32_t)fmt_snprintf(buf + len, size - len,
            "node %u %s mac %02x:%02x:%02x:%02x:%02x:%02x last heard %u ms ago\n", n,
            p->up ? "up" : "down", p->mac[0], p->mac[1], p->mac[2], p->mac[3], p->mac[4],
            p->mac[5], (uint32_t)((ticks - p->last_heard) * 1000 / TICK_HZ));
    }
    return len < size ? len : size;
}
