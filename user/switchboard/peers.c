// SPDX-License-Identifier: MIT
/* The other nodes' switchboards: the set of nodes up (polled from the
 * kernel), replicas of each register sent to them, and table syncs with a
 * node newly up. Every send is a plain one that never waits (SEND_NOWAIT):
 * a lost replica is made good by the next sync, never waited for. After a
 * boot only the first SYNC_FULL syncs ask for a whole table; the others ask
 * a node for the holders born there (each node holds every name, so 63
 * whole tables to a node booting into 64 were some 8,000 messages, most
 * dropped at its full queue, its lookups waiting behind them). */
#include "peers.h"
#include "names.h"

#define BIT(set, n) ((set)[(n) / 8] & (1u << ((n) % 8)))
#define SET(set, n) ((set)[(n) / 8] |= (uint8_t)(1u << ((n) % 8)))
#define CLEAR(set, n) ((set)[(n) / 8] &= (uint8_t)~(1u << ((n) % 8)))

static uint8_t up[NODE_BITMAP_BYTES];       /* replicas go to these */
static uint8_t synced[NODE_BITMAP_BYTES];   /* asked for their table since they came up */
static struct msg km, pm;
#define SYNC_FULL 2
static unsigned full_asked;                 /* whole tables asked for since boot */

/* A link to node's switchboard, to destroy after use; or an error. */
static int peer_link(unsigned node)
{
    uint32_t req[2] = { KOP_NAMESVC_LINK, node };
    struct answer ans;
    int r = call_answer(LINK_KERNEL_SELF, req, sizeof(req), &ans, &km);
    return r < 0 ? r : km.h.link;
}

/* Send req on h carrying a copy of link (LINK_NONE: nothing): 0 or an error. */
static int send_on(int h, const struct sb_req *req, int link)
{
    int carry = link == LINK_NONE ? LINK_NONE : link_dup(link);
    if (link != LINK_NONE && carry < 0)
        return carry;
    msg_set(&pm, req, sizeof(*req));
    pm.h.link = carry;
    int r = send(h, &pm, SEND_NOWAIT);
    if (r < 0 && carry != LINK_NONE)
        link_destroy(carry);    /* still ours: the send failed */
    return r;
}

/* Ask node for its table: 0 once the ask is on its way, or an error. */
static int ask_sync(unsigned node, bool back)
{
    int h = peer_link(node);
    if (h < 0)
        return h;
    uint32_t flags = (back ? SB_SYNC_BACK : 0) | (full_asked < SYNC_FULL ? 0 : SB_SYNC_OWN);
    struct sb_req req = { SB_SYNC, { 0 }, flags, 0 };
    int r = send_on(h, &req, LINK_NONE);
    link_destroy(h);
    if (r == 0 && !(flags & SB_SYNC_OWN))
        full_asked++;
    return r;
}

void peers_poll(void)
{
    uint32_t op = KOP_PEERS;
    msg_set(&km, &op, sizeof(op));
    int n = call(LINK_KERNEL_SELF, &km, 0);
    if (n < NODE_BITMAP_BYTES || km.h.status < 0)
        return;
    const uint8_t *now = km.body;
    uint8_t ask[NODE_BITMAP_BYTES] = { 0 };
    for (unsigned node = 1; node < 8 * NODE_BITMAP_BYTES; node++) {
        if (!BIT(now, node)) {
            CLEAR(up, node);
            CLEAR(synced, node);
            continue;
        }
        SET(up, node);
        if (!BIT(synced, node))
            SET(ask, node);
    }
    for (unsigned node = 1; node < 8 * NODE_BITMAP_BYTES; node++) {
        if (BIT(ask, node) && ask_sync(node, true) == 0)   /* after the loop: km is reused */
            SET(synced, node);  /* else asked again at the next poll */
    }
}

void peers_replicate(pid_t holder, const char *name)
{
    peers_poll();               /* to every node up now, not at the last poll */
    int probe = names_probe(holder), h = names_lookup(name);
    if (probe < 0 || h < 0)
        return;
    struct sb_req alive = { SB_REPLICA_ALIVE, { 0 }, 0, holder };
    struct sb_req replica = { SB_REPLICA, { 0 }, 0, holder };
    strlcpy(replica.name, name, sizeof(replica.name));
    for (unsigned node = 1; node < 8 * NODE_BITMAP_BYTES; node++) {
        int peer = BIT(up, node) ? peer_link(node) : -E_NOENT;
        if (peer < 0)
            continue;
        send_on(peer, &alive, probe);
        send_on(peer, &replica, h);
        link_destroy(peer);
    }
}

struct sync_to {
    int peer;
    bool own;                   /* only the holders born here */
};

/* One holder's probe or one of its names, to the peer of *arg. */
static void send_entry(pid_t holder, int h, const char *name, void *arg)
{
    const struct sync_to *to = arg;
    if (to->own && PID_NODE(holder) != this_node())
        return;
    struct sb_req req = { name ? SB_REPLICA : SB_REPLICA_ALIVE, { 0 }, 0, holder };
    if (name)
        strlcpy(req.name, name, sizeof(req.name));
    send_on(to->peer, &req, h);
}

void peers_sync_asked(unsigned node, uint32_t flags)
{
    if (node < 1 || node >= 8 * NODE_BITMAP_BYTES)
        return;
    SET(up, node);              /* it runs: later registers go to it too */
    struct sync_to to = { peer_link(node), (flags & SB_SYNC_OWN) != 0 };
    if (to.peer < 0)
        return;
    names_each(send_entry, &to);
    link_destroy(to.peer);
    if (flags & SB_SYNC_BACK) {
        SET(synced, node);
        ask_sync(node, false);
    }
}
