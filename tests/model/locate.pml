/* SPDX-License-Identifier: MIT */
/* Model of LOCATE (kernel/dist/locate.c, with its hooks in remote.c's
 * send_msg and forward.c's forward_route), checked by spin through
 * tests/model/run. Each inline is named after the C function it stands
 * for: change one, change the other.
 *
 * The world: nodes B (0: P's birth node, first forwarder), F (1: middle
 * forwarder), H (2: last host) and X (3: the senders' node). P moves
 * B -> F (epoch 1) and F -> H (epoch 2), and may stop moving at any time
 * (and, with -DEXIT, exit while it runs). NX senders on X (one by
 * default) make NMSG calls each along a link that starts at {B, 0} and is
 * only ever corrected by LINK_UPDATEs and by locates: stale. With -DLOOKUP
 * the last sender gets its link only at some step, as the name service
 * hands out its copy: {B, 0} again, however much X has learnt. One node,
 * DEAD (F, or B with -DDEAD=B), may die at any step. Its death drops every
 * frame to or from it and everything it held: a message lost so is
 * allowed (its call should still end, E_DOWN: CALLS). Each other node
 * notices the death at its own step (peer_down: the calls waiting on it
 * fail E_DOWN, a migration with it is given up), but only after every
 * frame sent to it before the death has arrived (frames take
 * milliseconds, noticing a death takes 3 s). Until it notices, its sends
 * to the dead node vanish (lost with it); from then on a message whose
 * next node is the dead one (a link's hint at X, an entry at a forwarder)
 * goes to locate_hold.
 *
 * A migration is three steps: S stops P and D makes its half-built record
 * at once (OFFER, ACCEPT and the pulls, which tests/model/migration.pml
 * checks, are one step here), then START (S -> D: D runs P with the next
 * epoch) and STARTED (D -> S: S makes its entry and forwards its queue).
 * While S's record is leaving it still answers LOCATE, with the old epoch;
 * D's half-built record does not answer. Streams between nodes are FIFO
 * queues (migration.pml's -DFIFO; transport.pml checks the streams). A
 * LOCATE is a datagram, outside the streams: one pending bit per asking
 * node and answering node (two LOCATEs of one asker pending at one node
 * are one), delivered in any order with everything else, so HEREs of two
 * nodes, and of two rounds, arrive in any order. Time: a new round of
 * LOCATEs goes out only when the last one has arrived everywhere with no
 * answer on its way (150 ms between rounds is far longer than a round
 * trip), at most ASKS rounds; the deadline passes only after them, with
 * nothing of them still on its way. A failed locate is remembered (new
 * holds fail at once with its status) until a step forgets it. Not
 * modelled: incarnations and reboots, nodes not heard yet or wrongly
 * thought down, P coming back to a node, sends without waiting, queue
 * limits and the table limits (LOCATE_MAX, HELD_MAX), the local "it came
 * here meanwhile" case of locate_hold (no asker here ever hosts P:
 * asserted).
 *
 * Properties, each enabled by its own -DCHECK_X; every assertion names
 * its property:
 *   LOST   every call ends, once; P receives each message at most once;
 *          a call fails E_NOPROC only after P exited, E_DOWN only after
 *          DEAD died; if P is alive at the end and never exited, every
 *          message not lost with the dead node was received by P (so no
 *          held message to a live process fails).
 *   LOOP   each forward goes to a newer epoch, at most MOVES forwards and
 *          HOLDS holds a message; at the end every entry leads through
 *          newer epochs to P, or to the dead node.
 *   LINKS  a link or entry is only ever rewritten to a newer epoch (a
 *          stale HERE or update never moves it back) and always to where P
 *          was at that epoch; at the end every link leads to P (or to the
 *          dead node), and a sender whose last message reached P along
 *          P's last epoch, set by a node still alive, holds exactly
 *          {P's node, P's epoch}.
 *   ENDS   every held message ends (delivered on or failed): at the end
 *          nothing is held and no locate is still asking.
 *   SINGLE P never runs on two live nodes at once.
 *   CALLS  every call ends (run only when named: it fails, see below).
 * "The end" is the state where nothing can happen any more: the checker
 * process wakes on spin's timeout. A message sent to the dead node by a
 * node that has noticed the death is not "lost with it" (LOST).
 *
 * What the model says about the code:
 *   - LOST, LOOP, LINKS, ENDS and SINGLE hold in the three regular checks.
 *     A stale HERE (F's, epoch 1, after H's epoch 2) reaches an asking
 *     locate only when a second locate opens at the same node after the
 *     first was answered: here, a link handed out late by the name service
 *     (-DLOOKUP). Then learn's "newest epoch wins" is what keeps the other
 *     links at epoch 2 (the mutant without it is caught); in the other
 *     checks no HERE a locate takes is older than any link at the asker.
 *   - A call's E_DOWN does not mean P did not get it: the caller fails when
 *     the node its call waits on (call_node) dies, though the message may
 *     have gone on past it (it is then received, and its answer dropped).
 *   - CALLS fails (check locate-calls): a call can wait for good. (1) A
 *     forwarder sends the call's LINK_UPDATE before the message; the update
 *     arrives, call_node moves to the next node, and the forwarder dies
 *     with the message still in its stream: nothing fails the call. (2) F
 *     dies; X notices; B, not yet, forwards X's call to F and sends the
 *     update {F, 1}: link_update_apply moves call_node to F, already down
 *     at X, and no peer_down will come. Not locate.c's: forward.c and
 *     remote_peer_down's.
 *   - SINGLE fails if P moves on from D before S has heard STARTED and D
 *     then dies: S's peer_down (migrate_peer_down, MIG_STARTING) resumes P
 *     at S while it runs at its next host (mutant
 *     locate-moves-on-before-started). The kernel moves P on only once S
 *     has acknowledged STARTED (p->mig.settling, MIG_WAITING), as here.
 */

