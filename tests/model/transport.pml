/* SPDX-License-Identifier: MIT */
/* Model of one stream of the inter-kernel transport (kernel/net/transport.c)
 * over a wire that loses, duplicates and reorders frames, checked by spin
 * through tests/model/run. It is what lets tests/model/migration.pml treat
 * each ordered pair of kernels as a FIFO queue: whatever the wire does,
 * the receiver hands up the sender's messages once each, in order.
 *
 * Node A sends N messages of FRAGS fragments to node B (transport_send);
 * a fragment is one frame, numbered by seq within the session. A keeps
 * frames until acknowledged and transmits what the window allows (kick).
 * B takes a frame only if its seq is the expected one (receive_data) and
 * hands a message up at its last fragment (take_data). B acknowledges
 * (cumulatively, send_ack) at once a message's last fragment, every
 * ACK_EVERY frames, and any duplicate or out-of-order frame; other
 * in-order frames are acknowledged by its next tick (transport_tick). A
 * ignores an acknowledgement beyond next_seq, moves base on a newer one
 * (take_ack), and on the third that repeats base while its first frame is
 * out resends the window at once, once per base (fast resend). When the
 * retransmission timer fires it resends the window (resend_window).
 * Acknowledgements carried in B's own data frames, and a peer that
 * restarts or is declared down, are not modelled: one direction.
 *
 * With -DSESSIONS the stream has sessions (transport.c's sess): frames
 * and acknowledgements carry theirs, B knows none at first, and A starts
 * session 1. B takes a session at its seq 0 and refuses a frame of one it
 * does not know; an acknowledgement of another session is nothing to A.
 * B asks for a new session (a RESET naming the one it does not know) only
 * when it has forgotten A's (it declared A down, not modelled here), so
 * never in this model; with -DRESET_ON_UNKNOWN it asks whenever a frame of
 * an unknown session comes before that session's seq 0, as the kernel did:
 * A then starts the next session and sends again, from its seq 0,
 * everything not yet acknowledged, some of which B may have taken since.
 *
 * The wire holds at most C frames each way, kept in the order they were
 * put on it. At any time it may hand over any of them (not the oldest: a
 * reordering), duplicate one (while there is room) or lose one. A frame
 * put on a full wire is lost.
 *
 * With -DATTACK an attacker on the wire also sends again, at any time (up
 * to REPLAYS times), any frame it has seen: any data frame A ever put on
 * the wire, any acknowledgement B ever sent. Its copy carries the frame's
 * counter, taken already (kernel/net/replay.c): B's window refuses it
 * before the stream sees it (receive_frame), unless -DNO_WINDOW, when only
 * the stream's own checks stand (they hold too: defence in depth). A
 * counts replayed acknowledgements the same way (its window of B's
 * counters).
 *
 * Properties:
 *   INORDER (always) B takes frame i only as the (i+1)th and hands up
 *           message m only as the (m+1)th: none twice, none skipped, none
 *           that was not sent (asserts in take_data), whatever the wire
 *           does.
 *   DONE    (-DPROGRESS) with at most LOSSES losses, DUPS duplications and
 *           REORDERS reorderings, and a timer that fires only when nothing
 *           is on the wire (RTO longer than a round trip) and no more often
 *           than frames went to waste so far (lost, or dropped by B for
 *           coming out of order: a round without waste completes the
 *           window), every run ends, and ends with all N messages handed
 *           up and every frame acknowledged (checked once nothing can
 *           move).
 */

#ifndef N
#define N       3               /* messages */
#endif
#ifndef FRAGS
#define FRAGS   2               /* frames a message */
#endif
#define FRAMES  (N * FRAGS)
#ifndef W
#define W       3               /* TX_WINDOW */
#endif
#ifndef ACK_EVERY
#define ACK_EVERY 16
#endif
#define DUP_ACKS_RESEND 3
#ifndef C
#define C       3               /* frames on the wire, each way */
#endif
#ifndef LOSSES
#define LOSSES  2
#endif
#ifndef DUPS
#define DUPS    2
#endif
#ifndef REORDERS
#define REORDERS 2
#endif
#define EMPTY   255
#define REPLAYED 128            /* on the wire: a copy whose counter was taken */
#ifndef REPLAYS
#define REPLAYS 3
#endif

bit prop_inorder = 1, prop_done = 1;

/* Sessions: a frame's byte is its seq in its session | session << 4 (an
 * acknowledgement's, its ack | session << 4, | RESET if it is one). */
#define SESS(f)  (((f) >> 4) & 3)
#define SEQ(f)   ((f) & 7)
#define RESET    8
#ifndef MAXSESS
#define MAXSESS  3
#endif
#if defined(SESSIONS) && defined(ATTACK)
#error the attacker replays frames of session 0 only
#endif

