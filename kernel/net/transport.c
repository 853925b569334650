// SPDX-License-Identifier: MIT
/* Reliable in-order streams between kernels over raw Ethernet: go-back-N
 * with a window of TX_WINDOW frames, cumulative acknowledgements, and
 * retransmission with exponential back-off. A stream is a session: when a
 * peer goes down or asks for a reset, the next session starts at seq 0.
 * This file sends; kernel/net/receive.c takes what comes. Runs with interrupts
 * off (IRQ or kernel). */
#include "kernel/net/transport.h"
#include "kernel/net/service.h"
#include "kernel/net/peer.h"
#include "kernel/net/wire.h"
#include "kernel/net/auth.h"
#include "kernel/net/random.h"
#include "kernel/net/member.h"
#include "kernel/net/rto.h"
#include "kernel/core/mem.h"
#include "kernel/core/sched.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"
#include "kernel/core/printk.h"
#include "kernel/core/string.h"
#include "arch/x86/pit.h"
#include "arch/x86/x86.h"

#define DUP_ACKS_RESEND 3
#define SMALL_PAYLOAD 256       /* frames up to this much payload are kept for reuse */
#define TXCACHE_MAX 64

struct peer peers[PEER_MAX + 1];
struct transport_stats transport_stats;
static bool running;
/* The last frame number this boot sent: from a random start, so that the
 * tag's nonce (src, boot, counter) stays new even across two boots that
 * drew the same boot id; below 2^62, never wraps. */
static uint64_t tx_counter;

static uint64_t ms_ticks(uint32_t ms) { return (uint64_t)ms * TICK_HZ / 1000; }

/* Small frames come from a cache of their own: a call's frame is taken
 * and given back at every round trip, cheaper than the heap. */
static struct txframe *txcache;
static unsigned txcached;

static struct txframe *txframe_alloc(uint32_t payload)
{
    struct txframe *t = txcache;
    if (payload <= SMALL_PAYLOAD && t) {
        txcache = t->next;
        txcached--;
        return t;
    }
    return kmalloc(sizeof(*t) - ETH_FRAME_MAX +
                   WIRE_FRAME_LEN(payload <= SMALL_PAYLOAD ? SMALL_PAYLOAD : payload));
}

static void txframe_free(struct txframe *t)
{
    if (t->len <= WIRE_FRAME_LEN(SMALL_PAYLOAD) && txcached < TXCACHE_MAX) {
        t->next = txcache;
        txcache = t;
        txcached++;
        return;
    }
    kfree(t);
}

void peer_frame_header(uint8_t *f, unsigned node, const uint8_t *dst_mac, uint8_t type,
                       uint16_t payload_len)
{
    struct wire_hdr h = { 0 };
    memcpy(f, dst_mac, ETH_ALEN);
    memcpy(f + ETH_ALEN, net_mac(), ETH_ALEN);
    f[ETH_TYPE_OFF] = WIRE_ETHERTYPE >> 8;
    f[ETH_TYPE_OFF + 1] = WIRE_ETHERTYPE & 0xFF;
    h.version = WIRE_VERSION;
    h.type = type;
    h.cluster = WIRE_CLUSTER_DEFAULT;
    h.src = (uint8_t)boot_opts.node;
    h.dst = (uint8_t)node;
    h.len = payload_len;
    h.boot = node_incarnation;       /* the boot id */
    h.key_id = auth_key_id;
    if (node != WIRE_NODE_BROADCAST) {
        h.ack_sess = peers[node].rsess;
        h.ack = peers[node].expected;
    }
    wire_put_hdr(f + ETH_HLEN, &h);
}

void peer_seal(uint8_t *f, uint32_t len)
{
    unsigned dst = f[ETH_HLEN + 5];     /* the header's dst */
    wire_put_seal(f + ETH_HLEN, dst != WIRE_NODE_BROADCAST ? peers[dst].session : 0,
                  ++tx_counter);
    auth_seal(f, len - WIRE_TAG_LEN);
}

void peer_transmit(uint8_t *frame, uint32_t len)
{
    peer_seal(frame, len);
    if (net_transmit(frame, len) == 0)
        transport_stats.frames_sent++;
}

void peer_send_ack(unsigned node, uint8_t type)
{
    uint8_t f[WIRE_FRAME_LEN(0)];
    peer_frame_header(f, node, peers[node].mac, type, 0);
    peer_transmit(f, sizeof(f));
}

/* (Re)send what the window allows, with the acknowledgement brought up to date. */
static void kick(unsigned node)
{
    struct peer *p = &peers[node];
    for (struct txframe *t = p->txq; t && t->seq < p->base + TX_WINDOW; t = t->next) {
        if (t->sent)
            continue;
        struct wire_hdr h;
        wire_get_hdr(t->data + ETH_HLEN, t->len - ETH_HLEN, &h);
        h.ack_sess = p->rsess;
        h.ack = p->expected;
        wire_put_hdr(t->data + ETH_HLEN, &h);
        peer_seal(t->data, t->len);     /* each sending a counter (and tag) of its own */
        if (net_transmit(t->data, t->len) != 0)
            break;              /* ring full: the retransmission timer retries */
        transport_stats.frames_sent++;
        t->sent = true;
        p->unacked = 0;         /* it carries the acknowledgement */
    }
    if (p->txq && !p->rto_at)
        p->rto_at = ticks + ms_ticks(p->rto_ms);
}