#define B       0
#define F       1
#define H       2
#define XN      3               /* the senders' node */
#define NODES   4
#define NONE    4               /* no node; in a HERE: "it ended" (the C code's node 0) */
#define BORN    B
#define MOVES   2
#ifndef DEAD
#define DEAD    F
#endif
#ifndef NX
#define NX      1
#endif
#ifndef NMSG
#define NMSG    2
#endif
#ifndef ASKS
#define ASKS    2               /* rounds of LOCATE before the deadline */
#endif
/* P moves on from F only once B has heard STARTED (the kernel: STARTED's
 * acknowledgement, p->mig.settling): else F's death makes B resume P while
 * it runs at H (the mutant locate-moves-on-before-started). */
#define MOVE_ON_OK (pst[B] != POUT)
#define HOLDS   2               /* holds a message may go through (LOOP) */
#ifndef K
#define K       4               /* frames in flight per pair (asserted) */
#endif
#define PAIRS   12
#define PAIR(a, b) ((a) * 3 + (b) - ((b) > (a)))
#define MID(x, k) ((x) * NMSG + (k))

/* Each property's assertions name it (pan prints the expression). */
bit prop_lost = 1, prop_loop = 1, prop_links = 1, prop_ends = 1, prop_single = 1, prop_calls = 1;
#ifdef CHECK_LOST
#define C_LOST(c)   assert(prop_lost && (c))
#else
#define C_LOST(c)   skip
#endif
#ifdef CHECK_LOOP
#define C_LOOP(c)   assert(prop_loop && (c))
#else
#define C_LOOP(c)   skip
#endif
#ifdef CHECK_LINKS
#define C_LINKS(c)  assert(prop_links && (c))
#else
#define C_LINKS(c)  skip
#endif
#ifdef CHECK_SINGLE
#define C_SINGLE(c) assert(prop_single && (c))
#else
#define C_SINGLE(c) skip
#endif
#ifdef CHECK_CALLS
#define C_CALLS(c)  assert(prop_calls && (c))
#else
#define C_CALLS(c)  skip
#endif
#ifdef CHECK_ENDS
#define C_ENDS(c)   assert(prop_ends && (c))
#else
#define C_ENDS(c)   skip
#endif

/* Transport message kinds (kernel/net/wire_format.h TM_*). */
mtype = {
    MSG,        /* TM_MSG: {x, k, link epoch, hops, ghost: node that set the epoch} */
    ANSWER,     /* an answer to x's call k: {x, k, result} */
    UPDATE,     /* TM_LINK_UPDATE: {x, node, epoch} */
    HERE,       /* TM_HERE: {node or NONE ("ended"), epoch} */
    START,      /* TM_MIG_START */
    STARTED,    /* TM_MIG_STARTED */
    EXITN       /* TM_EXIT_NOTICE */
};
chan st[PAIRS] = [K] of { mtype, byte, byte, byte, byte, byte };
byte pre[PAIRS];                /* frames of each stream sent before the death, not yet in */

/* A call's result (and the status of a failed locate). */
#define RNONE   0
#define ROK     1
#define RDOWN   2               /* E_DOWN */
#define RNOPROC 3               /* E_NOPROC */

bit alive[NODES] = 1;
bit det[NODES];                 /* this node has noticed DEAD's death (peer_down) */
bit death_armed;                /* this run lets DEAD die */

/* P's record on each node: none, running, stopped and leaving (S),
 * half-built and arriving (D: proc_find does not see it). */
