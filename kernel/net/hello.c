// SPDX-License-Identifier: MIT
/* Discovery and the streams' own liveness: every node broadcasts HELLO (at
 * boot, then at a period that grows with the peers it has, so the HELLOs a
 * node hears a second stay bounded); a node heard for the first time (or in
 * another boot) gets a handshake (kernel/net/session.c). Membership
 * (kernel/net/member.c, SWIM) says when a peer is down; it is told here of a
 * stream left unacknowledged in silence, and a peer that acknowledged
 * nothing of what waits for it for PEER_UNACKED_MS is down at once. Also
 * datagrams, broadcast or to one peer (kernel/net/receive.c takes them from
 * peers in session only), and the peer report. HELLOs carry the load report
 * (kernel/core/load.c). */
#include "kernel/net/peer.h"
#include "kernel/net/transport.h"
#include "kernel/net/auth.h"
#include "kernel/net/member.h"
#include "kernel/core/sched.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/printk.h"
#include "kernel/core/string.h"
#include "arch/x86/pit.h"
#include "demos/fmt.h"
#include "kernel/net/wire_format.h"
#include "kernel/net/wire.h"
#include "kernel/core/load.h"

#define HELLO_MS 150            /* the HELLO period up to 7 peers, */
#define HELLO_PER_PEER_MS 20     /* then this per peer: at most 50 HELLOs a second heard */
/* Frames waiting for it, nothing heard from it since they began to wait:
 * membership suspects it (and pings it; a live peer refutes). */
#define STREAM_SILENT_MS 500
/* Heard but acknowledging nothing: about 20 retransmissions at the longest
 * timeout, so a wire losing 20% each way (36% of round trips) does not fake
 * it; 3 s (10 tries) did, once in about 4 runs of 30,000 calls. */
#define PEER_UNACKED_MS 10000
#define MS_TICKS(ms) ((uint64_t)(ms) * TICK_HZ / 1000)

static const uint8_t broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static uint64_t next_hello;

/* Every HELLO carries the load of the last whole second. */
void hello_send(void)
{
    uint8_t f[WIRE_FRAME_LEN(WIRE_LOAD_LEN)];
    struct node_load now = load_now();
    struct wire_load l = { WIRE_LOAD_VERSION, WIRE_LOAD_LEN,
                           (uint16_t)(now.runnable_x100 > 0xFFFF ? 0xFFFF : now.runnable_x100),
                           (uint16_t)now.busy_pct, 0, now.free_pages };
    peer_frame_header(f, WIRE_NODE_BROADCAST, broadcast, WIRE_HELLO, WIRE_LOAD_LEN);
    wire_put_load(f + ETH_HLEN + WIRE_HDR_LEN, &l);
    peer_seal(f, sizeof(f));
    if (net_transmit(f, sizeof(f)) == 0) {
        uint32_t ms = transport_peers_up() * HELLO_PER_PEER_MS;
        ms = ms > HELLO_MS ? ms : HELLO_MS;
        transport_stats.frames_sent++;
        uint32_t jitter = (uint32_t)(ticks * 7919 + boot_opts.node * 31) % (ms / 2);
        next_hello = ticks + MS_TICKS(ms - ms / 4 + jitter);   /* never in step */
    } else {
        next_hello = ticks + 1;     /* a full ring must not silence us */
    }
}

/* An empty payload is a node that reports no load; anything else must be a
 * report this kernel can read, within the frame's own length. */
void hello_take_load(unsigned node, const uint8_t *payload, uint32_t len)
{
    struct wire_load l;
    if (len == 0)
        return;
    if (wire_get_load(payload, len, &l) != 0) {
        transport_stats.loads_bad++;
        return;
    }
    struct peer *p = &peers[node];
    p->load = (struct node_load){ l.runnable_x100, l.busy_pct, l.free_pages, 0 };
    p->load_heard = ticks;
    p->load_valid = true;
}

