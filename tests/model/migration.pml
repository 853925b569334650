/* SPDX-License-Identifier: MIT */
/* Model of process migration with forwarding addresses and link updates
 * (kernel/dist/migrate.c, kernel/dist/forward.c, kernel/core/route.c), checked by spin
 * through tests/model/run. Each inline below is named after the C
 * function it stands for: change one, change the other.
 *
 * The world: nodes 0..2, one process P born on node BORN, senders X0 and
 * X1 on nodes X0_NODE and X1_NODE, each holding a link to P and sending
 * NMSG numbered messages to it with call() (one open at a time; -DASYNC:
 * all NMSG without waiting). P takes its messages one at a time and
 * answers each at once. P makes at most MOVES moves in at most TRIES
 * attempts (a node that refuses, a pull that fails, and with -DTIMEOUTS a
 * step that times out end an attempt), each to a node chosen freely, and
 * stops moving when it likes; a run chooses at its start whether P will
 * exit, and P then exits at any moment it is running. Smaller worlds for
 * more senders (-DNX=3: X2 on node X2_NODE, 0): -DCYCLE moves round the
 * nodes only, -DNOREFUSE has no refusals or failed pulls, -DNOEXIT no
 * exit, -DNMSG0, -DNMSG1, -DNMSG2 give one sender fewer sends than NMSG.
 * Not modelled: node crashes and peer_down (a timeout stands for S's side
 * of it), queue limits, KOP_STOP/RESUME/KILL, P's own calls, fragments.
 *
 * -DLEAN (plain sends, no deadlines) leaves out steps whose effect no
 * property and no later step reads, so the search is smaller and judges
 * the same runs:
 *   - P's answer to a plain send: the kernel sends none (a plain send has
 *     no reply link); the sender's count of open sends is then a ghost,
 *     lowered when P takes the message. (Without LEAN each answer is a
 *     frame on the wire, which the kernel does not send.)
 *   - the LINK_UPDATE to a sender that has made all its sends is applied
 *     when it is sent: that link is read by nothing but LINKS at the end,
 *     and updates keep the newest epoch, so neither when nor in what order
 *     they come changes anything. (Such an update in flight no longer
 *     holds up the frames behind it on its pair; the wire could anyway
 *     hand them over right after it.)
 *   - D's yes (ACCEPT 1): it moves S's record from offered to pulling, a
 *     difference nothing reads without deadlines, and the PULL right
 *     behind it on the same stream says as much: S takes the PULL as the
 *     yes. A no (ACCEPT 0) is still sent.
 * Nothing is given up for these runs; with calls (answers are real) or
 * deadlines (the yes ends one) LEAN would not be exact, and is refused.
 *
 * The inter-kernel streams (kernel/net/transport.c) are modelled at the level
 * of sequence numbers: every frame sent on an ordered pair of nodes stays
 * available to the wire, which may hand any of them over, again and
 * again, in any order; the receiver takes a frame only if its seq is the
 * one it expects (receive_data), and drops duplicates and frames from the
 * future. Loss needs no step of its own: a frame that is never handed
 * over is lost, and retransmission is the wire handing it over later. The
 * sender's window (TX_WINDOW 32) is wider than anything in flight here, so
 * acknowledgements and the retransmission timer change nothing the
 * receiver can see and are left out; tests/model/transport.pml checks
 * them, window included, against a wire that loses, duplicates and
 * reorders, and shows the stream hands up each message once, in order.
 * -DFIFO therefore replaces the wire by one FIFO queue per ordered pair:
 * the same deliveries, without the wire's dropped frames. The checks use
 * it because of state explosion: the call check has 2.2 million states
 * with FIFO queues and over 9 million (76 s) on the sequence-numbered
 * wire; the "wire" check runs that wire with fewer attempts.
 *
 * Properties, each enabled by its own -DCHECK_X; every assertion names
 * its property (prop_x) so that one pan run with -c0 judges each:
 *   LOST    every message sent is received by P exactly once, or its
 *           sender gets an error answer, and an error only after P exited;
 *           every call ends.
 *   DUP     no message is received by P twice.
 *   ORDER   P receives each sender's messages in the order they were sent.
 *           Sends without waiting (-DASYNC) can be overtaken on the way
 *           (a send still going to the old node when the LINK_UPDATE
 *           reaches X, or P moving on while the last move's messages are
 *           still forwarded): the sender's kernel numbers them and P's
 *           record holds one that comes early until its turn
 *           (order_deliver; -DUNORDERED leaves this out, and then the
 *           async-order and async3 checks fail).
 *   SINGLE  P never runs on two nodes at once; a migrating P is stopped.
 *   LOOP    each forwarding hop goes to a strictly newer epoch, so a
 *           message is forwarded at most (epoch it reaches) <= MOVES times;
 *           at quiescence every forwarding entry leads to P. A path on
 *           which a message is forwarded more than MOVES times ends there
 *           (LOOP has failed; the other properties are judged on the rest).
 *   LINKS   a link's epoch never goes down; its hint is always where P
 *           lived at that epoch; at quiescence, if P lives, every link
 *           leads to P through entries of rising epoch, and a sender whose
 *           last message reached P along a link of P's last epoch (its own,
 *           or the last forwarding entry it went through) holds exactly
 *           {P's node, P's epoch}. (Not every sender that sent after the
 *           last move: an update of an older epoch may come in last and,
 *           being newer than the sender's link, be kept. The link is then
 *           one forward behind, never wrong.)
 *   CLEANUP at quiescence: if P exited, no node keeps an entry or a record
 *           of P; if it lives, it runs on one node and no half-made copy or
 *           unfinished migration is left anywhere.
 * "Quiescence" is the state where nothing can happen any more: the
 * checker process wakes on spin's timeout.
 *
 * What the model found in the code, now fixed there (each fix has a
 * mutant in tests/model/run --mutants that undoes it and is caught):
 *   SINGLE  migrate_tick ended a move by timeout after START: S resumed P
 *           while D started it. Now only STARTED, ABORT or D's death end a
 *           move once START went out.
 *   LOST    route_send delivered into the half-made record D builds for an
 *           arriving P (a stale link or entry can lead there when P lived
 *           on D before); abort_in's proc_discard then dropped the message.
 *           Now proc_find treats an arriving record as absent: the message
 *           follows D's entry to S, where it queues with the others.
 *   LOOP    on exit, the exit node's own entry from an earlier stay stayed;
 *           a message that came after the exit was forwarded backwards
 *           along it. With 4 moves the walk back could also miss an entry
 *           (an entry kept only the latest "came from"). Now an entry keeps
 *           every node P came from (a set), and the exiting node removes its
 *           own entry and sends the notice to all of them and to came_from.
 *   SINGLE  (-DTIMEOUTS) a late ACCEPT, READY or STARTED of an attempt that
 *   CLEANUP  timed out was taken for a step of the next attempt to the same
 *           node (the messages carried only the pid), and D that timed out
 *           after READY said nothing, so S, never timing out after START,
 *           kept P stopped for good. Now every migration message carries
 *           its attempt's id, and D that gives up says ABORT.
 */