#define PNONE 0
#define PRUN  1
#define POUT  2
#define PIN   3
byte pst[NODES];
/* live copies of P that run */
#define RUNNING ((alive[0] && pst[0] == PRUN) + (alive[1] && pst[1] == PRUN) + (pst[2] == PRUN))
byte pep[NODES];                /* p->mig.epoch */
byte pfrom[NODES];              /* p->came_from */
byte mo_peer[NODES];            /* S: the destination of its move */
byte mi_peer[NODES];            /* D: the source */
byte mi_ep[NODES];              /* D: the epoch P will have here */
chan pq[NODES] = [NX * NMSG] of { byte, byte, byte, byte, byte };     /* x, k, epoch, hops, via */
bit stop;                       /* P moves no more */

/* Forwarding entries: node it went to, epoch, node P came from. */
byte fnode[NODES];
byte fepoch[NODES];
byte fprev[NODES];

/* Locates (struct locate), one per asking node: P is the only pid. */
#define LFREE   0
#define LASK    1
#define LFAILED 2
byte lst[NODES];
byte lstatus[NODES];            /* LFAILED: what new holds get at once */
byte lround[NODES];             /* rounds of LOCATE sent */
byte lpend[NODES];              /* bit n: a LOCATE of this asker on its way to n */
byte hin[NODES];                /* HEREs on their way to this node */
chan hq[NODES] = [NX * NMSG] of { byte, byte, byte, byte, byte, byte };  /* x, k, hint, epoch, hops, via */
chan rel = [NX * NMSG] of { byte, byte, byte, byte, byte, byte };        /* heard's list being released */

/* The senders: their link to P (node_hint, epoch) and their calls. */
byte lh[NX];
byte le[NX];
byte sent[NX];
bit open[NX];
bit haslink[NX];                /* -DLOOKUP: the last sender gets its link late */
byte cnode[NX];                 /* p->call_node: where the open call waits */

/* Ghosts. */
byte rcv[NX * NMSG];            /* times P received message (x, k) */
byte res[NX * NMSG];            /* how (x, k)'s call ended */
bit lostf[NX * NMSG];           /* (x, k) was lost with the dead node */
byte holds[NX * NMSG];          /* times (x, k) was held */
byte last_ep[NX];               /* epoch of the link along which x's last received message came */
byte last_via[NX];              /* the node that set that epoch */
byte where_at[MOVES + 1];       /* node where P started with each epoch */
bit exited;
bit exit_armed;
bit cut;                        /* a message went round: LOOP failed, the rest is not explored */

hidden byte h_i, h_j, h_a, h_b, h_n, h_o, h_x, h_k, h_e, h_h, h_v, h_l, h_c;
hidden byte w_a, w_b, g_k, g_w1, g_w2, g_w3, g_w4, g_w5;
hidden mtype g_kind;

/* ---- the transport ---- */

/* transport_send(to, kind, ...) from node `from`. A frame to the dead node
 * vanishes: a message in it is lost with the node. */
inline ship(from, to, kd, p1, p2, p3, p4, p5)
{
    if
    :: alive[to] ->
        h_i = PAIR(from, to);
        assert(nfull(st[h_i]));
        st[h_i] ! kd, p1, p2, p3, p4, p5;
        if
        :: kd == HERE -> hin[to]++
        :: else -> skip
        fi
    :: else ->
        if
        :: kd == MSG ->
            C_LOST(!det[from]);     /* sent to a node known dead: not "lost with it" */
            lostf[MID(p1, p2)] = 1
        :: else -> skip
        fi
    fi
}

/* Empty stream i (one end died): messages in it are lost with the node. */
inline drop_stream(i, to)
{
    do
    :: nempty(st[i]) ->
        st[i] ? g_kind, g_w1, g_w2, g_w3, g_w4, g_w5;
        if
        :: g_kind == MSG -> lostf[MID(g_w1, g_w2)] = 1
        :: g_kind == HERE -> hin[to]--
        :: else -> skip
        fi
    :: empty(st[i]) -> break
    od;
    pre[i] = 0
}

/* ---- answers to calls (kernel/core/ipc.c) ---- */

/* finish_call for x's call k with result r; an answer to a call already
 * ended (its token is gone) is dropped. */
inline call_end(x, k, r)
{
    if
    :: open[x] && (k) == sent[x] - 1 ->
        printf("MSC: X%d: call (%d,%d) ends %d\n", x, x, k, r);
        open[x] = 0;
        res[MID(x, k)] = r;
        C_LOST(r != RNOPROC || exited);
        C_LOST(r != RDOWN || !alive[DEAD])
    :: else -> skip
    fi
}

/* ipc_answer along the reply link of x's message k from node n. */
inline ipc_answer(n, x, k, r)
{
    if
    :: n == XN -> call_end(x, k, r)
    :: else -> ship(n, XN, ANSWER, x, k, r, 0, 0)
    fi
}