/* A: struct peer's sending half; sent[] is txframe.sent by frame (all
 * sessions' frames numbered on from 0: sbase[s] is session s's seq 0) */
byte base, next_seq, dup_acks, fast_resent;
bool sent[FRAMES];
#ifdef SESSIONS
byte sess = 1;
#else
byte sess;
#endif
byte sbase[MAXSESS + 1];
/* B: the receiving half */
byte rsess, expected, unacked;
byte taken, handed_up;          /* ghosts: frames taken, messages handed up */
/* The wire: data[] holds data frames (their seq) from A to B, acks[]
 * acknowledgements (their ack) from B to A, oldest first. */
byte data[C];
byte acks[C];
byte losses, dups, reorders, wasted, rounds;
byte hi_sent, hi_ack, replays;  /* the attacker's memory: seqs and acks seen */

#ifdef PROGRESS
#define CAN_LOSE     (losses < LOSSES)
#define CAN_DUP      (dups < DUPS)
#define CAN_REORDER  (reorders < REORDERS)
#define COUNT(v)     v++
#define TIMER        (base < next_seq && rounds < wasted && data[0] == EMPTY && acks[0] == EMPTY)
#else
#define CAN_LOSE     1
#define CAN_DUP      1
#define CAN_REORDER  1
#define COUNT(v)     skip
#define TIMER        (base < next_seq)
#endif

hidden byte i, j, v;

/* Put frame f on the wire (w: data or acks) after those already there;
 * lost if the wire is full. */
#define TRANSMIT(w, f) \
    j = 0; \
    do \
    :: j < C && w[j] == EMPTY -> w[j] = f; printf("MSC: put %d on the wire\n", f); break \
    :: j < C && w[j] != EMPTY -> j++ \
    :: j >= C -> COUNT(wasted); printf("MSC: %d lost: wire full\n", f); break \
    od

/* Take the frame in slot s off the wire into v; the later ones move up. */
#define UNLINK(w, s) \
    v = w[s]; \
    j = s; \
    do \
    :: j + 1 < C -> w[j] = w[j + 1]; j++ \
    :: else -> w[j] = EMPTY; break \
    od

/* kick: (re)send what the window allows. */
inline kick()
{
    i = base;
    do
    :: i < next_seq && i < base + W ->
        if
        :: !sent[i] -> TRANSMIT(data, (i - sbase[sess]) | sess << 4); sent[i] = 1;
            if :: i + 1 > hi_sent -> hi_sent = i + 1 :: else -> skip fi
        :: else -> skip
        fi;
        i++
    :: else -> break
    od
}

/* transport_send of one message: its fragments go in the queue. */
inline transport_send()
{
    i = 0;
    do
    :: i < FRAGS -> sent[next_seq] = 0; next_seq++; i++
    :: else -> break
    od;
    kick()
}

/* resend_window: go-back-N */
inline resend_window()
{
    printf("MSC: A resends from %d\n", base);
    i = base;
    do
    :: i < next_seq && i < base + W -> sent[i] = 0; i++
    :: else -> break
    od;
    dup_acks = 0;
    kick()
}

/* peer_restart_session at A, for a RESET naming session s */
inline restart_session(s)
{
    if
    :: s == sess && base < next_seq && sess < MAXSESS ->
        printf("MSC: A starts session %d from %d\n", sess + 1, base);
        sess++;
        sbase[sess] = base;
        resend_window()
    :: else -> skip
    fi
}

/* take_ack at A (f: the acknowledgement's byte) */
inline take_ack(f)
{
    printf("MSC: A gets ack %d (base %d)\n", f, base);
    if
    :: f & RESET -> restart_session(SESS(f))
    :: !(f & RESET) && SESS(f) != sess -> skip
    :: !(f & RESET) && SESS(f) == sess -> take_ack_seq(sbase[sess] + SEQ(f))
    fi
}

inline take_ack_seq(ack)
{
    if
    :: ack > next_seq -> skip
    :: ack <= base ->
        if
        :: ack == base && base < next_seq && sent[base] ->
            if  /* counts up to DUP_ACKS_RESEND: only reaching it matters */
            :: dup_acks < DUP_ACKS_RESEND -> dup_acks++
            :: else -> skip
            fi;
            if
            :: dup_acks >= DUP_ACKS_RESEND && fast_resent != base + 1 ->
                fast_resent = base + 1;
                resend_window()
            :: else -> skip
            fi
        :: else -> skip
        fi
    :: else ->
        dup_acks = 0;
        base = ack;
        kick()
    fi
}