#define NODES   3
#ifndef UNORDERED               /* -DUNORDERED: the protocol before numbering */
#define ORDERED
#endif
#define NONE    3               /* no node (the C code's 0: born here) */
#ifndef NX
#define NX      2               /* senders (2 or 3) */
#endif
#ifndef NMSG
#define NMSG    2
#endif
#ifndef NMSG0                   /* -DNMSGx: sender x sends only that many (<= NMSG) */
#define NMSG0   NMSG
#endif
#ifndef NMSG1
#define NMSG1   NMSG
#endif
#ifndef NMSG2
#define NMSG2   NMSG
#endif
#define NSEND(x) ((x) == 0 -> NMSG0 : ((x) == 1 -> NMSG1 : NMSG2))
#ifndef MOVES
#define MOVES   3
#endif
#ifndef TRIES
#define TRIES   3
#endif
#ifndef BORN
#define BORN    0
#endif
#ifndef X0_NODE
#define X0_NODE 1
#endif
#ifndef X1_NODE
#define X1_NODE 2
#endif
#ifndef X2_NODE
#define X2_NODE 0
#endif
#define XNODE(x) ((x) == 0 -> X0_NODE : ((x) == 1 -> X1_NODE : X2_NODE))

#if defined(LEAN) && (!defined(ASYNC) || defined(TIMEOUTS))
#error "-DLEAN is for plain sends (-DASYNC) without deadlines"
#endif

#ifndef QMAX                    /* messages queued for P on a node (asserted) */
#ifdef ASYNC
#define QMAX    (NX * NMSG)
#else
#define QMAX    NX
#endif
#endif
#ifndef K
#ifdef TIMEOUTS
#define K       12              /* frames in flight per pair (asserted) */
#else
#define K       8
#endif
#endif
#define PAIRS   6
#define PAIR(a, b) ((a) * 2 + ((b) > (a) -> (b) - 1 : (b)))

/* Each property's assertions name it (pan prints the expression). */
bit prop_lost = 1, prop_dup = 1, prop_order = 1, prop_single = 1;
bit prop_loop = 1, prop_links = 1, prop_cleanup = 1;

#ifdef CHECK_LOST
#define C_LOST(c)    assert(prop_lost && (c))
#else
#define C_LOST(c)    skip
#endif
#ifdef CHECK_DUP
#define C_DUP(c)     assert(prop_dup && (c))
#else
#define C_DUP(c)     skip
#endif
#ifdef CHECK_ORDER
#define C_ORDER(c)   assert(prop_order && (c))
#else
#define C_ORDER(c)   skip
#endif
#ifdef CHECK_SINGLE
#define C_SINGLE(c)  assert(prop_single && (c))
#else
#define C_SINGLE(c)  skip
#endif
#ifdef CHECK_LOOP
#define C_LOOP(c)    assert(prop_loop && (c))
#else
#define C_LOOP(c)    skip
#endif
#ifdef CHECK_LINKS
#define C_LINKS(c)   assert(prop_links && (c))
#else
#define C_LINKS(c)   skip
#endif
#ifdef CHECK_CLEANUP
#define C_CLEANUP(c) assert(prop_cleanup && (c))
#else
#define C_CLEANUP(c) skip
#endif

/* Transport message kinds (kernel/net/wire_format.h TM_*). The state and page
 * pulls (TM_MIG_PULL_STATE/STATE, TM_MIG_PULL_PAGES/PAGES...) are one
 * round trip PULL/PAGES: S answers them without changing anything, and D
 * may fail at any of them (migstate_restore, pgdir_map_new). */
