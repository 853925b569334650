/* SPDX-License-Identifier: MIT */
/* LOCATE (kernel/dist/locate.c): finding a process whose known place is a
 * node that is not up, so that no dead or unheard node strands a message. */
#ifndef KERNEL_DIST_LOCATE_H
#define KERNEL_DIST_LOCATE_H
#include "kernel/core/msg.h"
#include "kernel/core/link.h"

#define LOCATE_MS 3000          /* no answer this long: the held messages fail */

struct locate_stats { uint32_t asked, held, found, heard, failed; };
extern struct locate_stats locate_stats;

/* m was to go along l, whose next node is not up: hold it and ask where
 * l's target is. 0: taken (it goes on when the host answers or l's node is
 * heard; it fails with E_DOWN after LOCATE_MS, E_NOPROC if its birth node
 * says it ended; a call's caller gets the error). -E_DOWN or -E_NOPROC at once while a
 * locate of that process failed in the last few seconds; -E_DOWN (no room
 * to hold it) or -E_NOMEM: m is still the caller's. */
int locate_hold(struct kmsg *m, const struct link *l);
void locate_init(void);

#endif
