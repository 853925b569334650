/* SPDX-License-Identifier: MIT */
/* Model of pre-copy migration (kernel/dist/precopy.c, kernel/dist/migrate.c,
 * kernel/dist/migdest.c, the dirty bits of arch/x86/paging.c), checked by
 * spin through tests/model/run. Each inline is named after the C function
 * it stands for: change one, change the other. tests/model/migration.pml
 * models forwarding, link updates, chains and timeouts over many moves;
 * this one models one move's rounds in detail.
 *
 * The world: source S (node 0) and destination D (node 1); process P runs
 * at S, with NP pages, each holding a version, and writes any page (at
 * most WRITES times in all), which sets its dirty bit. A sender X sends
 * NMSG numbered messages to P at S at any time; P takes them whenever it
 * runs. S starts one move (migrate_request): P runs on; D pulls a page a
 * message; S takes a page's dirty bit as it packs it; at a round's end S
 * chooses freely another round (at most ROUNDS, and only while something
 * is dirty: any stop rule) or stops P and sends what is dirty, then P's
 * state. D may refuse, give up at any step (ABORT), or (a run chooses at
 * its start whether it may) die at any moment;
 * S may time out before START (its timeout, or D's death seen as
 * peer_down). After STARTED, S forwards P's queue to D in order and keeps
 * a forwarding entry, which forwards what comes later.
 * The streams are FIFO (tests/model/transport.pml shows the transport
 * hands up each message once, in order).
 *
 * Properties, each enabled by its own -DCHECK_X:
 *   PAGES   when P starts at D, every page at D holds P's last version.
 *   SINGLE  P never runs on two live nodes at once, and never runs at S
 *           once it started at D (unless D died).
 *   LOST    at quiescence, if P lives, it received every message once.
 *   ORDER   P receives X's messages in the order they were sent.
 *   RESUME  at quiescence, a move that did not end with P at D left P
 *           running at S (not stopped, not moving); no records are left.
 */

#define NP      2
#ifndef WRITES
#define WRITES  3
#endif
#ifndef NMSG
#define NMSG    2
#endif
#ifndef ROUNDS
#define ROUNDS  3
#endif
#define NONE    255
#define K       8

bit prop_pages = 1, prop_single = 1, prop_lost = 1, prop_order = 1, prop_resume = 1;
#ifdef CHECK_PAGES
#define C_PAGES(c)   assert(prop_pages && (c))
#else
#define C_PAGES(c)   skip
#endif
#ifdef CHECK_SINGLE
#define C_SINGLE(c)  assert(prop_single && (c))
#else
#define C_SINGLE(c)  skip
#endif
#ifdef CHECK_LOST
#define C_LOST(c)    assert(prop_lost && (c))
#else
#define C_LOST(c)    skip
#endif
#ifdef CHECK_ORDER
#define C_ORDER(c)   assert(prop_order && (c))
#else
#define C_ORDER(c)   skip
#endif
#ifdef CHECK_RESUME
#define C_RESUME(c)  assert(prop_resume && (c))
#else
#define C_RESUME(c)  skip
#endif

/* TM_MIG_* and TM_MSG, {w1, w2, w3}. */
mtype = { OFFER, ACCEPT, PULL, PAGES, STATE, READY, START, STARTED, ABORT, MSG };
chan sd = [K] of { mtype, byte, byte, byte };   /* S -> D */
chan ds = [K] of { mtype, byte, byte, byte };   /* D -> S */
chan xq = [NMSG] of { byte };                   /* X -> S: TM_MSG along X's link */

/* P at S: its memory, dirty bits and queue. */
byte mem[NP];
bit dirty[NP];
byte writes;
mtype = { PRUN, PSTOPPED, PGONE };              /* PGONE: freed, a forwarding entry */
mtype ps = PRUN;
bit moving;
chan qs = [NMSG] of { byte };
/* S's migration (struct migration, struct precopy). */
mtype = { MFREE, MOFFERED, MPULLING, MSTARTING };
mtype mo = MFREE;
byte round;
bit stopped;
bit asked;                      /* the one move was requested */
/* D: the arriving record and P once it runs there. */
mtype = { DNONE, DPULLING, DRUN };
mtype dst = DNONE;
bit ddead;
byte dcopy[NP];
chan qd = [NMSG] of { byte };
/* P, wherever it runs: what it received. */
byte received, last = NONE;

inline p_receive(q) {
    byte h_n;
    q ? h_n;
    C_ORDER(h_n == last + 1 || (last == NONE && h_n == 0));
    last = h_n;
    received++
}

/* The first page at or after va to pack: any (round 1), or a dirty one. */
inline next_to_pack(va, out) {
    out = va;
    do
    :: out >= NP -> out = NONE; break
    :: out < NP && (round == 1 || dirty[out]) -> break
    :: else -> out++
    od
}