mtype = {
    MSG,        /* TM_MSG: {x, k, link epoch, hops} */
    ANSWER,     /* an answer to x's call k: {x, k, ok} */
    UPDATE,     /* TM_LINK_UPDATE: {x, node, epoch} */
    EXITN,      /* TM_EXIT_NOTICE */
    OFFER,      /* TM_MIG_OFFER: {epoch, attempt} */
    ACCEPT,     /* TM_MIG_ACCEPT: {ok, attempt} */
    PULL,       /* TM_MIG_PULL_STATE, TM_MIG_PULL_PAGES: {-, attempt} */
    PAGES,      /* TM_MIG_STATE, TM_MIG_PAGES: {-, attempt} */
    READY,      /* TM_MIG_READY */
    START,      /* TM_MIG_START */
    STARTED,    /* TM_MIG_STARTED */
    ABORT       /* TM_MIG_ABORT */
};

typedef Frame { mtype kind; byte w1; byte w2; byte w3; byte w4 }
#ifdef FIFO
chan st[PAIRS] = [K] of { mtype, byte, byte, byte, byte };
#else
typedef Stream { Frame f[K]; byte expected; byte next_seq }
Stream st[PAIRS];
#endif

/* P's record on each node (kernel/core/proc.c): none, running, stopped and
 * leaving (S), or half-made and arriving (D). */
#define PNONE 0
#define PRUN  1
#define POUT  2
#define PIN   3
byte pst[NODES];
byte pep[NODES];                /* p->epoch */
byte pfrom[NODES];              /* p->came_from */
chan pq[NODES] = [QMAX] of { byte, byte, byte, byte };  /* p->mq: x, k, link epoch, hops */

/* Forwarding entries (struct fwd): node it went to, node it came from, epoch. */
byte fnode[NODES];
byte fprev[NODES];
byte fepoch[NODES];

/* Migration records (struct migration), out at S and in at D. */
#define MFREE     0
#define MOFFERED  1
#define MPULLING  2
#define MSTARTING 3
byte mo_st[NODES];
byte mo_peer[NODES];
byte mo_ep[NODES];
byte mi_st[NODES];
byte mi_peer[NODES];
byte mi_ep[NODES];
/* Every migration message names its attempt, so that one left over from
 * an attempt that timed out is not taken for a step of the next. */
byte mo_id[NODES];
byte mi_id[NODES];
#define OID(n) mo_id[n]
#define IID(n) mi_id[n]
#define FID    fr.w2
#define SET_ID(v, x) v = x

/* The senders: their link to P (node_hint, epoch) and their calls. */
byte lh[NX];
byte le[NX];
byte sent[NX];
byte open[NX];                  /* calls (messages) not yet answered */

/* Ghosts: what the properties are stated over. */
byte rcv[NX * NMSG];            /* times P received message (x, k) */
byte err[NX * NMSG];            /* error answers for (x, k) */
byte nextk[NX];                 /* next k P may receive from x */
byte last_ep[NX];               /* epoch of the link (x's own or an entry's) along
                                 * which x's last received message came to P */
byte where_at[MOVES + 1];       /* node where P started with each epoch */
bool exited;
bool exit_armed;
bool cut;                       /* a message went round: LOOP failed, the rest is not explored */
byte tries;

hidden Frame fr;
hidden byte h_i, h_j, h_s, h_n, h_x, h_k, h_e, h_h, h_p, h_c, h_o, h_u, h_q, h_b;

/* Ordering (-DORDERED, kernel/core/order.c): k is the number the sender's
 * kernel gave the message (its counter for P); P's record on each node
 * keeps the next number expected from each sender and holds messages that
 * come early (one bit per (x, k), with the epoch and hops they came with). */
byte rexp[NODES * NX];
short hb[NODES];
byte hold_e[NODES * NX * NMSG];
byte hold_h[NODES * NX * NMSG];
#define HBIT(x, k) (1 << ((x) * NMSG + (k)))
#define HIDX(n, x, k) ((n) * NX * NMSG + (x) * NMSG + (k))

/* ---- the wire and the transport (kernel/net/transport.c) ---- */

/* transport_send(to, kind, ...) from node `from` */
inline ship(from, to, kd, p1, p2, p3, p4)
{
    h_i = PAIR(from, to);
#ifdef FIFO
    assert(nfull(st[h_i]));
    st[h_i] ! kd, p1, p2, p3, p4
#else
    assert(st[h_i].next_seq - st[h_i].expected < K && st[h_i].next_seq < 250);
    h_j = st[h_i].next_seq % K;
    st[h_i].f[h_j].kind = kd;
    st[h_i].f[h_j].w1 = p1;
    st[h_i].f[h_j].w2 = p2;
    st[h_i].f[h_j].w3 = p3;
    st[h_i].f[h_j].w4 = p4;
    st[h_i].next_seq++
#endif
}

/* The wire hands frame seq h_s of pair i to the receiver: receive_data
 * takes it only if it is the one expected. Frames older than next_seq - K
 * are all below expected (the assertion in ship) and would be dropped as
 * duplicates, like those older ones chosen here. Sets h_c to whether the
 * frame is taken (into fr); a taken frame's slot is cleared so that a
 * second taking would show (assert in dispatch). */
