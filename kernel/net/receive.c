// SPDX-License-Identifier: MIT
/* The transport's receiving side: every frame from the wire is checked
 * before use: its tag first (kernel/net/auth.c; a wrong one is counted in
 * frames_unauthenticated), then its freshness in the pair's session
 * (kernel/net/session.c: frames_replayed), its fields (frames_bad); then it
 * is acknowledged, reassembled into messages and handed up in order (to the
 * handler its kind registered, kernel/net/service.c). */
#include "kernel/net/transport.h"
#include "kernel/net/peer.h"
#include "kernel/net/wire.h"
#include "kernel/net/service.h"
#include "kernel/net/auth.h"
#include "kernel/net/member.h"
#include "kernel/core/mem.h"
#include "kernel/core/sched.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/printk.h"
#include "kernel/core/string.h"
#include "arch/x86/pit.h"

/* A DATA frame in sequence: add it to the message being reassembled and
 * hand the message up when its last fragment is in. */
static void take_data(unsigned node, const struct wire_hdr *h, const uint8_t *payload)
{
    struct peer *p = &peers[node];
    if (h->nfrags == 1) {               /* whole in one frame: no copy */
        kfree(p->reasm);
        p->reasm = 0;
        service_deliver(node, h->kind, payload, h->len);
        return;
    }
    if (h->frag == 0) {
        kfree(p->reasm);
        p->reasm = kmalloc((uint32_t)h->nfrags * WIRE_PAYLOAD_MAX);
        p->reasm_len = 0;
        p->reasm_kind = h->kind;
        p->reasm_next = 0;
    }
    if (!p->reasm || h->frag != p->reasm_next || h->kind != p->reasm_kind) {
        transport_stats.frames_bad++;   /* a fragment out of place: drop the message */
        kfree(p->reasm);
        p->reasm = 0;
        return;
    }
    memcpy(p->reasm + p->reasm_len, payload, h->len);
    p->reasm_len += h->len;
    p->reasm_next++;
    if (h->frag + 1 == h->nfrags) {
        uint8_t *msg = p->reasm;
        p->reasm = 0;
        service_deliver(node, h->kind, msg, p->reasm_len);
        kfree(msg);
    }
}

static void receive_data(unsigned node, const struct wire_hdr *h, const uint8_t *payload)
{
    struct peer *p = &peers[node];
    if (h->nfrags == 0 || h->frag >= h->nfrags) {
        transport_stats.frames_bad++;
        return;
    }
    if (h->sess != p->rsess) {
        /* A session we do not know, not from its start: its seq 0 may only
         * be late (reordered, or lost and sent again); only if we forgot
         * the peer's session (declared it down) may it wait for a seq 0
         * we took already, so then ask for a new one. Asked otherwise, the
         * peer would send again what we may have taken meanwhile
         * (tests/model/transport.pml, -DRESET_ON_UNKNOWN). */
        if (h->seq != 0) {
            transport_stats.out_of_order++;
            if (!p->rsess_lost)
                return;
            uint8_t f[WIRE_FRAME_LEN(0)];
            struct wire_hdr r;
            peer_frame_header(f, node, p->mac, WIRE_RESET, 0);
            wire_get_hdr(f + ETH_HLEN, WIRE_HDR_LEN, &r);
            r.ack_sess = h->sess;
            wire_put_hdr(f + ETH_HLEN, &r);
            peer_transmit(f, sizeof(f));
            return;
        }
        p->rsess = h->sess;
        p->rsess_lost = false;
        p->expected = 0;
        kfree(p->reasm);
        p->reasm = 0;
    }
    if (h->seq == p->expected) {
        p->expected++;
        /* Acknowledge every ACK_EVERY frames and the end of a message of
         * several, before it is handed up (taking it may take a while: the
         * peer's timer must not run out meanwhile). A message of one frame
         * is acknowledged by the next frame sent to the peer (a call's
         * reply carries it), else by the tick within a millisecond. */
        if (++p->unacked >= ACK_EVERY || (h->frag + 1 == h->nfrags && h->nfrags > 1)) {
            p->unacked = 0;
            peer_send_ack(node, WIRE_ACK);
        }
        take_data(node, h, payload);
        return;
    } else if (h->seq < p->expected) {
        transport_stats.duplicates++;
    } else {
        transport_stats.out_of_order++;
    }
    p->unacked = 0;
    peer_send_ack(node, WIRE_ACK);
}