/* ipc_discard_msg(m, status) at node n: the caller gets the error. */
inline ipc_discard_msg(n, x, k, r)
{
    printf("MSC: %d: (%d,%d) fails %d\n", n, x, k, r);
    ipc_answer(n, x, k, r)
}

/* ---- links and forwarding (kernel/dist/forward.c) ---- */

/* link_update_apply and link_table_retarget: the newest epoch wins; an
 * open call now waits on node. */
inline link_update_apply(x, node, e)
{
    printf("MSC: link of X%d: to node %d epoch %d (had %d/%d)\n", x, node, e, lh[x], le[x]);
    C_LINKS(where_at[e] == node);
    h_o = le[x];
    if
    :: e > le[x] ->
        lh[x] = node;
        le[x] = e
    :: else -> skip
    fi;
    C_LINKS(le[x] >= h_o);
    if
    :: open[x] -> cnode[x] = node
    :: else -> skip
    fi
}

/* send_update: LINK_UPDATE to the kernel of the sender (m->origin). */
inline send_update(n, x, node, e)
{
    if
    :: n == XN -> link_update_apply(x, node, e)
    :: else -> ship(n, XN, UPDATE, x, node, e, 0, 0)
    fi
}

/* forward_msg at node n along its entry: message (x, k) travelled along a
 * link of epoch e and has been forwarded h times. A call's update goes at
 * once. */
inline forward_msg(n, x, k, e, h)
{
    printf("MSC: %d forwards (%d,%d) to %d epoch %d, hop %d\n", n, x, k, fnode[n], fepoch[n], h + 1);
    C_LOOP(fepoch[n] > e);
    C_LOOP(h + 1 <= MOVES);
    if
    :: h + 1 > MOVES -> cut = 1     /* looping: see LOOP */
    :: else -> skip
    fi;
    send_update(n, x, fnode[n], fepoch[n]);
    ship(n, fnode[n], MSG, x, k, fepoch[n], h + 1, n)
}

/* ---- LOCATE (kernel/dist/locate.c) ---- */

/* ask: LOCATE(pid) broadcast (a datagram: the dead node gets nothing). */
inline ask(a)
{
    printf("MSC: %d: LOCATE P (round %d)\n", a, lround[a]);
    h_n = 0;
    do
    :: h_n < NODES && h_n != a && alive[h_n] -> lpend[a] = lpend[a] | (1 << h_n); h_n++
    :: h_n < NODES && (h_n == a || !alive[h_n]) -> h_n++
    :: h_n >= NODES -> break
    od
}

/* locate_hold at node a for message (x, k) sent along link {hint, e}. */
inline locate_hold(a, x, k, hint, e, h, v)
{
    assert(pst[a] != PRUN && pst[a] != POUT);   /* "it came here meanwhile": not in this world */
    if
    :: lst[a] == LFAILED -> ipc_discard_msg(a, x, k, lstatus[a])    /* it failed a moment ago */
    :: lst[a] != LFAILED ->
        printf("MSC: %d: holds (%d,%d)\n", a, x, k);
        holds[MID(x, k)]++;
        C_LOOP(holds[MID(x, k)] <= HOLDS);
        assert(nfull(hq[a]));
        hq[a] ! x, k, hint, e, h, v;
        if
        :: lst[a] == LFREE ->
            lst[a] = LASK;
            lround[a] = 1;
            ask(a)
        :: else -> skip
        fi
    fi
}

/* learn at a: every link here to P, an open call to it, and the entry
 * here take {node, e} if e is newer. */
inline learn(a, node, e)
{
    printf("MSC: %d: learns P at %d epoch %d\n", a, node, e);
    C_LINKS(where_at[e] == node);
    if
    :: a == XN ->
        h_j = 0;
        do
        :: h_j < NX && !haslink[h_j] -> h_j++
        :: h_j < NX && haslink[h_j] ->
            h_o = le[h_j];
            if
            :: e > le[h_j] -> lh[h_j] = node; le[h_j] = e
            :: else -> skip
            fi;
            C_LINKS(le[h_j] >= h_o);
            if
            :: open[h_j] -> cnode[h_j] = node
            :: else -> skip
            fi;
            h_j++
        :: else -> break
        od
    :: else -> skip
    fi;
    if
    :: fnode[a] != NONE && e > fepoch[a] ->
        fnode[a] = node;
        fepoch[a] = e
    :: else -> skip
    fi
}

/* fail: the held messages fail with r; new holds fail so for a while. */
inline fail(a, r)
{
    printf("MSC: %d: locate fails %d\n", a, r);
    do
    :: nempty(hq[a]) ->
        hq[a] ? h_x, h_k, h_l, h_e, h_h, h_v;
        ipc_discard_msg(a, h_x, h_k, r)
    :: empty(hq[a]) -> break
    od;
    lst[a] = LFAILED;
    lstatus[a] = r;
    lround[a] = 0
}