inline receive_data(i)
{
#ifdef FIFO
    st[i] ? fr.kind, fr.w1, fr.w2, fr.w3, fr.w4;
    h_c = 1
#else
    select(h_s : (st[i].next_seq > K -> st[i].next_seq - K : 0) .. st[i].next_seq - 1);
    if
    :: h_s == st[i].expected ->
        h_j = h_s % K;
        fr.kind = st[i].f[h_j].kind;
        fr.w1 = st[i].f[h_j].w1;
        fr.w2 = st[i].f[h_j].w2;
        fr.w3 = st[i].f[h_j].w3;
        fr.w4 = st[i].f[h_j].w4;
        st[i].f[h_j].kind = 0;
        st[i].f[h_j].w1 = 0;
        st[i].f[h_j].w2 = 0;
        st[i].f[h_j].w3 = 0;
        st[i].f[h_j].w4 = 0;
        st[i].expected++;
        if
        :: st[i].expected == st[i].next_seq ->
            /* Drained: only differences and equality of seqs matter, so
             * both counters restart at 0 and histories that differ only
             * in how many frames went by become one state. */
            st[i].expected = 0;
            st[i].next_seq = 0
        :: else -> skip
        fi;
        h_c = 1
    :: h_s < st[i].expected -> h_c = 0      /* duplicate */
    :: h_s > st[i].expected -> h_c = 0      /* out of order: dropped */
    fi
#endif
}

#ifdef FIFO
#define PENDING(i) nempty(st[i])
#else
#define PENDING(i) (st[i].expected < st[i].next_seq)
#endif

/* ---- answers to calls (kernel/core/ipc.c) ---- */

/* The end of sys_call (finish_call) for x's message k. */
inline call_done(x, k)
{
    printf("MSC: X%d: call (%d,%d) answered\n", x, x, k);
    assert(open[x] > 0);
    open[x]--
}

/* ipc_answer along the reply link of x's message k (x never moves: the
 * reply link's hint is right). */
inline ipc_answer(n, x, k, ok)
{
#ifdef LEAN
    open[x]--                   /* a plain send has no reply link: only the ghost count */
#else
    if
    :: XNODE(x) == n -> call_done(x, k)
    :: else -> ship(n, XNODE(x), ANSWER, x, k, ok, 0)
    fi
#endif
}

/* ipc_discard_msg(m, -E_NOPROC) at node n: the caller gets an error. */
inline ipc_discard_msg(n, x, k)
{
    printf("MSC: %d: no such process for (%d,%d): error answer\n", n, x, k);
    C_LOST(exited);
    err[(x) * NMSG + (k)]++;
    ipc_answer(n, x, k, 0)
}

/* ---- links and forwarding (kernel/dist/forward.c) ---- */

inline link_update_apply(x, node, e)
{
    printf("MSC: link of X%d: update to node %d epoch %d (had %d/%d)\n", x, node, e, lh[x], le[x]);
    C_LINKS(where_at[e] == node);
    h_o = le[x];
    if
    :: e > le[x] ->
        lh[x] = node;
        le[x] = e
    :: else -> skip
    fi;
    C_LINKS(le[x] >= h_o)       /* never backwards */
}

/* send_update: LINK_UPDATE to the kernel of the sender (m->origin).
 * -DLEAN: to a sender that will send nothing more, the update is applied
 * at once (its link is read by nothing but the end's LINKS, and updates
 * keep the newest epoch, so the order they come in does not matter). */
inline send_update(n, x, node, e)
{
    if
#ifdef LEAN
    :: XNODE(x) == n || sent[x] == NSEND(x) -> link_update_apply(x, node, e)
#else
    :: XNODE(x) == n -> link_update_apply(x, node, e)
#endif
    :: else -> ship(n, XNODE(x), UPDATE, x, node, e, 0)
    fi
}

/* forward_msg at node n along entry fnode/fepoch[n]: message (x, k)
 * travelled along a link of epoch e and has been forwarded h times. The
 * update for a plain send (-DASYNC) waits until the next node has the
 * message (the kernel: until the transport's ack for it, forward_acked):
 * sent at once, x could send its next message straight there and overtake
 * this one (see dispatch). A call's goes at once: x sends nothing more
 * before the answer, which comes after the call reached P. */
inline forward_msg(n, x, k, e, h)
{
    printf("MSC: %d forwards (%d,%d) to %d epoch %d, hop %d\n", n, x, k, fnode[n], fepoch[n], h + 1);
    C_LOOP(fepoch[n] > e);
    C_LOOP(h + 1 <= fepoch[n] && fepoch[n] <= MOVES);
    if
    :: h + 1 > MOVES -> cut = 1     /* looping: see CHECK_LOOP */
    :: else -> skip
    fi;
    ship(n, fnode[n], MSG, x, k, fepoch[n], h + 1);
#ifndef ASYNC
    send_update(n, x, fnode[n], fepoch[n])
#else
    skip
#endif
}

inline fwd_add(n, node, prev, e)
{
    printf("MSC: %d: fwd_add {to %d, prev %d, epoch %d}\n", n, node, prev, e);
    /* prev: every node P came here from, over all its stays */
    fprev[n] = (fnode[n] != NONE -> fprev[n] : 0) | (prev != NONE -> 1 << prev : 0);
    fnode[n] = node;
    fepoch[n] = e
}

inline fwd_remove(n)
{
    fnode[n] = NONE;
    fprev[n] = 0;
    fepoch[n] = 0
}

/* prev is a set of nodes (bits) */
inline forward_exit_notice(n, prev)
{
    h_n = 0;
    do
    :: h_n < NODES && (prev & (1 << h_n)) -> ship(n, h_n, EXITN, 0, 0, 0, 0); h_n++
    :: h_n < NODES && !(prev & (1 << h_n)) -> h_n++
    :: h_n >= NODES -> break
    od
}