bool transport_peer_load(unsigned node, struct node_load *out, uint32_t *age_ms)
{
    if (node == 0 || node > PEER_MAX || !peers[node].load_valid)    /* peer_down clears it */
        return false;
    *out = peers[node].load;
    *age_ms = (uint32_t)((ticks - peers[node].load_heard) * 1000 / TICK_HZ);
    return true;
}

static int dgram(unsigned node, const uint8_t *mac, uint16_t kind, const void *data,
                 uint32_t len)
{
    static uint8_t f[WIRE_FRAME_LEN(WIRE_PAYLOAD_MAX)];
    struct wire_hdr h;
    if (!net_present())
        return -E_DOWN;
    if (len > WIRE_PAYLOAD_MAX)
        return -E_TOOBIG;
    peer_frame_header(f, node, mac, WIRE_DGRAM, (uint16_t)len);
    wire_get_hdr(f + ETH_HLEN, WIRE_HDR_LEN, &h);
    h.kind = kind;
    h.nfrags = 1;
    wire_put_hdr(f + ETH_HLEN, &h);
    memcpy(f + ETH_HLEN + WIRE_HDR_LEN, data, len);
    peer_transmit(f, WIRE_FRAME_LEN(len));
    return 0;
}

int transport_broadcast(uint16_t kind, const void *data, uint32_t len)
{
    return dgram(WIRE_NODE_BROADCAST, broadcast, kind, data, len);
}

int transport_dgram(unsigned node, uint16_t kind, const void *data, uint32_t len)
{
    if (node == 0 || node >= WIRE_NODE_BROADCAST || !peers[node].up)
        return -E_DOWN;
    return dgram(node, peers[node].mac, kind, data, len);   /* sealed in its session */
}

void hello_tick(void)
{
    if (ticks >= next_hello)
        hello_send();
    for (unsigned n = 1; n <= PEER_MAX; n++) {
        struct peer *p = &peers[n];
        if (!p->up || !p->txq || !p->txq->sent)
            continue;
        uint64_t since = p->last_heard > p->ack_since ? p->last_heard : p->ack_since;
        if (ticks - p->ack_since > MS_TICKS(PEER_UNACKED_MS)) {
            printk("demos: node %u down (nothing acknowledged for %u ms)\n", n, PEER_UNACKED_MS);
            peer_down(n);
        } else if (ticks - since > MS_TICKS(STREAM_SILENT_MS)) {
            member_stream_silent(n);
        }
    }
}

uint32_t transport_report(char *buf, uint32_t size)
{
    uint32_t len = 0;
    for (unsigned n = 1; n <= PEER_MAX && len < size; n++) {
        struct peer *p = &peers[n];
        if (!p->known && p->foreign_key && p->foreign_seen >= FOREIGN_SEEN)
            len += (uint32_t)fmt_snprintf(buf + len, size - len,
                                          "node %u refused: key id %08x, ours %08x\n", n,
                                          p->foreign_key, auth_key_id);
        if (!p->known && p->asked)
            len += (uint32_t)fmt_snprintf(buf + len, size - len,
                                          "node %u not heard yet (asked for)\n", n);
        if (!p->known)
            continue;
        const char *state = !p->up ? "down" : member_suspected(n) ? "up (suspected)" : "up";
        len += (uint32_t)fmt_snprintf(buf + len, size - len,
            "node %u %s mac %02x:%02x:%02x:%02x:%02x:%02x last heard %u ms ago", n, state,
            p->mac[0], p->mac[1], p->mac[2], p->mac[3], p->mac[4], p->mac[5],
            (uint32_t)((ticks - p->last_heard) * 1000 / TICK_HZ));
        if (len < size)
            len += session_report(p, buf + len, size - len);
        if (len < size)
            len += (uint32_t)fmt_snprintf(buf + len, size - len, "\n");
    }
    return len < size ? len : size;
}