/* answer at n to a's LOCATE: its host (a live record, leaving or not)
 * says so; its birth node, with no record and no entry, says it ended. */
inline answer(n, a)
{
    if
    :: pst[n] == PRUN || pst[n] == POUT ->
        h_e = pep[n];
        printf("MSC: %d: HERE to %d, epoch %d\n", n, a, h_e);
        ship(n, a, HERE, n, h_e, 0, 0, 0)
    :: pst[n] != PRUN && pst[n] != POUT && n == BORN && fnode[n] == NONE ->
        printf("MSC: %d: HERE to %d: ended\n", n, a);
        ship(n, a, HERE, NONE, 0, 0, 0, 0)
    :: else -> skip                 /* not here, and not ours to know */
    fi
}

/* ---- routing (kernel/core/route.c, kernel/dist/remote.c) ---- */

/* ipc_deliver into P's queue at n. */
inline ipc_deliver(n, x, k, e, h, v)
{
    printf("MSC: %d: (%d,%d) queued for P (record %d)\n", n, x, k, pst[n]);
    assert(nfull(pq[n]));
    pq[n] ! x, k, e, h, v
}

/* forward_route at n: the entry's next node is down: hold it. */
inline forward_route(n, x, k, e, h, v)
{
    if
    :: fnode[n] == DEAD && det[n] -> locate_hold(n, x, k, n, e, h, v)
    :: else -> forward_msg(n, x, k, e, h)
    fi
}

/* route_send at node n for a link whose hint is n. */
inline route_here(n, x, k, e, h, v)
{
    if
    :: pst[n] == PRUN || pst[n] == POUT -> ipc_deliver(n, x, k, e, h, v)
    :: else ->
        if
        :: fnode[n] != NONE -> forward_route(n, x, k, e, h, v)
        :: else -> ipc_discard_msg(n, x, k, RNOPROC)
        fi
    fi
}

/* remote_send (send_msg) from n along {hint, e}: a hint that is down
 * goes to locate_hold. */
inline remote_send(n, x, k, hint, e, h, v)
{
    if
    :: hint == DEAD && det[n] -> locate_hold(n, x, k, hint, e, h, v)
    :: else -> ship(n, hint, MSG, x, k, e, h, v)
    fi
}

inline route_send(n, x, k, hint, e, h, v)
{
    if
    :: hint != n -> remote_send(n, x, k, hint, e, h, v)
    :: else -> route_here(n, x, k, e, h, v)
    fi
}

/* release at a of a held message, P being at {node, e}: through the
 * entry here if it was held by a forwarder, else straight there. */
inline release(a, x, k, hint, e, h, node, ne)
{
    if
    :: !(hint == a && fnode[a] != NONE) ->
        route_send(a, x, k, node, ne, h, a)
    :: else ->
        route_send(a, x, k, hint, e, h, a)
    fi
}

/* heard at a: a HERE {node, e} from `from`. */
inline heard(a, from, node, e)
{
    if
    :: lst[a] != LASK -> skip       /* no locate, or it failed: ignored */
    :: lst[a] == LASK && node == NONE ->
        if
        :: from == BORN -> fail(a, RNOPROC)
        :: else -> skip
        fi
    :: lst[a] == LASK && node != NONE && node != from -> skip
    :: lst[a] == LASK && node != NONE && node == from ->
        learn(a, node, e);
        do
        :: nempty(hq[a]) -> hq[a] ? h_x, h_k, h_l, h_e, h_h, h_v; rel ! h_x, h_k, h_l, h_e, h_h, h_v
        :: empty(hq[a]) -> break
        od;
        lst[a] = LFREE;             /* a release that fails again starts anew */
        lround[a] = 0;
        do
        :: nempty(rel) ->
            rel ? h_x, h_k, h_l, h_e, h_h, h_v;
            printf("MSC: %d: releases (%d,%d) to P at %d epoch %d\n", a, h_x, h_k, node, e);
            release(a, h_x, h_k, h_l, h_e, h_h, node, e)
        :: empty(rel) -> break
        od
    fi
}

/* ---- P ---- */

/* sys_call by sender x along its link. */
inline sender_call(x)
{
    g_k = sent[x];
    printf("MSC: X%d calls (%d,%d) along link %d/%d\n", x, x, g_k, lh[x], le[x]);
    sent[x]++;
    open[x] = 1;
    cnode[x] = lh[x];
    route_send(XN, x, g_k, lh[x], le[x], 0, XN)
}