/* forward_receive(TM_EXIT_NOTICE) at n */
inline exit_notice_receive(n)
{
    printf("MSC: %d: exit notice, entry to %d prev %d\n", n, fnode[n], fprev[n]);
    if
    :: fnode[n] != NONE ->
        h_p = fprev[n];
        fwd_remove(n);
        forward_exit_notice(n, h_p)
    :: else -> skip
    fi
}

/* ---- routing (kernel/core/route.c) ---- */

inline ipc_deliver(n, x, k, e, h)
{
    printf("MSC: %d: (%d,%d) queued for P (record %d)\n", n, x, k, pst[n]);
    assert(nfull(pq[n]));
    pq[n] ! x, k, e, h
}

#ifdef ORDERED
/* order_release: after x's expected message went in, the held ones that
 * now follow go in too, in number order. */
inline order_release(n, x)
{
    do
    :: rexp[n * NX + x] < NMSG && (hb[n] & HBIT(x, rexp[n * NX + x])) ->
        h_q = rexp[n * NX + x];
        hb[n] = hb[n] & ~HBIT(x, h_q);
        ipc_deliver(n, x, h_q, hold_e[HIDX(n, x, h_q)], hold_h[HIDX(n, x, h_q)]);
        hold_e[HIDX(n, x, h_q)] = 0;
        hold_h[HIDX(n, x, h_q)] = 0;
        rexp[n * NX + x]++
    :: else -> break
    od
}

/* order_deliver: the expected number goes into the queue (and releases
 * what it held back); a later one is held; an earlier one cannot come
 * (numbers are used once, and nothing here loses a message). */
inline order_deliver(n, x, k, e, h)
{
    if
    :: k == rexp[n * NX + x] ->
        ipc_deliver(n, x, k, e, h);
        rexp[n * NX + x]++;
        order_release(n, x)
    :: k > rexp[n * NX + x] ->
        printf("MSC: %d: (%d,%d) held (expects %d)\n", n, x, k, rexp[n * NX + x]);
        assert((hb[n] & HBIT(x, k)) == 0);
        hb[n] = hb[n] | HBIT(x, k);
        hold_e[HIDX(n, x, k)] = e;
        hold_h[HIDX(n, x, k)] = h
    :: else -> assert(0)
    fi
}

/* migstate_capture's receiver side: for each sender, the first number P
 * has not taken yet (the head of its queue, or the next expected); what
 * is queued or held at S follows to D. Into h_b for sender x. */
inline order_capture(n, x)
{
    if
    :: pq[n] ?? [eval(x), _, _, _] -> pq[n] ?? <eval(x), h_b, _, _>
    :: else -> h_b = rexp[n * NX + x]
    fi
}

/* on_started at S = n: the held messages follow the queued ones to D. */
inline order_forward_held(n)
{
    h_x = 0;
    do
    :: h_x < NX ->
        h_k = 0;
        do
        :: h_k < NMSG ->
            if
            :: hb[n] & HBIT(h_x, h_k) ->
                hb[n] = hb[n] & ~HBIT(h_x, h_k);
                forward_msg(n, h_x, h_k, pep[n], hold_h[HIDX(n, h_x, h_k)]);
                hold_e[HIDX(n, h_x, h_k)] = 0;
                hold_h[HIDX(n, h_x, h_k)] = 0
            :: else -> skip
            fi;
            h_k++
        :: else -> break
        od;
        h_x++
    :: else -> break
    od
}

/* ipc_proc_exit's part for held messages: each fails like a queued one. */
inline order_discard_held(n)
{
    h_x = 0;
    do
    :: h_x < NX ->
        h_k = 0;
        do
        :: h_k < NMSG ->
            if
            :: hb[n] & HBIT(h_x, h_k) ->
                hb[n] = hb[n] & ~HBIT(h_x, h_k);
                hold_e[HIDX(n, h_x, h_k)] = 0;
                hold_h[HIDX(n, h_x, h_k)] = 0;
                ipc_discard_msg(n, h_x, h_k)
            :: else -> skip
            fi;
            h_k++
        :: else -> break
        od;
        h_x++
    :: else -> break
    od
}

inline order_forget(n)
{
    h_x = 0;
    do
    :: h_x < NX -> rexp[n * NX + h_x] = 0; h_x++
    :: else -> break
    od;
    assert(hb[n] == 0)
}
#define DELIVER order_deliver
#else
#define DELIVER ipc_deliver
#endif

/* route_send at node n for a link whose hint is n (from the sender's own
 * kernel, or remote.c's receive_msg for a message that came over the wire). */
inline route_here(n, x, k, e, h)
{
    if
    :: pst[n] == PRUN || pst[n] == POUT -> DELIVER(n, x, k, e, h)
    :: else ->
        if
        :: fnode[n] != NONE -> forward_msg(n, x, k, e, h)
        :: else -> ipc_discard_msg(n, x, k)
        fi
    fi
}

/* route_send from the sender's node n along its link (remote_send if the
 * hint is another node). */
inline route_send(n, x, k, hint, e)
{
    if
    :: hint != n -> ship(n, hint, MSG, x, k, e, 0)
    :: else -> route_here(n, x, k, e, 0)
    fi
}

/* sys_call (or sys_send with -DASYNC) by sender x */
inline sender_send(x)
{
    printf("MSC: X%d sends (%d,%d) along link %d/%d\n", x, x, sent[x], lh[x], le[x]);
    h_k = sent[x];
    sent[x]++;
    open[x]++;
    route_send(XNODE(x), x, h_k, lh[x], le[x])
}