/* precopy_pack and on_pull_pages: one page a message here. */
inline on_pull_pages(from) {
    byte h_va, h_next, h_ver;
    next_to_pack(from, h_va);
    h_ver = 0;
    if
    :: h_va != NONE -> dirty[h_va] = 0; h_ver = mem[h_va]; next_to_pack(h_va + 1, h_next)
    :: else -> h_next = NONE
    fi;
    if
    :: h_next == NONE && !stopped ->
        /* the round's end: another round, or stop it and send what is dirty */
        if
        :: round < ROUNDS && (dirty[0] || dirty[1]) -> round++
        :: true -> ps = PSTOPPED; stopped = 1; round++
        fi;
        h_next = 0;
        do
        :: h_next >= NP -> h_next = NONE; break
        :: h_next < NP && dirty[h_next] -> break
        :: else -> h_next++
        od
    :: else -> skip
    fi;
    sd ! PAGES, h_va, h_ver, h_next;
    if
    :: h_next == NONE -> sd ! STATE, 0, 0, 0
    :: else -> skip
    fi
}

/* abort_out: P goes on here. tell: D does not know yet. */
inline abort_out(tell) {
    moving = 0;
    if
    :: stopped ->
        C_SINGLE(dst != DRUN || ddead);
        ps = PRUN
    :: else -> skip
    fi;
    if
    :: tell && !ddead -> sd ! ABORT, 0, 0, 0
    :: else -> skip
    fi;
    mo = MFREE
}

/* on_started: forward the queue in order; keep a forwarding entry. */
inline on_started() {
    byte h_m;
    do
    :: nempty(qs) -> qs ? h_m; sd ! MSG, h_m, 0, 0
    :: empty(qs) -> break
    od;
    ps = PGONE;
    moving = 0;
    mo = MFREE
}

active proctype source()
{
    mtype k;
    byte a, b, c;
end:
    do
    /* P runs here: it writes, it receives. */
    :: atomic { ps == PRUN && writes < WRITES ->
        if
        :: mem[0]++; dirty[0] = 1
        :: mem[1]++; dirty[1] = 1
        fi;
        writes++ }
    :: atomic { ps == PRUN && nempty(qs) -> C_SINGLE(dst != DRUN || ddead); p_receive(qs) }
    /* route_send at S: P's queue, or its forwarding entry. */
    :: atomic { nempty(xq) ->
        xq ? a;
        if
        :: ps != PGONE -> qs ! a
        :: else -> sd ! MSG, a, 0, 0
        fi }
    /* migrate_request: P runs on. */
    :: atomic { !asked -> asked = 1; moving = 1; mo = MOFFERED; round = 1;
        sd ! OFFER, 0, 0, 0 }
    /* its step timeout, or D's death as peer_down: only before START */
    :: atomic { (mo == MOFFERED || mo == MPULLING) -> abort_out(1) }
    :: atomic { mo == MSTARTING && ddead -> abort_out(0) }
    :: atomic { nempty(ds) ->
        ds ? k, a, b, c;
        if
        :: mo == MFREE -> skip           /* an attempt that ended */
        :: mo != MFREE && k == ACCEPT && a -> mo = MPULLING
        :: mo != MFREE && k == ACCEPT && !a -> abort_out(0)
        :: mo != MFREE && k == PULL -> on_pull_pages(a)
        :: mo != MFREE && k == READY -> mo = MSTARTING; sd ! START, 0, 0, 0
        :: mo != MFREE && k == STARTED -> on_started()
        :: mo != MFREE && k == ABORT -> abort_out(0)
        fi }
    od
}

/* D: step 3, the pulls, the state, START (migdest.c); it may give up or die. */
active proctype dest()
{
    mtype k;
    byte a, b, c;
    bit may_die;
    if
    :: may_die = 1
    :: skip
    fi;
end:
    do
    :: atomic { may_die && !ddead -> ddead = 1 }
    :: atomic { !ddead && dst == DPULLING -> dst = DNONE; ds ! ABORT, 0, 0, 0 }
    :: atomic { !ddead && dst == DRUN && nempty(qd) -> p_receive(qd) }
    :: atomic { !ddead && nempty(sd) ->
        sd ? k, a, b, c;
        if
        :: k == OFFER ->
            if
            :: ds ! ACCEPT, 0, 0, 0
            :: dst = DPULLING; dcopy[0] = NONE; dcopy[1] = NONE; ds ! ACCEPT, 1, 0, 0;
               ds ! PULL, 0, 0, 0
            fi
        :: k == PAGES && dst == DPULLING ->
            if
            :: c != NONE -> ds ! PULL, c, 0, 0
            :: else -> skip
            fi;
            if
            :: a != NONE -> dcopy[a] = b
            :: else -> skip
            fi
        :: k == STATE && dst == DPULLING -> ds ! READY, 0, 0, 0
        :: k == START && dst == DPULLING ->
            C_PAGES(dcopy[0] == mem[0] && dcopy[1] == mem[1]);
            C_SINGLE(ps == PSTOPPED && stopped);
            dst = DRUN;
            ds ! STARTED, 0, 0, 0
        :: k == ABORT && dst == DPULLING -> dst = DNONE
        :: k == MSG && dst == DRUN -> qd ! a
        :: else -> skip                  /* for a record that is gone */
        fi }
    od
}

active proctype sender()
{
    byte n = 0;
    do
    :: n < NMSG -> xq ! n; n++
    :: n == NMSG -> break
    od
}

active proctype checker()
{
    timeout;
    C_LOST(ps == PGONE && ddead || received == NMSG);
    C_RESUME(mo == MFREE && (ps == PGONE || (ps == PRUN && !moving)));
    C_RESUME(ddead || dst != DPULLING);
    C_SINGLE(!(ps == PRUN && dst == DRUN && !ddead))
}
