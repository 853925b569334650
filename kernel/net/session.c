// SPDX-License-Identifier: MIT
/* Sessions between kernels: opened by a handshake in which each node's fresh
 * random value must come back from the other (so each knows the other's
 * boot is alive now, not replayed), then every frame is taken once, by its
 * counter, in a replay window (kernel/net/replay.c). A node's MAC address,
 * its boot id and a restart are believed only from a handshake. */
#include "kernel/net/peer.h"
#include "kernel/net/transport.h"
#include "kernel/net/auth.h"
#include "kernel/net/random.h"
#include "kernel/net/member.h"
#include "kernel/core/sched.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"
#include "kernel/core/printk.h"
#include "kernel/core/string.h"
#include "arch/x86/pit.h"
#include "demos/fmt.h"

#define HS_GAP_MS 2             /* between handshakes to one node, but a confirmation */

/* The pair's session id: PRF of both node numbers, boot ids and values,
 * the lower node's first, so both ends get the same; never 0. */
static uint32_t session_id(unsigned node, uint64_t mine, uint64_t theirs, uint32_t their_boot)
{
    struct { uint32_t lo_node, hi_node, lo_boot, hi_boot; uint64_t lo, hi; } in;
    bool me_first = boot_opts.node < node;
    in.lo_node = me_first ? boot_opts.node : node;
    in.hi_node = me_first ? node : boot_opts.node;
    in.lo_boot = me_first ? node_incarnation : their_boot;
    in.hi_boot = me_first ? their_boot : node_incarnation;
    in.lo = me_first ? mine : theirs;
    in.hi = me_first ? theirs : mine;
    uint8_t out[16];
    auth_prf(&in, sizeof(in), out);
    uint32_t id;
    memcpy(&id, out, 4);
    return id ? id : 1;
}

/* A handshake to node at mac: ours (confirm: the value the open session was
 * made with), the last of its values heard, the session we hold. */
static void hs_send(unsigned node, const uint8_t *mac, bool confirm)
{
    struct peer *p = &peers[node];
    if (!confirm) {
        if (ticks < p->hs_next)
            return;             /* a flood of old handshakes gets few answers */
        if (!p->my_nonce)
            p->my_nonce = random_u64();
    }
    p->hs_next = ticks + HS_GAP_MS * TICK_HZ / 1000;
    uint8_t f[WIRE_FRAME_LEN(WIRE_HS_LEN)];
    struct wire_hs hs = { confirm ? p->used_nonce : p->my_nonce, p->their_nonce,
                          p->up ? p->session : 0 };
    peer_frame_header(f, node, mac, WIRE_HANDSHAKE, WIRE_HS_LEN);
    wire_put_hs(f + ETH_HLEN + WIRE_HDR_LEN, &hs);
    peer_transmit(f, sizeof(f));
}

/* node's handshake echoed our value: it is alive, in boot h->boot, now. */
static void open_session(unsigned node, const struct wire_hdr *h, const uint8_t *mac,
                         const struct wire_hs *hs)
{
    struct peer *p = &peers[node];
    uint32_t id = session_id(node, p->my_nonce, hs->nonce, h->boot);
    bool same_boot = p->up && p->boot == h->boot;
    if (p->up && !same_boot) {
        printk("demos: node %u restarted\n", node);
        peer_down(node);
    }
    bool was_up = p->up;
    /* In the same boot the counters go on: never open again what was taken. */
    bool counted = p->known && p->boot == h->boot && p->rx.top > h->counter;
    replay_reset(&p->rx, counted ? p->rx.top : h->counter);
    if (p->boot != h->boot)
        p->rsess_lost = false;  /* a new boot holds no session of before */
    p->boot = h->boot;
    p->session = id;
    p->used_nonce = p->my_nonce;
    p->my_nonce = 0;
    p->their_nonce = hs->nonce;
    memcpy(p->mac, mac, ETH_ALEN);
    p->known = p->up = true;
    p->last_heard = ticks;
    p->foreign_key = 0;
    transport_stats.handshakes++;
    if (!was_up)
        printk("demos: node %u up\n", node);
    member_joined(node, h->boot);
    if (hs->have != id)
        hs_send(node, mac, true);
}