/* take_data at B: frame seq is taken; a message goes up at its end. */
inline take_data(seq)
{
    printf("MSC: B takes frame %d\n", seq);
    assert(prop_inorder && seq == taken && seq < next_seq);
    taken++;
    if
    :: seq % FRAGS == FRAGS - 1 ->
        assert(prop_inorder && seq / FRAGS == handed_up);
        handed_up++
    :: else -> skip
    fi
}

inline send_ack()
{
    unacked = 0;
    if :: expected > hi_ack -> hi_ack = expected :: else -> skip fi;
    TRANSMIT(acks, expected | rsess << 4)
}

/* The replay window in front of the stream (kernel/net/session.c): a frame
 * whose counter was taken is refused; else the stream takes it. */
#ifdef NO_WINDOW
#define WINDOW(v, take) v = v & (REPLAYED - 1); take(v)
#else
#define WINDOW(v, take) if :: v & REPLAYED -> printf("MSC: replay refused\n") :: else -> take(v) fi
#endif

/* receive_data at B (f: the frame's byte) */
inline receive_data(f)
{
    printf("MSC: B gets frame %d (expects %d of session %d)\n", f, expected, rsess);
    if
    :: SESS(f) != rsess && SEQ(f) != 0 ->
        COUNT(wasted);
#ifdef RESET_ON_UNKNOWN
        TRANSMIT(acks, RESET | SESS(f) << 4)
#else
        skip
#endif
    :: SESS(f) != rsess && SEQ(f) == 0 -> rsess = SESS(f); expected = 0; receive_seq(f)
    :: SESS(f) == rsess -> receive_seq(f)
    fi
}

inline receive_seq(f)
{
    if
    :: SEQ(f) == expected ->
        expected++;
        take_data(sbase[rsess] + SEQ(f));
        unacked++;
        if
        :: unacked < ACK_EVERY && (sbase[rsess] + SEQ(f)) % FRAGS != FRAGS - 1 -> skip
        :: else -> send_ack()           /* else the tick acks */
        fi
    :: SEQ(f) < expected -> send_ack()                  /* duplicate */
    :: SEQ(f) > expected -> COUNT(wasted); send_ack()   /* out of order */
    fi
}

/* What the wire may do with the frame in slot s of w: hand it over (to
 * take), lose it, or duplicate it. Handing over any but the oldest is a
 * reordering. */
#define SLOT(w, s, take) \
    :: atomic { w[s] != EMPTY && (s == 0 || CAN_REORDER) -> \
                if :: s > 0 -> COUNT(reorders) :: else -> skip fi; \
                UNLINK(w, s); WINDOW(v, take) } \
    :: atomic { w[s] != EMPTY && CAN_LOSE -> UNLINK(w, s); printf("MSC: %d lost\n", v); \
                COUNT(losses); COUNT(wasted) } \
    :: atomic { w[s] != EMPTY && CAN_DUP -> v = w[s]; printf("MSC: %d duplicated\n", v); \
                TRANSMIT(w, v); COUNT(dups) }

#if C != 3
#error the SLOT lines below are written for C == 3
#endif

active proctype stream()
{
    atomic {
        j = 0;
        do
        :: j < C -> data[j] = EMPTY; acks[j] = EMPTY; j++
        :: else -> break
        od
    };
end:
    do
    :: atomic { next_seq < FRAMES -> transport_send() }
    :: atomic { unacked > 0 -> send_ack() }             /* B's tick */
    :: atomic { TIMER -> COUNT(rounds); resend_window() }  /* A's tick */
#ifdef ATTACK
    :: atomic { replays < REPLAYS && hi_sent > 0 ->    /* any data frame seen, again */
        v = 0;
        do
        :: v + 1 < hi_sent -> v++
        :: break
        od;
        printf("MSC: attacker replays frame %d\n", v);
        replays++;
        TRANSMIT(data, v | REPLAYED) }
    :: atomic { replays < REPLAYS ->                   /* any acknowledgement seen, again */
        v = 0;
        do
        :: v < hi_ack -> v++
        :: break
        od;
        printf("MSC: attacker replays ack %d\n", v);
        replays++;
        TRANSMIT(acks, v | REPLAYED) }
#endif
    SLOT(data, 0, receive_data)
    SLOT(data, 1, receive_data)
    SLOT(data, 2, receive_data)
    SLOT(acks, 0, take_ack)
    SLOT(acks, 1, take_ack)
    SLOT(acks, 2, take_ack)
    od
}

#ifdef PROGRESS
/* Runs once nothing else can: everything went through. */
active proctype checker()
{
    timeout;
    assert(prop_done && next_seq == FRAMES && handed_up == N && base == FRAMES)
}
#endif
