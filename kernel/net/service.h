/* SPDX-License-Identifier: MIT */
/* The transport as a service: its users register what they handle (message
 * kinds, a peer going down, the acknowledgement of a message they asked to
 * hear about) and the transport calls them; it names none of them. */
#ifndef KERNEL_NET_SERVICE_H
#define KERNEL_NET_SERVICE_H
#include <stdint.h>

/* A whole transport message of kind from node (the buffer is the caller's). */
typedef void (*transport_receive_fn)(unsigned node, uint16_t kind, const uint8_t *data,
                                     uint32_t len);
typedef void (*transport_peer_fn)(unsigned node);
/* The message sent with note (transport_send_noted) left node's queue:
 * acknowledged, or dropped with a stream reset (the peer restarted). Not
 * called when node goes down: the peer-down handlers hear that instead. */
typedef void (*transport_noted_fn)(unsigned node, uint32_t note);

#define TM_KINDS 32                     /* kinds 1..TM_KINDS-1 */

/* Messages of kinds first..last go to fn (one handler per kind). */
void transport_handle(uint16_t first, uint16_t last, transport_receive_fn fn);
/* fn hears every peer that goes down (a few handlers, called in order). */
void transport_on_peer_down(transport_peer_fn fn);
/* fn hears the notes of transport_send_noted (a few handlers, each called
 * with every note: each knows its own by its value). */
void transport_on_noted(transport_noted_fn fn);

/* Inside the transport: hand a message up (inline: every message passes),
 * tell of a peer's end, a note. */
extern transport_receive_fn service_by_kind[TM_KINDS];
static inline void service_deliver(unsigned node, uint16_t kind, const uint8_t *data,
                                   uint32_t len)
{
    if (kind < TM_KINDS && service_by_kind[kind])
        service_by_kind[kind](node, kind, data, len);
}
void service_peer_down(unsigned node);
void service_noted(unsigned node, uint32_t note);

#endif
