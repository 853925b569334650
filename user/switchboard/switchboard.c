// SPDX-License-Identifier: MIT
/* switchboard: a node's name service, N.2 on every node. alive(probe link)
 * tells it how to check the caller still runs; register(name, link) keeps
 * the link for the caller, who alone may replace it, and passes a copy on
 * to every other node's switchboard (peers.c), so each holds every name;
 * lookup(name) answers from this node's table alone with a duplicate; list
 * gives the table. A holder's names are freed once it has ended (or its
 * node is down), found out when one of them is registered or the table is
 * full (names.c). Link 1: a KERNEL link to its kernel. Run as "switchboard
 * hold NAME..." it is a client instead (hold.c). */
#include "demos.h"
#include "names.h"
#include "hold.h"
#include "peers.h"

#define POLL_MS 1000            /* how often the nodes up are asked for */
#define POLL_EVERY 64           /* ... or after this many messages, if busy */

static struct msg m;

static void do_list(const struct sb_req *req)
{
    static char text[4096];
    reply_text(&m, text, names_list(text, sizeof(text)), req->offset, 0);
}

/* Each peer's last REPLICA_ALIVE: its REPLICAs that follow (a peer's
 * messages arrive in order) are taken only if it was for their holder and
 * was taken, so a name never goes to another process with the same id. */
static struct { pid_t holder; bool taken; } last_alive[256];

/* From another node's switchboard: replicas and syncs. */
static void from_peer(const struct sb_req *req)
{
    unsigned node = PID_NODE(m.h.sender);
    if (node >= 256)
        return;
    if (req->op == SB_REPLICA_ALIVE) {
        last_alive[node].holder = req->holder;
        last_alive[node].taken = names_replica_alive(req->holder, &m.h.link) == 0;
    } else if (req->op == SB_REPLICA) {
        if (last_alive[node].taken && last_alive[node].holder == req->holder)
            names_replica(req->holder, req->name, &m.h.link);
    } else if (req->op == SB_SYNC) {
        peers_sync_asked(node, req->offset);
    }
}

static bool is_peer(pid_t sender)
{
    return PID_SERIAL(sender) == NAMESVC_SERIAL && PID_NODE(sender) != this_node();
}

/* Serve the request in m. Returns the REPLY link whose answer m now
 * holds, with *carry the link that goes with it (or LINK_NONE); or
 * LINK_NONE when it was answered otherwise or has nobody to answer. */
static int serve_one(const struct sb_req *req, int *carry_out)
{
    struct answer ans = { 0, 0 };
    int carry = LINK_NONE;
    if (req->op >= SB_REPLICA_ALIVE && is_peer(m.h.sender)) {    /* else E_INVAL below */
        from_peer(req);
        return LINK_NONE;
    }
    if (req->op == SB_ALIVE) {
        ans.status = names_alive(m.h.sender, &m.h.link);
    } else if (req->op == SB_REGISTER) {
        ans.status = names_register(m.h.sender, req->name, &m.h.link);
        if (ans.status == 0)
            peers_replicate(m.h.sender, req->name);
    } else if (req->op == SB_LOOKUP) {
        int h = names_lookup(req->name);
        ans.status = h < 0 ? h : 0;
        if (h >= 0 && (carry = link_dup(h)) < 0)
            ans.status = carry, carry = LINK_NONE;
    } else if (req->op != SB_LIST) {
        ans.status = -E_INVAL;
    }
    if (m.h.link != LINK_NONE)
        link_destroy(m.h.link), m.h.link = LINK_NONE;
    if (req->op == SB_LIST) {
        do_list(req);
        return LINK_NONE;
    }
    if (m.h.reply == LINK_NONE) {       /* asked by a plain send: nobody to give it to */
        if (carry != LINK_NONE)
            link_destroy(carry);
        return LINK_NONE;
    }
    *carry_out = carry;
    return answer_in(&m, &ans, sizeof(ans), carry);
}

static void __attribute__((noreturn)) serve(void)
{
    peers_poll();
    int answer = LINK_NONE, carry = LINK_NONE;  /* the answer in m: its call, its link */
    for (int since_poll = 0;; since_poll++) {
        /* Answer the last request and take the next one: one kernel call. */
        int r = reply_receive(CHAN_ALL, &m, POLL_MS, answer);
        if (answer != LINK_NONE && r < 0 && r != -E_TIMEOUT) {
            if (carry != LINK_NONE)     /* refused (its caller is gone): nothing received */
                link_destroy(carry);
            answer = carry = LINK_NONE;
            continue;
        }
        answer = carry = LINK_NONE;
        if (r == -E_TIMEOUT || since_poll >= POLL_EVERY) {
            peers_poll();
            since_poll = 0;
        }
        if (r < 0)
            continue;
        struct sb_req req = { 0 };
        memcpy(&req, m.body, m.h.len < sizeof(req) ? m.h.len : sizeof(req));
        req.name[NAME_MAX - 1] = 0;
        answer = serve_one(&req, &carry);
        if (answer == LINK_NONE && m.h.link != LINK_NONE)
            link_destroy(m.h.link);     /* a replica not kept */
    }
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return hold(argc, argv);
    serve();
    return 0;
}
