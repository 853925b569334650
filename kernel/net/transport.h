/* SPDX-License-Identifier: MIT */
/* The inter-kernel transport: discovery and liveness (HELLO), and per peer
 * a reliable, in-order stream of transport messages (sequence numbers,
 * cumulative acknowledgements, retransmission with back-off, duplicate
 * suppression, a send window, fragmentation and reassembly). */
#ifndef KERNEL_TRANSPORT_H
#define KERNEL_TRANSPORT_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/core/load.h"

struct transport_stats {
    uint32_t frames_sent, frames_received, retransmits, duplicates, frames_bad;
    uint32_t out_of_order, node_clashes, resets;
    uint32_t frames_unauthenticated;    /* a tag that is wrong, or another key's id */
    uint32_t frames_replayed;           /* authentic, not fresh: a counter taken or too old,
                                           another session's, another boot's than the proven */
    uint32_t handshakes;                /* sessions opened */
    uint32_t loads_bad;                 /* HELLO load reports refused: short, malformed */
    uint32_t hellos_received;           /* authentic, fresh HELLOs of peers in session */
};
extern struct transport_stats transport_stats;

/* Start on the node's NIC (if any): HELLO goes out at once. */
void transport_init(void);
/* Queue a transport message for node: 0, -E_DOWN (peer not up),
 * -E_TOOBIG (over WIRE_MSG_MAX), -E_NOMEM (too much already queued). */
/* With a non-zero note: once node has acknowledged the message (or the
 * stream was reset) the noted handler hears note (kernel/net/service.h). */
int transport_send_noted(unsigned node, uint16_t kind, const void *data, uint32_t len,
                         uint32_t note);
static inline int transport_send(unsigned node, uint16_t kind, const void *data, uint32_t len)
{
    return transport_send_noted(node, kind, data, len, 0);
}
/* One frame of kind to every node, outside any stream (no delivery
 * promise; heard only by the nodes that have met this one): 0, -E_DOWN (no NIC),
 * -E_TOOBIG (over one frame's payload). */
int transport_broadcast(uint16_t kind, const void *data, uint32_t len);
/* The same to one node in session (sealed with it): 0, -E_DOWN (not up, or
 * no NIC), -E_TOOBIG. */
int transport_dgram(unsigned node, uint16_t kind, const void *data, uint32_t len);
bool transport_peer_up(unsigned node);
/* node was heard at some time (it may be down now). */
bool transport_peer_known(unsigned node);
unsigned transport_peers_up(void);
/* node's load as its last HELLO told (heard age_ms ago): false if it is
 * not up or never reported one. */
bool transport_peer_load(unsigned node, struct node_load *out, uint32_t *age_ms);
/* Timer tick: retransmissions, HELLO, telling membership of silent streams. */
void transport_tick(void);
/* One line per known peer into buf; returns the length. */
uint32_t transport_report(char *buf, uint32_t size);

#endif