/* P at n takes the head of its queue (sys_receive) and answers it. */
inline p_receive(n)
{
    printf("MSC: %d: P (epoch %d) receives\n", n, pep[n]);
    count_running();
    C_SINGLE(h_c == 1);
    pq[n] ? h_x, h_k, h_e, h_h;
    C_DUP(rcv[h_x * NMSG + h_k] == 0);
    rcv[h_x * NMSG + h_k]++;
    C_ORDER(h_k >= nextk[h_x]);
    nextk[h_x] = h_k + 1;
    last_ep[h_x] = h_e;
    ipc_answer(n, h_x, h_k, 1)
}

/* The record is freed: forget its fields (one state for all such). */
inline proc_gone(n)
{
    pst[n] = PNONE;
    pep[n] = 0;
#ifdef ORDERED
    order_forget(n);
#endif
    pfrom[n] = 0
}

inline count_running()
{
    h_c = (pst[0] == PRUN) + (pst[1] == PRUN) + (pst[2] == PRUN)
}

/* proc_exit at n: ipc_proc_exit fails what is queued; the exit notice
 * goes back along the chain. */
inline p_exit(n)
{
    printf("MSC: %d: P exits\n", n);
    exited = 1;
    pst[n] = PNONE;
    do
    :: nempty(pq[n]) ->
        pq[n] ? h_x, h_k, h_e, h_h;
        ipc_discard_msg(n, h_x, h_k)
    :: empty(pq[n]) -> break
    od;
#ifdef ORDERED
    order_discard_held(n);
#endif
    /* this node's own entry, left from an earlier stay, goes too, and
     * the notice goes back along every way P ever came here */
    h_p = (pfrom[n] != NONE -> 1 << pfrom[n] : 0) | (fnode[n] != NONE -> fprev[n] : 0);
    fwd_remove(n);
    forward_exit_notice(n, h_p);
    proc_gone(n)
}

/* ---- migration (kernel/dist/migrate.c) ---- */

/* migrate_request at S = n to D = d: steps 1 and 2. */
inline migrate_request(n, d)
{
    printf("MSC: %d: migrate_request P to %d (epoch %d)\n", n, d, pep[n] + 1);
    tries++;
    pst[n] = POUT;
    mo_st[n] = MOFFERED;
    mo_peer[n] = d;
    mo_ep[n] = pep[n] + 1;
    SET_ID(mo_id[n], tries);
    ship(n, d, OFFER, mo_ep[n], OID(n), 0, 0)
}

/* on_offer at D = n from S = a: step 3. */
inline on_offer(n, a, e)
{
    printf("MSC: %d: offer from %d\n", n, a);
    if
    :: pst[n] != PNONE -> ship(n, a, ACCEPT, 0, FID, 0, 0)    /* proc_find(pid) */
    :: else ->
        if
#ifndef NOREFUSE
        :: ship(n, a, ACCEPT, 0, FID, 0, 0)                     /* memsched, frames */
#endif
        :: assert(empty(pq[n]));
            pst[n] = PIN;
            mi_st[n] = MPULLING;
            mi_peer[n] = a;
            mi_ep[n] = e;
            SET_ID(mi_id[n], FID);
#ifndef LEAN                    /* -DLEAN: S takes the PULL behind it as the yes */
            ship(n, a, ACCEPT, 1, IID(n), 0, 0);
#endif
            ship(n, a, PULL, 0, IID(n), 0, 0)                   /* step 4 */
        fi
    fi
}

/* abort_out at S = n: P goes on here. */
inline abort_out(n)
{
    printf("MSC: %d: abort_out, P resumes here\n", n);
    C_SINGLE(pst[n] == POUT);
    pst[n] = PRUN;
    count_running();
    C_SINGLE(h_c <= 1);
    ship(n, mo_peer[n], ABORT, 0, OID(n), 0, 0);
    mo_st[n] = MFREE;
    mo_peer[n] = 0;
    SET_ID(mo_id[n], 0);
    mo_ep[n] = 0
}

/* abort_in at D = n: proc_discard of the half-made P, and with it
 * whatever was delivered into its queue. */
inline abort_in(n)
{
    printf("MSC: %d: abort_in, half-made P discarded with %d queued\n", n, len(pq[n]));
    assert(pst[n] == PIN);
    pst[n] = PNONE;
    do
    :: nempty(pq[n]) -> pq[n] ? h_x, h_k, h_e, h_h
    :: empty(pq[n]) -> break
    od;
#ifdef ORDERED
    hb[n] = 0;                  /* (never any: nothing is delivered to PIN) */
#endif
    proc_gone(n);
    mi_st[n] = MFREE;
    mi_peer[n] = 0;
    SET_ID(mi_id[n], 0);
    mi_ep[n] = 0
}

/* on_pages at D = n: the pulls succeed (ask on, then READY) or fail. */
inline on_pages(n)
{
    if
    :: ship(n, mi_peer[n], READY, 0, IID(n), 0, 0)
#ifndef NOREFUSE
    :: ship(n, mi_peer[n], ABORT, 0, IID(n), 0, 0);
        abort_in(n)
#endif
    fi
}

/* on_start at D = n: step 8. */
inline on_start(n)
{
    printf("MSC: %d: on_start, P runs here epoch %d\n", n, mi_ep[n]);
    C_SINGLE(pst[n] == PIN);
    pst[n] = PRUN;
    pep[n] = mi_ep[n];
    pfrom[n] = mi_peer[n];
    where_at[pep[n]] = n;
    count_running();
    C_SINGLE(h_c <= 1);
    ship(n, mi_peer[n], STARTED, 0, IID(n), 0, 0);
    mi_st[n] = MFREE;
    mi_peer[n] = 0;
    SET_ID(mi_id[n], 0);
    mi_ep[n] = 0
}

