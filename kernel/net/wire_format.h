/* SPDX-License-Identifier: MIT */
/* The inter-kernel wire format: raw Ethernet frames of EtherType 0x88B5
 * (IEEE 802 local experimental), a fixed frame header, and the transport
 * messages carried in them. All multi-byte fields are big-endian. */
#ifndef DEMOS_WIRE_H
#define DEMOS_WIRE_H
#include <stdint.h>
#include "kernel/core/link.h"

#define WIRE_ETHERTYPE 0x88B5
#define WIRE_VERSION 3          /* 2: authenticated (key id, session, counter, tag);
                                   3: the tag is UMAC-64 (8 bytes) */
#define WIRE_CLUSTER_DEFAULT 0xDE05
#define WIRE_NODE_BROADCAST 0xFF

/* Frame header, right after the 14-byte Ethernet header. The frame is
 * Ethernet header, this header, len payload bytes, then WIRE_TAG_LEN bytes
 * of tag: UMAC-64 (RFC 4418) under the cluster's tag key of every byte
 * before it, the Ethernet header included, with the nonce src || boot ||
 * counter (kernel/net/auth.c). */
struct wire_hdr {
    uint8_t version;
    uint8_t type;               /* enum wire_type */
    uint16_t cluster;           /* frames of another cluster are ignored */
    uint8_t src, dst;           /* node numbers; dst 0xFF for HELLO */
    uint16_t len;               /* payload bytes after this header (the tag follows them) */
    uint32_t sess;              /* sender's send session with dst (DATA) */
    uint32_t seq;               /* DATA: frame number within sess, from 0 */
    uint32_t ack_sess;          /* the receiver's session being acknowledged */
    uint32_t ack;               /* cumulative: next seq expected in ack_sess */
    uint16_t kind;              /* DATA: transport message kind (enum tm_kind) */
    uint8_t frag, nfrags;       /* DATA: fragment index and count */
    uint32_t boot;              /* sender's boot id (changes when it restarts) */
    uint32_t key_id;            /* the sender's key's id (0: it has no key) */
    uint32_t session;           /* unicast: the pair's session (from the handshake) */
    uint64_t counter;           /* the sender's frame number in this boot, from 1 */
};
#define WIRE_HDR_LEN 48
#define WIRE_OFF_SRC 4          /* src, boot and counter make the tag's nonce */
#define WIRE_OFF_BOOT 28
#define WIRE_OFF_SESSION 36     /* session and counter: set as each frame goes out */
#define WIRE_OFF_COUNTER 40
#define WIRE_TAG_LEN 8
#define WIRE_PAYLOAD_MAX (1514 - 14 - WIRE_HDR_LEN - WIRE_TAG_LEN)     /* 1444 */
#define WIRE_FRAGS_MAX 255      /* nfrags is one byte */
#define WIRE_MSG_MAX (WIRE_PAYLOAD_MAX * WIRE_FRAGS_MAX) /* ~358 KiB */
/* The bytes of a frame with n payload bytes, Ethernet header and tag included. */
#define WIRE_FRAME_LEN(n) (14u + WIRE_HDR_LEN + (n) + WIRE_TAG_LEN)

enum wire_type {
    WIRE_HELLO = 1,             /* broadcast: I am node src, boot id boot */
    WIRE_DATA = 2,              /* a fragment of a transport message */
    WIRE_ACK = 3,               /* only the acknowledgement fields */
    WIRE_RESET = 4,             /* "I know no stream ack_sess of yours: start a new one" */
    WIRE_DGRAM = 5,             /* a one-frame transport message of kind, outside any
                                   stream (broadcast: dst 0xFF); heard from met peers only */
    WIRE_HANDSHAKE = 6,         /* struct wire_hs: opens the pair's session */
};

/* WIRE_HANDSHAKE: the sender's fresh random value for this handshake, the
 * receiver's value as last heard (0: none), and the session the sender now
 * holds with the receiver (0: none). A node that sees its own value come
 * back knows the other end is alive now: it opens the session (its id from
 * both values and both boot ids) and, unless have already names it, says so
 * with a handshake of its own. */
struct wire_hs {
    uint64_t nonce, echo;
    uint32_t have;
};
#define WIRE_HS_LEN 20

/* WIRE_HELLO's payload: empty (the sender reports no load), or the sender's
 * load over its last whole second (kernel/core/load.c). version and len
 * (the bytes of the report, these two included) come first, so a later
 * version may add fields: a receiver takes the fields it knows from a
 * report of its version at least WIRE_LOAD_LEN long, and refuses (and
 * counts in loads_bad) any other. */
struct wire_load {
    uint8_t version, len;
    uint16_t runnable_x100;     /* ready or running processes, mean, x100 */
    uint16_t busy_pct;          /* 0..100 */
    uint16_t reserved;          /* 0 */
    uint32_t free_pages;        /* pages an arriving process may take */
};
#define WIRE_LOAD_VERSION 1
#define WIRE_LOAD_LEN 12