static void free_txq(struct peer *p)
{
    while (p->txq) {
        struct txframe *t = p->txq;
        p->txq = t->next;
        if (t->note)
            service_noted((unsigned)(p - peers), t->note);
        txframe_free(t);
    }
    p->txq_tail = 0;
    p->queued = 0;
}

static void new_send_session(struct peer *p)
{
    static uint32_t counter;
    p->sess = node_incarnation ^ (++counter * 0x9E3779B9u);   /* golden-ratio spread */
    p->next_seq = p->base = 0;
    p->rto_at = 0;
    p->rto_ms = RTO_MIN_MS;
    p->resends = p->taken_resent = 0;
}

void peer_reset_streams(struct peer *p)
{
    free_txq(p);
    new_send_session(p);
    kfree(p->reasm);
    p->reasm = 0;
    p->rsess_lost = p->rsess_lost || p->rsess != 0;
    p->rsess = 0;
    p->expected = 0;
}

void peer_down(unsigned node)
{
    peers[node].up = false;
    peers[node].load_valid = false;     /* out of the load picture with it */
    service_peer_down(node);            /* before the notes of what is dropped */
    peer_reset_streams(&peers[node]);
}

int transport_send_noted(unsigned node, uint16_t kind, const void *data, uint32_t len,
                         uint32_t note)
{
    if (!running || node == 0 || node > PEER_MAX)
        return -E_DOWN;
    if (!peers[node].up) {
        peers[node].asked = true;   /* shown as "not heard yet" until it is */
        return -E_DOWN;
    }
    if (len > WIRE_MSG_MAX)
        return -E_TOOBIG;
    struct peer *p = &peers[node];
    uint32_t nfrags = len ? (len + WIRE_PAYLOAD_MAX - 1) / WIRE_PAYLOAD_MAX : 1;
    if (p->queued + nfrags > TX_QUEUE_MAX)
        return -E_NOMEM;
    if (!p->txq)
        p->ack_since = ticks;           /* the wait for an acknowledgement starts */
    for (uint32_t i = 0; i < nfrags; i++) {
        uint32_t n = len - i * WIRE_PAYLOAD_MAX < WIRE_PAYLOAD_MAX ? len - i * WIRE_PAYLOAD_MAX : WIRE_PAYLOAD_MAX;
        struct txframe *t = txframe_alloc(n);
        if (!t)
            return -E_NOMEM;    /* earlier fragments go; the peer drops the stub at the next frag 0 */
        struct wire_hdr h;
        peer_frame_header(t->data, node, p->mac, WIRE_DATA, (uint16_t)n);
        wire_get_hdr(t->data + ETH_HLEN, WIRE_HDR_LEN, &h);
        h.sess = p->sess;
        h.seq = t->seq = p->next_seq++;
        h.kind = kind;
        h.frag = (uint8_t)i;
        h.nfrags = (uint8_t)nfrags;
        wire_put_hdr(t->data + ETH_HLEN, &h);
        memcpy(t->data + ETH_HLEN + WIRE_HDR_LEN, (const uint8_t *)data + i * WIRE_PAYLOAD_MAX, n);
        t->len = WIRE_FRAME_LEN(n);
        t->note = i + 1 == nfrags ? note : 0;
        t->sent = false;
        t->next = 0;
        if (p->txq_tail)
            p->txq_tail->next = t;
        else
            p->txq = t;
        p->txq_tail = t;
        p->queued++;
    }
    kick(node);
    return 0;
}

/* Send the whole window again (go-back-N). */
static void resend_window(unsigned node)
{
    struct peer *p = &peers[node];
    bool any = false;
    for (struct txframe *t = p->txq; t && t->seq < p->base + TX_WINDOW; t = t->next)
        if (t->sent) {
            t->sent = false;
            any = true;
            transport_stats.retransmits++;
        }
    p->resends += any;
    p->dup_acks = 0;
    p->rto_at = 0;
    kick(node);
}