/* The NIC's receive callback: check everything, then act. Nothing in a
 * frame is believed before its tag is checked, but the length that says
 * where the tag is. */
void transport_receive_frame(const uint8_t *f, uint32_t len)
{
    struct wire_hdr h;
    if (len < ETH_HLEN || f[ETH_TYPE_OFF] != (WIRE_ETHERTYPE >> 8) ||
        f[ETH_TYPE_OFF + 1] != (WIRE_ETHERTYPE & 0xFF))
        return;                 /* not ours: other traffic on the wire */
    transport_stats.frames_received++;
    if (wire_get_hdr(f + ETH_HLEN, len - ETH_HLEN, &h) != 0 || h.version != WIRE_VERSION ||
        h.len > WIRE_PAYLOAD_MAX || WIRE_FRAME_LEN(h.len) > len) {
        transport_stats.frames_bad++;   /* no tag where one must be */
        return;
    }
    if (h.key_id != auth_key_id) {
        transport_stats.frames_unauthenticated++;
        if (h.type == WIRE_HELLO && h.src != 0 && h.src != WIRE_NODE_BROADCAST &&
            h.src != boot_opts.node)
            session_foreign_key(h.src, h.key_id);
        return;
    }
    if (!auth_check(f, WIRE_FRAME_LEN(h.len) - WIRE_TAG_LEN)) {
        transport_stats.frames_unauthenticated++;
        return;
    }
    if (h.cluster != WIRE_CLUSTER_DEFAULT || h.src == 0 || h.src == WIRE_NODE_BROADCAST ||
        (h.dst != boot_opts.node && h.dst != WIRE_NODE_BROADCAST) ||
        h.type < WIRE_HELLO || h.type > WIRE_HANDSHAKE) {
        transport_stats.frames_bad++;
        return;
    }
    const uint8_t *src_mac = f + ETH_ALEN;
    const uint8_t *payload = f + ETH_HLEN + WIRE_HDR_LEN;
    if (h.src == boot_opts.node) {
        static uint8_t clash_mac[ETH_ALEN];     /* the last one reported */
        if (memcmp(src_mac, net_mac(), ETH_ALEN) != 0 && h.type == WIRE_HELLO &&
            memcmp(src_mac, clash_mac, ETH_ALEN) != 0) {
            memcpy(clash_mac, src_mac, ETH_ALEN);   /* once, not every HELLO */
            transport_stats.node_clashes++;
            printk("demos: node number clash: %02x:%02x:%02x:%02x:%02x:%02x also says it is node %u\n",
                   src_mac[0], src_mac[1], src_mac[2], src_mac[3], src_mac[4], src_mac[5], h.src);
        }
        return;
    }
    if (h.type == WIRE_HANDSHAKE) {
        session_handshake(h.src, &h, src_mac, payload);
        return;
    }
    if (!session_fresh(h.src, &h, src_mac))
        return;
    struct peer *p = &peers[h.src];
    p->last_heard = ticks;
    member_heard(h.src);
    if (h.type == WIRE_HELLO) {
        transport_stats.hellos_received++;
        hello_take_load(h.src, payload, h.len);
        return;
    }
    if (h.type == WIRE_DGRAM) {         /* one frame, outside the stream */
        service_deliver(h.src, h.kind, payload, h.len);
        return;
    }
    if (h.type == WIRE_RESET) {
        if (h.ack_sess == p->sess && p->txq)
            peer_restart_session(h.src);
        return;
    }
    peer_take_ack(h.src, &h);
    if (h.type == WIRE_DATA)
        receive_data(h.src, &h, payload);
}