/* on_started at S = n: steps 6 and 7. The queued messages go on along
 * ipc_link_to(p): hint S, epoch p->epoch. */
inline on_started(n)
{
    printf("MSC: %d: on_started, forwards %d queued\n", n, len(pq[n]));
    C_SINGLE(pst[n] == POUT);
    fwd_add(n, mo_peer[n], pfrom[n], mo_ep[n]);
    do
    :: nempty(pq[n]) ->
        pq[n] ? h_x, h_k, h_e, h_h;
        forward_msg(n, h_x, h_k, pep[n], h_h)
    :: empty(pq[n]) -> break
    od;
#ifdef ORDERED
    order_forward_held(n);
#endif
    proc_gone(n);
    mo_st[n] = MFREE;
    mo_peer[n] = 0;
    SET_ID(mo_id[n], 0);
    mo_ep[n] = 0
}

#define OUT_TO(n, a) (mo_st[n] != MFREE && mo_peer[n] == (a) && OID(n) == FID)
#define IN_FROM(n, a) (mi_st[n] != MFREE && mi_peer[n] == (a) && IID(n) == FID)

/* remote_receive at node n of frame fr from node a. */
inline dispatch(n, a)
{
    assert(fr.kind != 0);
    if
#ifndef ASYNC
    :: fr.kind == MSG -> route_here(n, fr.w1, fr.w2, fr.w3, fr.w4)
#else
    :: fr.kind == MSG && fr.w4 == 0 -> route_here(n, fr.w1, fr.w2, fr.w3, 0)
    :: fr.kind == MSG && fr.w4 > 0 ->
        /* a forwarded message: taken here, so a's update may go now */
        h_u = fr.w1;
        route_here(n, fr.w1, fr.w2, fr.w3, fr.w4);
        send_update(a, h_u, n, fr.w3)
#endif
    :: fr.kind == ANSWER -> assert(XNODE(fr.w1) == n); call_done(fr.w1, fr.w2)
    :: fr.kind == UPDATE -> assert(XNODE(fr.w1) == n); link_update_apply(fr.w1, fr.w2, fr.w3)
    :: fr.kind == EXITN -> exit_notice_receive(n)
    :: fr.kind == OFFER -> on_offer(n, a, fr.w1)
    :: fr.kind == ACCEPT ->
        if
        :: OUT_TO(n, a) && fr.w1 == 0 -> abort_out(n)
        :: OUT_TO(n, a) && fr.w1 == 1 -> mo_st[n] = MPULLING
        :: else -> skip
        fi
    :: fr.kind == PULL ->
        if
#ifdef ORDERED
        :: OUT_TO(n, a) ->
            order_capture(n, 0);
            h_p = h_b;
            order_capture(n, 1);
            h_o = h_b;
            h_b = 0;
            if
            :: NX > 2 -> order_capture(n, NX - 1)
            :: else -> skip
            fi;
            ship(n, a, PAGES, h_p, OID(n), h_o, h_b)
#else
        :: OUT_TO(n, a) -> ship(n, a, PAGES, 0, OID(n), 0, 0)
#endif
        :: else -> skip
        fi
    :: fr.kind == PAGES ->
        if
#ifdef ORDERED
        :: IN_FROM(n, a) ->
            /* migstate_restore: P's expected numbers as S captured them */
            rexp[n * NX + 0] = fr.w1;
            rexp[n * NX + 1] = fr.w3;
            if
            :: NX > 2 -> rexp[n * NX + NX - 1] = fr.w4
            :: else -> skip
            fi;
            on_pages(n)
#else
        :: IN_FROM(n, a) -> on_pages(n)
#endif
        :: else -> skip
        fi
    :: fr.kind == READY ->
        if
        :: OUT_TO(n, a) -> mo_st[n] = MSTARTING; ship(n, a, START, 0, OID(n), 0, 0)
        :: else -> skip
        fi
    :: fr.kind == START ->
        if
        :: IN_FROM(n, a) -> on_start(n)
        :: else -> skip
        fi
    :: fr.kind == STARTED ->
        if
        :: OUT_TO(n, a) -> on_started(n)
        :: else -> skip
        fi
    :: fr.kind == ABORT ->
        if
        :: OUT_TO(n, a) -> abort_out(n)
        :: !OUT_TO(n, a) && IN_FROM(n, a) -> abort_in(n)
        :: else -> skip
        fi
    fi
}

inline wire(i, a, b)
{
    receive_data(i);
    if
    :: h_c ->
        printf("MSC: %d -> %d: %e {%d %d %d %d}\n", a, b, fr.kind, fr.w1, fr.w2, fr.w3, fr.w4);
        dispatch(b, a)
    :: else -> skip
    fi
}

#define CAN_MOVE(n) (pst[n] == PRUN && tries < TRIES && pep[n] < MOVES)

