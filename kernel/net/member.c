// SPDX-License-Identifier: MIT
/* Cluster membership: runs SWIM (kernel/net/swim.c) for this kernel. Its
 * messages are datagrams of kinds TM_SWIM_PING..TM_SWIM_ACK sealed in the
 * pair's session (taken only from a peer in session, fresh, its tag right);
 * a member it hears of from others is asked for a handshake, never believed
 * up before one; its "down" is peer_down, with everything that hangs on it
 * (calls fail with E_DOWN, moves abort, LOCATE's waits). */
#include "kernel/net/member.h"
#include "kernel/net/swim.h"
#include "kernel/net/peer.h"
#include "kernel/net/transport.h"
#include "kernel/net/service.h"
#include "kernel/net/random.h"
#include "kernel/net/wire_format.h"
#include "kernel/core/sched.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"
#include "kernel/core/printk.h"
#include "kernel/core/string.h"
#include "arch/x86/pit.h"

#define MEMBER_MAX (PEER_MAX - 1)      /* node 255 is the broadcast address */

struct member_stats member_stats;
static struct swim sw;
static struct swim_member members[MEMBER_MAX + 1];
static swim_id order[MEMBER_MAX];
static uint64_t rng;
static bool running;

static uint32_t now_ms(void)
{
    return (uint32_t)(ticks * 1000 / TICK_HZ);
}

static void env_send(void *ctx, swim_id to, unsigned type, const uint8_t *msg, uint32_t len)
{
    (void)ctx;
    if (transport_dgram(to, (uint16_t)(TM_SWIM_PING + type), msg, len) == 0)
        member_stats.frames_sent++;
}

static void env_announce(void *ctx)
{
    (void)ctx;
    hello_send();
    member_stats.frames_sent++;
}

/* A peer in session says id (life boot) is at addr: ask it for a session. */
static void env_up(void *ctx, swim_id id, uint32_t boot, const uint8_t *addr)
{
    (void)ctx;
    (void)boot;                         /* its handshake proves its boot */
    session_open(id, addr);
}

static void env_down(void *ctx, swim_id id, uint32_t suspected_ms)
{
    (void)ctx;
    member_stats.downs++;
    if (!peers[id].up)
        return;
    printk("demos: node %u down (suspected %u ms)\n", id, suspected_ms);
    peer_down(id);
}

static void env_addr(void *ctx, swim_id id, uint8_t *addr)
{
    (void)ctx;
    memcpy(addr, id == boot_opts.node ? net_mac() : peers[id].mac, SWIM_ADDR_LEN);
}

static uint32_t env_random(void *ctx)
{
    (void)ctx;
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static void env_suspected(void *ctx, swim_id id, swim_id by)
{
    (void)ctx;
    if (by == boot_opts.node)           /* ours only: one line a suspicion, not one a node */
        printk("demos: node %u suspected (no answer)\n", id);
}

static const struct swim_env env = { env_send, env_announce, env_up, env_down, env_addr,
                                     env_random, env_suspected };

static void member_receive(unsigned node, uint16_t kind, const uint8_t *data, uint32_t len)
{
    member_stats.frames_received++;
    uint32_t refutes = sw.stats.refutes;
    swim_receive(&sw, (swim_id)node, kind - TM_SWIM_PING, data, len, now_ms());
    if (sw.stats.refutes != refutes)
        printk("demos: suspected by node %u: refuted (incarnation %u)\n", node, sw.inc);
}

void member_joined(unsigned node, uint32_t boot)
{
    if (running)
        swim_joined(&sw, (swim_id)node, boot, now_ms());
}

void member_heard(unsigned node)
{
    if (running)
        swim_heard(&sw, (swim_id)node);
}

void member_stream_silent(unsigned node)
{
    if (running)
        swim_suspect(&sw, (swim_id)node, now_ms());
}

bool member_suspected(unsigned node)
{
    return running && swim_state(&sw, (swim_id)node) == SWIM_SUSPECT;
}

static void member_tick(void)
{
    swim_tick(&sw, now_ms());
    member_stats.suspects = sw.stats.suspects;
    member_stats.refutes = sw.stats.refutes;
}

void member_init(void)
{
    rng = random_u64();
    swim_init(&sw, &env, 0, (swim_id)boot_opts.node, node_incarnation, members, order,
              MEMBER_MAX, now_ms());
    transport_handle(TM_SWIM_PING, TM_SWIM_ACK, member_receive);
    sched_on_tick(member_tick);
    running = true;
}