/* P at n takes the head of its queue and answers it. */
inline p_receive(n)
{
    pq[n] ? h_x, h_k, h_e, h_h, h_v;
    printf("MSC: %d: P (epoch %d) receives (%d,%d)\n", n, pep[n], h_x, h_k);
    C_LOST(rcv[MID(h_x, h_k)] == 0);
    rcv[MID(h_x, h_k)]++;
    last_ep[h_x] = h_e;
    last_via[h_x] = h_v;
    ipc_answer(n, h_x, h_k, ROK)
}

inline proc_gone(n)
{
    pst[n] = PNONE;
    pep[n] = 0;
    pfrom[n] = 0
}

/* proc_exit at n: what is queued fails, the notice goes back. */
inline p_exit(n)
{
    printf("MSC: %d: P exits\n", n);
    exited = 1;
    do
    :: nempty(pq[n]) -> pq[n] ? h_x, h_k, h_e, h_h, h_v; ipc_discard_msg(n, h_x, h_k, RNOPROC)
    :: empty(pq[n]) -> break
    od;
    if
    :: pfrom[n] != NONE -> ship(n, pfrom[n], EXITN, 0, 0, 0, 0, 0)
    :: else -> skip
    fi;
    proc_gone(n)
}

/* exit_notices at n: drop the entry, pass the notice back. */
inline exit_notice_receive(n)
{
    if
    :: fnode[n] != NONE ->
        h_o = fprev[n];
        fnode[n] = NONE;
        fepoch[n] = 0;
        fprev[n] = NONE;
        if
        :: h_o != NONE -> ship(n, h_o, EXITN, 0, 0, 0, 0, 0)
        :: else -> skip
        fi
    :: else -> skip
    fi
}

/* ---- migration (kernel/dist/migrate.c), in three steps ---- */

/* S = s stops P, D = d makes its half-built record; START goes out. */
inline migrate(s, d)
{
    printf("MSC: %d: moves P to %d (epoch %d)\n", s, d, pep[s] + 1);
    pst[s] = POUT;
    mo_peer[s] = d;
    assert(pst[d] == PNONE && empty(pq[d]));
    pst[d] = PIN;
    mi_peer[d] = s;
    mi_ep[d] = pep[s] + 1;
    ship(s, d, START, 0, 0, 0, 0, 0)
}

inline on_start(n, a)
{
    if
    :: pst[n] == PIN && mi_peer[n] == a ->
        printf("MSC: %d: P runs here, epoch %d\n", n, mi_ep[n]);
        pst[n] = PRUN;
        pep[n] = mi_ep[n];
        pfrom[n] = a;
        where_at[pep[n]] = n;
        mi_peer[n] = NONE;
        C_SINGLE(RUNNING == 1);
        ship(n, a, STARTED, 0, 0, 0, 0, 0)
    :: else -> skip
    fi
}

/* on_started at S = n: the entry, then the queue goes on (in order). */
inline on_started(n, a)
{
    if
    :: pst[n] == POUT && mo_peer[n] == a ->
        printf("MSC: %d: on_started, forwards %d queued\n", n, len(pq[n]));
        fnode[n] = a;
        fepoch[n] = pep[n] + 1;
        fprev[n] = pfrom[n];
        do
        :: nempty(pq[n]) ->
            pq[n] ? h_x, h_k, h_e, h_h, h_v;
            forward_msg(n, h_x, h_k, pep[n], h_h)
        :: empty(pq[n]) -> break
        od;
        mo_peer[n] = NONE;
        proc_gone(n)
    :: else -> skip
    fi
}

/* ---- death and peer_down ---- */

/* DEAD dies: P with it if it is there, every frame to or from it. */
inline die()
{
    printf("MSC: %d dies\n", DEAD);
    alive[DEAD] = 0;
    do
    :: nempty(pq[DEAD]) -> pq[DEAD] ? h_x, h_k, h_e, h_h, h_v; lostf[MID(h_x, h_k)] = 1
    :: empty(pq[DEAD]) -> break
    od;
    assert(empty(hq[DEAD]));        /* the dead node never asks in this world */
    pst[DEAD] = PNONE;
    fnode[DEAD] = NONE;
    h_a = 0;
    do
    :: h_a < NODES ->
        lpend[h_a] = lpend[h_a] & ~(1 << DEAD);
        h_b = 0;
        do
        :: h_b < NODES && h_b != h_a ->
            if
            :: h_a == DEAD || h_b == DEAD -> drop_stream(PAIR(h_a, h_b), h_b)
            :: else -> pre[PAIR(h_a, h_b)] = len(st[PAIR(h_a, h_b)])
            fi;
            h_b++
        :: h_b < NODES && h_b == h_a -> h_b++
        :: h_b >= NODES -> break
        od;
        h_a++
    :: else -> break
    od
}

