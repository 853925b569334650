/* SPDX-License-Identifier: MIT */
/* Model of one stream of the inter-kernel transport (kernel/transport.c)
 * over a wire that loses, duplicates and reorders frames, checked by spin
 * through tests/model/run. It is what lets tests/model/migration.pml treat
 * each ordered pair of kernels as a FIFO queue: whatever the wire does,
 * the receiver hands up the sender's messages once each, in order.
 *
 * Node A sends N messages to node B with transport_send; each is one
 * frame (fragments are not modelled) with seq = its number in the
 * session. A keeps them in its queue until acknowledged, transmits what
 * the window allows (kick), and when the retransmission timer fires
 * (transport_tick) marks the window's frames unsent and kicks again. B
 * takes a frame only if its seq is the expected one (receive_data) and
 * answers every data frame with a cumulative acknowledgement (send_ack);
 * A applies an acknowledgement only if it is newer than base and not
 * beyond next_seq (take_ack). Sessions and resets (a peer that restarts
 * or is declared down) are not modelled: all within one session.
 *
 * The wire holds at most C frames each way, kept in the order they were
 * put on it. At any time it may hand over any of them (not the oldest: a
 * reordering), duplicate one (while there is room) or lose one. A frame
 * put on a full wire is lost.
 *
 * Properties:
 *   INORDER (always) B hands up message i only as the (i+1)th: none
 *           twice, none skipped, none that was not sent (assert in
 *           take_data), whatever the wire does.
 *   DONE    (-DPROGRESS) with at most LOSSES losses, DUPS duplications and
 *           REORDERS reorderings, and a timer that fires only when nothing
 *           is on the wire (RTO longer than a round trip) and no more often
 *           than frames went to waste so far (lost, or dropped by B for
 *           coming out of order: a round without waste completes the
 *           window), every run ends, and ends with all N messages handed
 *           up and acknowledged (checked once nothing can move).
 */

#ifndef N
#define N       4               /* messages */
#endif
#ifndef W
#define W       2               /* TX_WINDOW */
#endif
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

bit prop_inorder = 1, prop_done = 1;

/* A: struct peer's sending half; sent[] is txframe.sent by seq */
byte base, next_seq;
bool sent[N];
/* B: the receiving half */
byte expected;
byte handed_up;                 /* ghost: messages remote_receive got */
/* The wire: data[] holds data frames (their seq) from A to B, acks[]
 * acknowledgements (their ack) from B to A, oldest first. */
byte data[C];
byte acks[C];
byte losses, dups, reorders, wasted, rounds;

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
    :: j < C && w[j] == EMPTY -> w[j] = f; break \
    :: j < C && w[j] != EMPTY -> j++ \
    :: j >= C -> COUNT(wasted); break \
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
        :: !sent[i] -> TRANSMIT(data, i); sent[i] = 1
        :: else -> skip
        fi;
        i++
    :: else -> break
    od
}

inline transport_send()
{
    sent[next_seq] = 0;
    next_seq++;
    kick()
}

/* take_ack at A */
inline take_ack(ack)
{
    if
    :: ack <= base || ack > next_seq -> skip
    :: else -> base = ack; kick()
    fi
}

/* take_data at B: the message goes up (remote_receive). */
inline take_data(seq)
{
    assert(prop_inorder && seq == handed_up && seq < next_seq);
    handed_up++
}

/* receive_data at B, then send_ack */
inline receive_data(seq)
{
    if
    :: seq == expected -> expected++; take_data(seq)
    :: seq < expected -> skip                   /* duplicate */
    :: seq > expected -> COUNT(wasted)          /* out of order: dropped */
    fi;
    TRANSMIT(acks, expected)
}

/* transport_tick: the retransmission timer fires. */
inline retransmit()
{
    i = base;
    do
    :: i < next_seq && i < base + W -> sent[i] = 0; i++
    :: else -> break
    od;
    kick()
}

/* What the wire may do with the frame in slot s of w: hand it over (to
 * take), lose it, or duplicate it. Handing over any but the oldest is a
 * reordering. */
#define SLOT(w, s, take) \
    :: atomic { w[s] != EMPTY && (s == 0 || CAN_REORDER) -> \
                if :: s > 0 -> COUNT(reorders) :: else -> skip fi; \
                UNLINK(w, s); take(v) } \
    :: atomic { w[s] != EMPTY && CAN_LOSE -> UNLINK(w, s); COUNT(losses); COUNT(wasted) } \
    :: atomic { w[s] != EMPTY && CAN_DUP -> v = w[s]; TRANSMIT(w, v); COUNT(dups) }

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
    :: atomic { next_seq < N -> transport_send() }
    :: atomic { TIMER -> COUNT(rounds); retransmit() }
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
    assert(prop_done && next_seq == N && handed_up == N && base == N)
}
#endif