void session_open(unsigned node, const uint8_t *mac)
{
    if (node == 0 || node > PEER_MAX || node == boot_opts.node || peers[node].up)
        return;
    hs_send(node, mac, false);
}

void session_handshake(unsigned node, const struct wire_hdr *h, const uint8_t *mac,
                       const uint8_t *payload)
{
    struct peer *p = &peers[node];
    struct wire_hs hs;
    if (wire_get_hs(payload, h->len, &hs) != 0 || !hs.nonce) {
        transport_stats.frames_bad++;
        return;
    }
    if (p->up && h->boot == p->boot) {
        if (!replay_take(&p->rx, h->counter)) {
            transport_stats.frames_replayed++;
            return;
        }
        p->last_heard = ticks;
        if (hs.have == p->session)
            return;             /* it holds our session: nothing to open */
    } else if (p->up) {
        transport_stats.frames_replayed++;     /* another boot: replayed, or a restart to prove */
    }
    if (p->my_nonce && hs.echo == p->my_nonce) {
        open_session(node, h, mac, &hs);
        return;
    }
    p->their_nonce = hs.nonce;
    hs_send(node, mac, false);
}

bool session_fresh(unsigned node, const struct wire_hdr *h, const uint8_t *mac)
{
    struct peer *p = &peers[node];
    if (!p->up) {
        if (h->type != WIRE_HELLO)
            transport_stats.frames_bad++;       /* a stream from a node we have not met */
        hs_send(node, mac, false);
        return false;
    }
    if (h->boot != p->boot) {
        transport_stats.frames_replayed++;     /* an old boot's, or a restart to prove */
        hs_send(node, mac, false);
        return false;
    }
    if (!replay_take(&p->rx, h->counter)) {
        transport_stats.frames_replayed++;
        return false;
    }
    if (memcmp(mac, p->mac, ETH_ALEN) != 0) {
        transport_stats.frames_bad++;           /* only without a key can this be */
        return false;
    }
    if (h->type != WIRE_HELLO && h->type != WIRE_DGRAM && h->session != p->session) {
        transport_stats.frames_replayed++;     /* another session's: ask for ours again */
        hs_send(node, mac, false);
        return false;
    }
    return true;
}

void session_foreign_key(unsigned node, uint32_t key_id)
{
    struct peer *p = &peers[node];
    if (p->known)
        return;                 /* an impostor of a node met: counted, not told */
    if (key_id != p->foreign_key) {
        p->foreign_key = key_id;
        p->foreign_seen = 0;
    }
    if (p->foreign_seen < FOREIGN_SEEN)
        p->foreign_seen++;
    /* A node with another key says so in every HELLO; one frame alone may
     * be anybody's mutation: neither told nor shown. */
    if (p->key_told || p->foreign_seen < FOREIGN_SEEN)
        return;
    p->key_told = true;
    if (!auth_key_id)
        printk("demos: node %u has a cluster key (key id %08x) and this node has none: "
               "not joined\n", node, key_id);
    else if (!key_id)
        printk("demos: node %u has no cluster key (unauthenticated): not joined\n", node);
    else
        printk("demos: node %u has another cluster key (key id %08x, ours %08x): "
               "not joined\n", node, key_id, auth_key_id);
}

uint32_t session_report(const struct peer *p, char *buf, uint32_t size)
{
    if (p->up && auth_key_id)
        return (uint32_t)fmt_snprintf(buf, size, ", key ok (session %08x)", p->session);
    if (p->up)
        return (uint32_t)fmt_snprintf(buf, size, ", no key (unauthenticated, as this node)");
    if (p->my_nonce)
        return (uint32_t)fmt_snprintf(buf, size, ", handshake under way");
    return 0;
}