#define PRE_IN(a) (pre[PAIR(((a) + 1) % NODES, a)] == 0 && pre[PAIR(((a) + 2) % NODES, a)] == 0 && \
                   pre[PAIR(((a) + 3) % NODES, a)] == 0)

/* peer_down(DEAD) at n: remote_peer_down fails the calls waiting on it;
 * migrate's handler gives up a migration with it. */
inline peer_down(n)
{
    printf("MSC: %d: notices %d is down\n", n, DEAD);
    det[n] = 1;
    if
    :: n == XN ->
        h_j = 0;
        do
        :: h_j < NX ->
            if
            :: open[h_j] && cnode[h_j] == DEAD -> call_end(h_j, sent[h_j] - 1, RDOWN)
            :: else -> skip
            fi;
            h_j++
        :: else -> break
        od
    :: else -> skip
    fi;
    if
    :: pst[n] == POUT && mo_peer[n] == DEAD ->
        printf("MSC: %d: abort_out, P resumes here\n", n);
        pst[n] = PRUN;
        mo_peer[n] = NONE;
        C_SINGLE(RUNNING == 1)
    :: pst[n] == PIN && mi_peer[n] == DEAD ->
        printf("MSC: %d: abort_in\n", n);
        assert(empty(pq[n]));
        mi_peer[n] = NONE;
        proc_gone(n)
    :: else -> skip
    fi
}

/* ---- the world ---- */

/* remote_receive at b of the head frame of stream a -> b. */
inline wire(a, b)
{
    h_i = PAIR(a, b);
    st[h_i] ? g_kind, g_w1, g_w2, g_w3, g_w4, g_w5;
    if
    :: pre[h_i] > 0 -> pre[h_i]--
    :: else -> skip
    fi;
    printf("MSC: %d -> %d: %e {%d %d %d %d %d}\n", a, b, g_kind, g_w1, g_w2, g_w3, g_w4, g_w5);
    if
    :: g_kind == MSG -> route_here(b, g_w1, g_w2, g_w3, g_w4, g_w5)
    :: g_kind == ANSWER -> call_end(g_w1, g_w2, g_w3)
    :: g_kind == UPDATE -> link_update_apply(g_w1, g_w2, g_w3)
    :: g_kind == HERE -> hin[b]--; heard(b, a, g_w1, g_w2)
    :: g_kind == START -> on_start(b, a)
    :: g_kind == STARTED -> on_started(b, a)
    :: g_kind == EXITN -> exit_notice_receive(b)
    fi
}

/* one of the streams with a frame in it, chosen freely */
#define PICK(a, b) :: nempty(st[PAIR(a, b)]) -> w_a = a; w_b = b
/* one of the LOCATEs on their way, chosen freely */
#define PICKL(a, n) :: lpend[a] & (1 << (n)) -> w_a = a; w_b = n
/* locate_tick: ask again, once the last round is all in with no answer */
#define REASK_DUE(a) (lst[a] == LASK && lround[a] < ASKS && lpend[a] == 0 && hin[a] == 0)
/* the deadline: only after ASKS rounds, nothing of them on its way */
#define DEADLINE_DUE(a) (lst[a] == LASK && lround[a] == ASKS && lpend[a] == 0 && hin[a] == 0)
#define TICK(a) \
    :: atomic { REASK_DUE(a) -> lround[a]++; ask(a) } \
    :: atomic { DEADLINE_DUE(a) -> fail(a, RDOWN) } \
    :: atomic { lst[a] == LFAILED -> lst[a] = LFREE; lstatus[a] = 0 }
#define NOTICE(n) :: atomic { n != DEAD && !alive[DEAD] && !det[n] && PRE_IN(n) -> peer_down(n) }
#define RECV(n) :: atomic { alive[n] && pst[n] == PRUN && nempty(pq[n]) -> p_receive(n) }

