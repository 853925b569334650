/* SPDX-License-Identifier: MIT */
/* SWIM membership and failure detection (Das, Gupta & Motivala, DSN 2002,
 * with Lifeguard's local health and suspicion confirmations), as a pure
 * state machine: no kernel, no clock, no network of its own. The host
 * (kernel/net/member.c, or the simulation in tests/sim/) passes the time
 * in, hands it the messages that arrive and sends what it asks. */
#ifndef KERNEL_NET_SWIM_H
#define KERNEL_NET_SWIM_H
#include <stdint.h>
#include <stdbool.h>

/* The constants (docs/protocol.md, "Membership", states the bounds). */
#define SWIM_PROBE_MS 250          /* one probe per period */
#define SWIM_PROBE_TIMEOUT_MS 100  /* no ack this long: ask SWIM_INDIRECT_K others */
#define SWIM_INDIRECT_K 3
#define SWIM_HEALTH_MAX 8          /* Lifeguard: period and timeout x (1 + health) */
#define SWIM_SUSPECT_FLOOR_MS 3000 /* suspicion lasts at least this (a stall of 2 s is refuted) */
#define SWIM_SUSPECT_PERIODS_PER_LOG2 2 /* ... and 2 log2(N) periods */
#define SWIM_SUSPECT_MAX_MULT 2    /* without confirmations: twice that */
#define SWIM_CONFIRM_K 3           /* independent suspicions that bring it down to the minimum */
#define SWIM_RETRANSMIT_MULT 6     /* an update rides on 6 ceil(log10(N+1)) messages */
#define SWIM_PIGGY_MAX 12          /* updates on one message */
#define SWIM_QUEUE_MAX 64          /* updates waiting to be spread */
#define SWIM_SUSPECTS_MAX 32       /* suspicions timed at once */
#define SWIM_RELAYS_MAX 8          /* indirect probes made for others at once */
#define SWIM_ANNOUNCE_MIN_MS 10000 /* the slow join announce: at least this apart, */
#define SWIM_ANNOUNCE_PER_MEMBER_MS 1000 /* and 1 s per member: ~1 a second cluster-wide */

#define SWIM_ADDR_LEN 6            /* a member's address (a MAC) travels in ALIVE updates */
#define SWIM_HDR_LEN 7             /* seq 4, target 2, count 1 */
#define SWIM_UPDATE_LEN 19         /* type 1, id 2, inc 4, boot 4, from 2, addr 6 */
#define SWIM_MSG_MAX (SWIM_HDR_LEN + SWIM_PIGGY_MAX * SWIM_UPDATE_LEN)

typedef uint16_t swim_id;          /* a member's number; 0 is none */

enum swim_state { SWIM_NONE, SWIM_ALIVE, SWIM_SUSPECT, SWIM_DEAD };
enum swim_msg { SWIM_PING, SWIM_PING_REQ, SWIM_ACK, SWIM_MSGS };

struct swim_member {
    uint32_t inc;                  /* its incarnation as we know it */
    uint32_t boot;                 /* which life of that node (the host's boot id) */
    uint8_t state;                 /* enum swim_state */
};

struct swim_env {
    /* One datagram of type to member to (best effort). */
    void (*send)(void *ctx, swim_id to, unsigned type, const uint8_t *msg, uint32_t len);
    /* Tell every node we are here (the join broadcast). */
    void (*announce)(void *ctx);
    /* Learned from others: id (life boot, address addr) is up. */
    void (*up)(void *ctx, swim_id id, uint32_t boot, const uint8_t *addr);
    /* id is down: silent through its suspicion time. */
    void (*down)(void *ctx, swim_id id, uint32_t suspected_ms);
    /* id's address into addr (SWIM_ADDR_LEN bytes). */
    void (*addr)(void *ctx, swim_id id, uint8_t *addr);
    uint32_t (*random)(void *ctx);
    /* Optional: id is suspected, by us (by == self) or as others say. */
    void (*suspected)(void *ctx, swim_id id, swim_id by);
};

struct swim_stats {
    uint32_t probes, acks, indirect, suspects, heard_suspects, refutes, downs, bad;
    /* suspects: ours (a probe failed); heard_suspects: spread to us */
};

struct swim {
    const struct swim_env *env;
    void *ctx;
    swim_id self;
    uint32_t boot, inc;
    struct swim_member *m;         /* [max + 1], the host's */
    swim_id *order;                /* [max], the host's: the probe order */
    unsigned max, norder, cursor, live;     /* live: members not down, self included */
    uint32_t now;
    /* the probe of this period */
    swim_id target;
    uint32_t seq, probe_seq, period_end, timeout_at;
    bool probing, acked, indirect_sent;
    unsigned health;
    struct { swim_id from, target; uint32_t their_seq, my_seq, until; } relay[SWIM_RELAYS_MAX];
    struct { swim_id id; uint8_t n; bool mine; swim_id by[SWIM_CONFIRM_K]; uint32_t start; }
        sus[SWIM_SUSPECTS_MAX];        /* mine: we suspected it ourselves (we ping it) */
    struct { swim_id id, from; uint8_t left; } q[SWIM_QUEUE_MAX];
    unsigned nq;
    uint32_t next_announce;
    struct swim_stats stats;
};

/* Start as member self (life boot) with room for ids 1..max; members and
 * order are the caller's arrays ([max + 1] and [max]). Knows nobody yet. */
void swim_init(struct swim *s, const struct swim_env *env, void *ctx, swim_id self,
               uint32_t boot, struct swim_member *members, swim_id *order, unsigned max,
               uint32_t now);
/* Time passes: probes, indirect probes, suspicions running out, announces. */
void swim_tick(struct swim *s, uint32_t now);
/* A message of type from member from (whose life the host checked). */
void swim_receive(struct swim *s, swim_id from, unsigned type, const uint8_t *msg,
                  uint32_t len, uint32_t now);
/* Direct word from id (its join broadcast or an answer to ours), life boot:
 * true if it was not up before. */
bool swim_joined(struct swim *s, swim_id id, uint32_t boot, uint32_t now);
/* Any frame from id: it lives (an open probe of it is answered, our timing
 * of a suspicion of it starts again). */
void swim_heard(struct swim *s, swim_id id);
/* Local evidence that id may be dead (its stream stopped answering). */
void swim_suspect(struct swim *s, swim_id id, uint32_t now);
static inline unsigned swim_state(const struct swim *s, swim_id id)
{
    return id && id <= s->max ? s->m[id].state : SWIM_NONE;
}
/* How long a suspicion lasts for a cluster of n members, with c
 * independent confirmations. */
uint32_t swim_suspect_ms(unsigned n, unsigned c);
/* How many messages an update rides on in a cluster of n. */
unsigned swim_retransmits(unsigned n);
/* The stated bound on how long after a crash every member of a cluster of
 * n knows it: the first probe of it (SWIM_FIRST_PROBE_MS: each member
 * probes one of n-1 a period, so with n-1 probers none has picked it in k
 * periods with odds e^-k, 6e-6 at 12), the period that fails, the longest
 * suspicion, and the spread of "down" (2 log2 n periods). */
#define SWIM_FIRST_PROBE_MS (12 * SWIM_PROBE_MS)
uint32_t swim_detect_bound_ms(unsigned n);

#endif