/* Transport messages (what DATA frames carry, reassembled). */
enum tm_kind {
    TM_MSG = 1,                 /* struct wire_msg: a message along a link */
    TM_MOVE_REQ,                /* struct wire_move: move_data request (+ data when writing) */
    TM_MOVE_RESP,               /* struct wire_move: answer (+ data when reading) */
    TM_LINK_UPDATE,             /* words {sender, pid, node, epoch}: rewrite sender's links to pid */
    TM_EXIT_NOTICE,             /* words {pid}: pid ended; drop its forwarding entry, pass it back */
    /* Migration: every message opens with words {pid, attempt id}; S numbers
     * the attempts, so a message of one that ended is never taken for the next. */
    TM_MIG_OFFER,               /* S->D + words {pages, epoch} + name: step 2 */
    TM_MIG_ACCEPT,              /* D->S + words {status}: step 3's answer */
    TM_MIG_PULL_STATE,          /* D->S: step 4 before pre-copy; unused now (S sends
                                   STATE right after the last PAGES) */
    TM_MIG_STATE,               /* S->D + state (kernel/dist/migstate.c) */
    TM_MIG_PULL_PAGES,          /* D->S + words {from_va}: step 5 */
    TM_MIG_PAGES,               /* S->D + words {next_va (0: done, P stopped, STATE follows),
                                   count} + count x {va, flags,
                                   4 KiB unless flags has WIRE_PAGE_ZERO} */
    TM_MIG_READY,               /* D->S: pages and state in */
    TM_MIG_START,               /* S->D: start it */
    TM_MIG_STARTED,             /* D->S: running at D; S forwards and frees */
    TM_MIG_ABORT,               /* either way + words {status}: give up, P stays at S */
    /* Locating a process whose known place is a node that is not up. */
    TM_LOCATE,                  /* broadcast (WIRE_DGRAM) words {pid, incarnation}: where is it? */
    TM_HERE,                    /* words {pid, incarnation, node, epoch}: it runs at node
                                   (node 0, from its birth node: it has ended) */
    /* Membership (kernel/net/swim.c), datagrams to one node in session:
     * {seq, target, count} + count updates {type, id, incarnation, boot,
     * from, mac}. */
    TM_SWIM_PING,               /* are you there? (target: the one asked) */
    TM_SWIM_PING_REQ,           /* ping target for me */
    TM_SWIM_ACK,                /* target is there (answers a PING or a PING_REQ) */
};

#define WIRE_PAGE_ZERO 0x800    /* TM_MIG_PAGES: an all-zero page, no bytes follow */

/* TM_MIG_PAGES carries count of these, each followed by the page's 4 KiB
 * unless flags has WIRE_PAGE_ZERO. */
struct wire_page {
    uint32_t va, flags;         /* flags: PTE_U, PTE_W, WIRE_PAGE_ZERO */
};
#define WIRE_PAGE_LEN 8

/* A link (struct link) as it travels: target, node_hint and flags (16
 * bits each), epoch, channel, token, data_base, data_len, incarnation
 * (32 bytes). */
#define WIRE_LINK_LEN 32

/* TM_MSG: the link it travels along, the message, its links, its body. */
struct wire_msg {
    struct link to;
    uint32_t sender, channel, token;
    int32_t status;
    uint8_t has_link, has_reply;
    struct link carried, reply;
    uint32_t origin;            /* node whose kernel holds the sender's link (for LINK_UPDATE) */
    uint32_t len;               /* body bytes that follow */
    /* The sender's number for the target, kept by every forward (0: not
     * numbered), its numbering, and the sender's incarnation (order.h). */
    uint32_t sender_inc, stream, seq;
};
#define WIRE_MSG_LEN (WIRE_LINK_LEN * 3 + 4 * 4 + 2 + 4 + 4 + 3 * 4)

/* TM_MOVE_REQ / TM_MOVE_RESP. An answer with status -E_MOVED says the
 * target moved on: va is then its node and len its epoch there. */
struct wire_move {
    uint32_t id;                /* matches an answer to its request */
    uint32_t target;            /* process whose memory is moved */
    uint32_t va, len;
    uint8_t dir;                /* MOVE_READ or MOVE_WRITE */
    int32_t status;             /* answer: bytes moved or -E_* */
    uint32_t incarnation;       /* the DATA link's: another one's memory is never touched */
    /* The DATA link's grant, for the serving kernel to check: its area,
     * rights and seal (kernel/dist/seal.c). */
    uint32_t link_base, link_len;
    uint16_t link_flags;
    uint32_t token;
};
#define WIRE_MOVE_LEN 39

/* TM_LINK_UPDATE: sender's links to pid now point at node, with epoch. */
struct wire_update {
    uint32_t sender, pid, node, epoch;
};
#define WIRE_UPDATE_LEN 16

/* TM_EXIT_NOTICE: pid ended; drop its forwarding entry, pass it back. */
struct wire_exit {
    uint32_t pid;
};
#define WIRE_EXIT_LEN 4

/* A migration step (TM_MIG_*): which process and attempt, and the step's
 * own fields; what follows them (a name, a state, pages) the step says. */
struct wire_mig {
    uint32_t pid, attempt;
    union {
        struct { uint32_t pages, epoch; } offer;        /* TM_MIG_OFFER, + name */
        int32_t status;                                 /* TM_MIG_ACCEPT, TM_MIG_ABORT */
        uint32_t from_va;                               /* TM_MIG_PULL_PAGES */
        struct { uint32_t next_va, count; } pages;      /* TM_MIG_PAGES, + pages */
    } u;
};
#define WIRE_MIG_HEAD 8         /* pid and attempt; then 0, 4 or 8 bytes by kind */

#endif