void peer_take_ack(unsigned node, const struct wire_hdr *h)
{
    struct peer *p = &peers[node];
    if (h->ack_sess != p->sess || h->ack > p->next_seq)
        return;
    if (h->ack == p->base && h->type == WIRE_ACK && p->taken_resent &&
        !(p->txq && p->txq->sent) && ++p->taken_again + 1 >= p->taken_resent) {
        /* It took every copy we resent: it was late, not the wire lossy.
         * (Only with nothing in flight: else such an ACK may be the
         * receiver's word of a gap, a loss.) */
        uint32_t w = rto_after_ack(p->taken_wait, p->taken_resent, p->taken_again);
        if (w > p->rto_ms) {
            p->rto_ms = w;
            if (p->rto_at)              /* what is out now waits as long */
                p->rto_at = ticks + ms_ticks(w);
        }
        p->taken_resent = 0;
    }
    if (h->ack <= p->base) {
        /* The peer saw a gap (it answers those at once): after three such
         * answers, resend now rather than at the timeout. */
        if (h->ack == p->base && p->txq && p->txq->sent && ++p->dup_acks >= DUP_ACKS_RESEND &&
            p->fast_resent != p->base + 1) {
            p->fast_resent = p->base + 1;   /* once per base: no resend storms */
            resend_window(node);
        }
        return;
    }
    p->dup_acks = 0;
    uint32_t notes[TX_WINDOW], nnotes = 0;     /* only frames sent, so in the window */
    while (p->txq && p->txq->seq < h->ack) {
        struct txframe *t = p->txq;
        p->txq = t->next;
        p->queued--;
        if (t->note && nnotes < TX_WINDOW)
            notes[nnotes++] = t->note;
        txframe_free(t);
    }
    if (!p->txq)
        p->txq_tail = 0;
    p->base = h->ack;
    p->ack_since = ticks;
    p->taken_resent = p->resends;       /* its acknowledgements of copies will tell */
    p->taken_again = 0;
    p->taken_wait = p->rto_ms;
    p->resends = 0;
    p->rto_ms = rto_after_ack(p->rto_ms, p->taken_resent, 0);
    p->rto_at = 0;
    for (uint32_t i = 0; i < nnotes; i++)       /* the queue is whole again: they may send */
        service_noted(node, notes[i]);
    kick(node);
}

/* The peer lost our session (it declared us down): start a new one and
 * send again, from seq 0, everything not yet acknowledged. */
void peer_restart_session(unsigned node)
{
    struct peer *p = &peers[node];
    new_send_session(p);
    p->queued = 0;
    for (struct txframe *t = p->txq; t; t = t->next) {
        struct wire_hdr h;
        wire_get_hdr(t->data + ETH_HLEN, WIRE_HDR_LEN, &h);
        h.sess = p->sess;
        h.seq = t->seq = p->next_seq++;
        wire_put_hdr(t->data + ETH_HLEN, &h);
        t->sent = false;
        p->txq_tail = t;
        p->queued++;
    }
    transport_stats.resets++;
    p->ack_since = ticks;
    kick(node);
}

/* macbench: what sealing and checking one frame costs (TSC: instructions
 * under -icount shift=0), for the smallest and the largest frame, each
 * round with the next counter as frames go out (so half the rounds find
 * their pad made, as a stream of frames does). */
static void mac_bench(void)
{
    static uint8_t f[WIRE_FRAME_LEN(WIRE_PAYLOAD_MAX)];
    const uint32_t sizes[2] = { WIRE_FRAME_LEN(0), ETH_FRAME_MAX }, rounds = 100;
    uint64_t counter = 0;
    for (int i = 0; i < 2; i++) {
        uint64_t t0 = rdtsc();
        for (uint32_t r = 0; r < rounds; r++) {
            wire_put_seal(f + ETH_HLEN, 0, ++counter);
            auth_seal(f, sizes[i] - WIRE_TAG_LEN);
            if (!auth_check(f, sizes[i] - WIRE_TAG_LEN))
                printk("bench: mac check failed\n");
        }
        printk("bench: mac_%u_byte_frame=%u instructions to seal and check (icount)\n",
               sizes[i], (uint32_t)((rdtsc() - t0) / rounds));
    }
}

void transport_init(void)
{
    auth_init(boot_opts.key, boot_opts.key_len);
    memset(boot_opts.key, 0, sizeof(boot_opts.key));   /* only the derived keys stay */
    if (boot_opts.macbench)
        mac_bench();
    if (!net_present())
        return;
    printk("demos: handshake values from %s\n", random_init());
    tx_counter = random_u64() >> 2;
    for (unsigned n = 0; n <= PEER_MAX; n++)
        peer_reset_streams(&peers[n]);
    net_set_receiver(transport_receive_frame);
    sched_on_tick(transport_tick);
    member_init();
    running = true;
    hello_send();
}

void transport_tick(void)
{
    if (!running)
        return;
    net_poll();
    for (unsigned n = 1; n <= PEER_MAX; n++) {
        struct peer *p = &peers[n];
        if (p->up && p->unacked) {
            p->unacked = 0;
            peer_send_ack(n, WIRE_ACK);
        }
        if (!p->up || !p->rto_at || ticks < p->rto_at)
            continue;
        p->rto_ms = rto_backoff(p->rto_ms);
        resend_window(n);
    }
    hello_tick();
}

bool transport_peer_up(unsigned node)
{
    return node <= PEER_MAX && peers[node].up;
}

bool transport_peer_known(unsigned node)
{
    return node <= PEER_MAX && peers[node].known;
}

unsigned transport_peers_up(void)
{
    unsigned n = 0;
    for (unsigned i = 1; i <= PEER_MAX; i++)
        n += peers[i].up;
    return n;
}