active proctype world()
{
    atomic {
        h_n = 0;
        do
        :: h_n < NODES -> fnode[h_n] = NONE; fprev[h_n] = NONE; mo_peer[h_n] = NONE; mi_peer[h_n] = NONE; h_n++
        :: else -> break
        od;
        pst[BORN] = PRUN;
        pfrom[BORN] = NONE;
        where_at[0] = BORN;
        h_n = 0;
        do
        :: h_n < NX -> lh[h_n] = BORN; haslink[h_n] = 1; h_n++
        :: else -> break
        od;
#ifdef LOOKUP
        haslink[NX - 1] = 0;
#endif
        if
        :: death_armed = 1
        :: skip
        fi;
#ifdef EXIT
        if
        :: exit_armed = 1
        :: skip
        fi
#else
        skip
#endif
    };
end:
    do
    :: atomic { !open[0] && sent[0] < NMSG -> sender_call(0) }
#if NX > 1
    :: atomic { haslink[1] && !open[1] && sent[1] < NMSG -> sender_call(1) }
#endif
#ifdef LOOKUP
    /* the name service hands out its copy of the link: P's birth place */
    :: atomic { !haslink[NX - 1] -> haslink[NX - 1] = 1; lh[NX - 1] = BORN; le[NX - 1] = 0 }
#endif
    :: atomic {
        if
        PICK(0, 1) PICK(0, 2) PICK(0, 3) PICK(1, 0) PICK(1, 2) PICK(1, 3)
        PICK(2, 0) PICK(2, 1) PICK(2, 3) PICK(3, 0) PICK(3, 1) PICK(3, 2)
        fi;
        wire(w_a, w_b)
    }
    :: atomic {
        if
        PICKL(0, 1) PICKL(0, 2) PICKL(0, 3) PICKL(1, 0) PICKL(1, 2) PICKL(1, 3)
        PICKL(3, 0) PICKL(3, 1) PICKL(3, 2)
        fi;
        lpend[w_a] = lpend[w_a] & ~(1 << w_b);
        answer(w_b, w_a)
    }
    TICK(0) TICK(1) TICK(3)
    RECV(0) RECV(1) RECV(2)
    :: atomic { !stop && pst[B] == PRUN && pep[B] == 0 && alive[F] && !det[B] -> migrate(B, F) }
    :: atomic { !stop && pst[F] == PRUN && pep[F] == 1 && alive[F] && alive[H] && MOVE_ON_OK -> migrate(F, H) }
    :: atomic { !stop -> stop = 1 }
    :: atomic { exit_armed && pst[0] == PRUN && alive[0] -> p_exit(0) }
    :: atomic { exit_armed && pst[1] == PRUN && alive[1] -> p_exit(1) }
    :: atomic { exit_armed && pst[2] == PRUN -> p_exit(2) }
    :: atomic { death_armed && alive[DEAD] -> die() }
    NOTICE(0) NOTICE(1) NOTICE(2) NOTICE(3)
    od unless { cut }
}

/* Runs once nothing else can: the properties of the settled state. */
active proctype checker()
{
    byte x, k, n, e, steps, home;
    timeout;
    if
    :: cut -> skip              /* LOOP failed on this path: nothing settles */
    :: else ->
    atomic {
        home = NONE;
        n = 0;
        do
        :: n < NODES ->
            if
            :: alive[n] && pst[n] == PRUN -> home = n
            :: else -> skip
            fi;
            C_ENDS(empty(hq[n]) && lst[n] != LASK);
            n++
        :: else -> break
        od;

        /* LOST: every call ended; if P lives, it got all not lost with DEAD */
        x = 0;
        do
        :: x < NX ->
            C_CALLS(sent[x] == NMSG && !open[x]);
            k = 0;
            do
            :: k < sent[x] ->
                C_LOST(home == NONE || exited || rcv[MID(x, k)] == 1 || lostf[MID(x, k)]);
                k++
            :: else -> break
            od;
            x++
        :: else -> break
        od;

        /* LOOP: every entry at a live node leads to P or to the dead node */
        n = 0;
        do
        :: n < NODES ->
            if
            :: home != NONE && !exited && alive[n] && n != home && fnode[n] != NONE ->
                h_n = n;
                e = 0;
                steps = 0;
                do
                :: h_n == home || !alive[h_n] -> break
                :: else ->
                    C_LOOP(fnode[h_n] != NONE && steps < MOVES && fepoch[h_n] > e);
                    if
                    :: fnode[h_n] == NONE || steps >= MOVES -> break
                    :: else -> e = fepoch[h_n]; h_n = fnode[h_n]; steps++
                    fi
                od
            :: else -> skip
            fi;
            n++
        :: else -> break
        od;

        /* LINKS: every link leads to P (or to the dead node); a last
         * message along P's last epoch, set by a live node, left the link
         * exactly right */
        x = 0;
        do
        :: home != NONE && !exited && x < NX && !haslink[x] -> x++
        :: home != NONE && !exited && x < NX && haslink[x] ->
            C_LINKS(where_at[le[x]] == lh[x]);
            C_LINKS(le[x] <= pep[home]);
            C_LINKS(last_ep[x] != pep[home] || !alive[last_via[x]] ||
                    (lh[x] == home && le[x] == pep[home]));
            h_n = lh[x];
            e = le[x];
            steps = 0;
            do
            :: h_n == home || !alive[h_n] -> break
            :: else ->
                C_LINKS(fnode[h_n] != NONE && steps < MOVES && fepoch[h_n] > e);
                if
                :: fnode[h_n] == NONE || steps >= MOVES -> break
                :: else -> e = fepoch[h_n]; h_n = fnode[h_n]; steps++
                fi
            od;
            x++
        :: else -> break
        od
    }
    fi
}
