/* SPDX-License-Identifier: MIT */
/* The switchboards of the other nodes (user/switchboard/peers.c): which are
 * up, as the kernel says, and what is sent to them. */
#ifndef SWITCHBOARD_PEERS_H
#define SWITCHBOARD_PEERS_H
#include "demos.h"

/* Ask the kernel which nodes are up (KOP_PEERS on link 1); forget the
 * ones gone down, and ask each newly up one for its table (SB_SYNC). */
void peers_poll(void);
/* A register here: send name (with holder's probe first) to every node up. */
void peers_replicate(pid_t holder, const char *name);
/* node's switchboard asked for our table (flags SB_SYNC_*): send it, or
 * with SB_SYNC_OWN the holders born here; with SB_SYNC_BACK ask for its. */
void peers_sync_asked(unsigned node, uint32_t flags);

#endif
