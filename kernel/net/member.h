/* SPDX-License-Identifier: MIT */
/* Cluster membership (kernel/net/member.c): the kernel's host of SWIM
 * (kernel/net/swim.c). It decides when a peer is down; session.c, hello.c
 * and receive.c tell it what they hear. */
#ifndef KERNEL_NET_MEMBER_H
#define KERNEL_NET_MEMBER_H
#include <stdint.h>
#include <stdbool.h>

struct member_stats {
    uint32_t frames_sent, frames_received;  /* SWIM datagrams and HELLOs */
    uint32_t suspects, refutes, downs;
};
extern struct member_stats member_stats;

/* From transport_init, with a NIC, after the random pool is seeded. */
void member_init(void);
/* A session with node (life boot) was opened: it joined, or is still there. */
void member_joined(unsigned node, uint32_t boot);
/* Any fresh frame from node, a peer in session. */
void member_heard(unsigned node);
/* node has left our stream unacknowledged and said nothing for a while. */
void member_stream_silent(unsigned node);
/* node is suspected (shown by "nodes"). */
bool member_suspected(unsigned node);

#endif
