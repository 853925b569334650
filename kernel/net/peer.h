/* SPDX-License-Identifier: MIT */
/* The table of peer kernels: what the transport knows about each node it
 * has heard, and both directions of its stream. Used by kernel/net/transport.c
 * (the streams) and kernel/net/hello.c (discovery and liveness). */
#ifndef KERNEL_PEER_H
#define KERNEL_PEER_H
#include <stdint.h>
#include <stdbool.h>
#include "drivers/net.h"
#include "kernel/net/wire.h"
#include "kernel/net/replay.h"
#include "kernel/core/load.h"

#define PEER_MAX 255
#define TX_WINDOW 32            /* frames in flight per peer */
#define ACK_EVERY 16            /* in-order frames per acknowledgement (and each message's last) */
#define TX_QUEUE_MAX 2048       /* frames queued per peer before senders get E_NOMEM */
#define ETH_TYPE_OFF 12         /* the EtherType in a frame */

struct txframe {
    struct txframe *next;
    uint32_t seq, len;
    uint32_t note;              /* a message's last frame: its sender's note (0: none) */
    bool sent;
    uint8_t data[ETH_FRAME_MAX];
};

struct peer {
    bool known, up;             /* up: in a session (kernel/net/session.c), heard lately */
    bool asked;                 /* something was sent for it before it was ever heard */
    uint8_t mac[ETH_ALEN];      /* learned from its handshake only */
    uint32_t boot;              /* the boot its session was opened with */
    uint64_t last_heard;        /* tick */
    /* the session (kernel/net/session.c) */
    uint32_t session;           /* the pair's id, from both nonces and boots */
    uint64_t my_nonce;          /* our value for the handshake under way (0: none) */
    uint64_t used_nonce;        /* ours in the session now open */
    uint64_t their_nonce;       /* its value in its last handshake */
    uint64_t hs_next;           /* tick before which no more handshakes go to it */
    struct replay rx;           /* its frame counters taken in this session's boot */
    uint32_t foreign_key;       /* key id it was refused for (0: none) */
    uint8_t foreign_seen;       /* HELLOs in a row with that key id (a mutated frame is one) */
    bool key_told;              /* the console was told of that */
    uint64_t ack_since;         /* tick of the last acknowledgement progress while frames wait */
    /* sending */
    uint32_t sess, next_seq, base;
    struct txframe *txq, *txq_tail;     /* seq order, from base */
    uint32_t queued;
    uint64_t rto_at;            /* 0: timer off */
    uint32_t rto_ms;            /* kernel/net/rto.c */
    uint32_t resends;           /* window resends since the stream last moved on */
    uint32_t taken_resent;      /* ... when it did (0: nothing to tell), */
    uint32_t taken_wait;        /* the wait then, */
    uint32_t taken_again;       /* and acknowledgements of that point since */
    uint32_t dup_acks;          /* acknowledgements that did not move base */
    uint32_t fast_resent;       /* base+1 when a fast resend was made from it */
    /* receiving */
    uint32_t rsess, expected;
    bool rsess_lost;            /* we forgot its session (declared it down) in its boot */
    uint8_t *reasm;
    uint32_t reasm_len;
    uint16_t reasm_kind;
    uint8_t reasm_next;
    uint32_t unacked;           /* in-order frames taken since our last ACK */
    /* its load, from its HELLOs (kernel/net/hello.c); forgotten when it goes down */
    bool load_valid;
    uint64_t load_heard;        /* tick */
    struct node_load load;
};

extern struct peer peers[PEER_MAX + 1];

/* Build the Ethernet and wire headers of a frame to peer node into f. */
void peer_frame_header(uint8_t *f, unsigned node, const uint8_t *dst_mac, uint8_t type,
                       uint16_t payload_len);
/* Stamp a frame of len bytes (tag included) as it goes out: the pair's
 * session, the next counter, the tag. */
void peer_seal(uint8_t *frame, uint32_t len);
/* Seal and send a frame now (counted). */
void peer_transmit(uint8_t *frame, uint32_t len);
/* Forget both directions of the stream (new session next time). */
void peer_reset_streams(struct peer *p);
/* Acknowledge node's frames up to what we expect now. */
void peer_send_ack(unsigned node, uint8_t type);
/* An acknowledgement from node (in any frame's header): free what it covers. */
void peer_take_ack(unsigned node, const struct wire_hdr *h);
/* node lost our session: start a new one and send again what is unacked. */
void peer_restart_session(unsigned node);
/* The NIC's receive callback (kernel/net/receive.c). */
void transport_receive_frame(const uint8_t *f, uint32_t len);
/* Declare node down: the peer-down handlers are told, then its queued
 * frames are dropped. */
void peer_down(unsigned node);

/* kernel/net/session.c: every authentic frame but a handshake from node,
 * sent from mac: true if it belongs to the session and was never taken
 * before (else it is counted, and a handshake may be asked for). */
bool session_fresh(unsigned node, const struct wire_hdr *h, const uint8_t *mac);
/* Ask node, said to be at mac (membership heard of it from a peer in
 * session), for a session: nothing is believed until its handshake. */
void session_open(unsigned node, const uint8_t *mac);
/* An authentic handshake from node. */
void session_handshake(unsigned node, const struct wire_hdr *h, const uint8_t *mac,
                       const uint8_t *payload);
#define FOREIGN_SEEN 3          /* HELLOs with one other key id before it is told */
/* A HELLO of node that carries key id (not ours): refused, said once. */
void session_foreign_key(unsigned node, uint32_t key_id);
/* The key state of peer p, for the report. */
uint32_t session_report(const struct peer *p, char *buf, uint32_t size);

/* kernel/net/hello.c */
void hello_send(void);
void hello_tick(void);
/* The payload of an authentic, fresh HELLO of node: its load report, if any. */
void hello_take_load(unsigned node, const uint8_t *payload, uint32_t len);

#endif