active proctype world()
{
    atomic {
        h_n = 0;
        do
        :: h_n < NODES ->
            fnode[h_n] = NONE; h_n++
        :: else -> break
        od;
        pst[BORN] = PRUN;
        pfrom[BORN] = NONE;
        where_at[0] = BORN;
        h_n = 0;
        do
        :: h_n < NX -> lh[h_n] = BORN; h_n++
        :: else -> break
        od;
#ifndef NOEXIT
        if
        :: exit_armed = 1
        :: skip
        fi
#endif
    };
end:
    do
#ifdef ASYNC
    :: atomic { sent[0] < NMSG0 -> sender_send(0) }
    :: atomic { sent[1] < NMSG1 -> sender_send(1) }
#if NX > 2
    :: atomic { sent[2] < NMSG2 -> sender_send(2) }
#endif
#else
    :: atomic { open[0] == 0 && sent[0] < NMSG0 -> sender_send(0) }
    :: atomic { open[1] == 0 && sent[1] < NMSG1 -> sender_send(1) }
#endif
    :: atomic { PENDING(0) -> wire(0, 0, 1) }
    :: atomic { PENDING(1) -> wire(1, 0, 2) }
    :: atomic { PENDING(2) -> wire(2, 1, 0) }
    :: atomic { PENDING(3) -> wire(3, 1, 2) }
    :: atomic { PENDING(4) -> wire(4, 2, 0) }
    :: atomic { PENDING(5) -> wire(5, 2, 1) }
    :: atomic { pst[0] == PRUN && nempty(pq[0]) -> p_receive(0) }
    :: atomic { pst[1] == PRUN && nempty(pq[1]) -> p_receive(1) }
    :: atomic { pst[2] == PRUN && nempty(pq[2]) -> p_receive(2) }
#ifndef CYCLE
    :: atomic { CAN_MOVE(0) -> if :: migrate_request(0, 1) :: migrate_request(0, 2) fi }
    :: atomic { CAN_MOVE(1) -> if :: migrate_request(1, 0) :: migrate_request(1, 2) fi }
    :: atomic { CAN_MOVE(2) -> if :: migrate_request(2, 0) :: migrate_request(2, 1) fi }
#else
    /* -DCYCLE: every move goes on round the nodes, 0 -> 1 -> 2 -> 0 */
    :: atomic { CAN_MOVE(0) -> migrate_request(0, 1) }
    :: atomic { CAN_MOVE(1) -> migrate_request(1, 2) }
    :: atomic { CAN_MOVE(2) -> migrate_request(2, 0) }
#endif
    :: atomic { tries < TRIES -> tries = TRIES }        /* no more moves */
    :: atomic { exit_armed && pst[0] == PRUN -> p_exit(0) }
    :: atomic { exit_armed && pst[1] == PRUN -> p_exit(1) }
    :: atomic { exit_armed && pst[2] == PRUN -> p_exit(2) }
#ifdef TIMEOUTS
    /* migrate_tick: a step's deadline passes (nothing here bounds time).
     * S never gives up once it said START: D's word decides. */
    :: atomic { mo_st[0] != MFREE && mo_st[0] != MSTARTING -> abort_out(0) }
    :: atomic { mo_st[1] != MFREE && mo_st[1] != MSTARTING -> abort_out(1) }
    :: atomic { mo_st[2] != MFREE && mo_st[2] != MSTARTING -> abort_out(2) }
    /* D that gives up says so. */
    :: atomic { mi_st[0] != MFREE -> ship(0, mi_peer[0], ABORT, 0, IID(0), 0, 0); abort_in(0) }
    :: atomic { mi_st[1] != MFREE -> ship(1, mi_peer[1], ABORT, 0, IID(1), 0, 0); abort_in(1) }
    :: atomic { mi_st[2] != MFREE -> ship(2, mi_peer[2], ABORT, 0, IID(2), 0, 0); abort_in(2) }
#endif
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
        /* LOST: every call ended, every message received or refused once */
        x = 0;
        do
        :: x < NX ->
            C_LOST(sent[x] == NSEND(x) && open[x] == 0);
            k = 0;
            do
            :: k < NSEND(x) -> C_LOST(rcv[x * NMSG + k] + err[x * NMSG + k] == 1); k++
            :: else -> break
            od;
            x++
        :: else -> break
        od;

        count_running();
        home = NONE;
        n = 0;
        do
        :: n < NODES ->
            if
            :: pst[n] == PRUN -> home = n
            :: else -> skip
            fi;
            C_CLEANUP(mo_st[n] == MFREE && mi_st[n] == MFREE);
            C_CLEANUP(pst[n] == PNONE || pst[n] == PRUN);
            C_CLEANUP(!exited || fnode[n] == NONE);
            n++
        :: else -> break
        od;
        C_SINGLE(h_c <= 1);
        C_CLEANUP(exited || h_c == 1);

        /* LOOP: every entry leads to P through rising epochs */
        n = 0;
        do
        :: n < NODES ->
            if
            :: home != NONE && !exited && pst[n] != PRUN && fnode[n] != NONE ->
                h_n = n;
                e = 0;
                steps = 0;
                do
                :: pst[h_n] == PRUN -> break
                :: pst[h_n] != PRUN ->
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

        /* LINKS: every link leads to P; a forwarded last message left the
         * sender's link exactly right */
        x = 0;
        do
        :: home != NONE && !exited && x < NX ->
            C_LINKS(where_at[le[x]] == lh[x]);
            C_LINKS(le[x] <= pep[home]);
            C_LINKS(last_ep[x] != pep[home] || (lh[x] == home && le[x] == pep[home]));
            h_n = lh[x];
            e = le[x];
            steps = 0;
            do
            :: pst[h_n] == PRUN -> break
            :: pst[h_n] != PRUN ->
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
