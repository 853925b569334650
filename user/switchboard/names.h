/* SPDX-License-Identifier: MIT */
/* The switchboard's names and their holders (user/switchboard/names.c).
 * A holder is a process, known by the pid the kernel wrote into its
 * message's sender; a name belongs to the holder that registered it. */
#ifndef SWITCHBOARD_NAMES_H
#define SWITCHBOARD_NAMES_H
#include "demos.h"

#define HOLDER_NAMES_MAX 8      /* names one process may hold */

/* pid's probe: *carried must be a DATA|READ link to pid (over >= 1 byte).
 * Kept (and *carried set to LINK_NONE) on success. -> 0 or -E_INVAL, -E_NOMEM. */
int names_alive(pid_t pid, int *carried);
/* name -> the link *carried, for pid, which must have sent its probe first.
 * -> 0, -E_PERM (another live process holds name), -E_NOMEM (pid holds
 * HOLDER_NAMES_MAX, or the table is full), -E_INVAL. */
int names_register(pid_t pid, const char *name, int *carried);
/* The same for a replica of pid's probe, sent by another node's switchboard:
 * refused (-E_NOPROC) unless the probe shows pid running, as a copy may be
 * of a process that has ended, or of an id of another boot of its node. */
int names_replica_alive(pid_t pid, int *carried);
/* The same for a replica from another node's switchboard (pid sent its
 * probe with REPLICA_ALIVE first). Two live holders of one name: the lower
 * pid keeps it (-E_PERM for the other), so that every node keeps the same. */
int names_replica(pid_t pid, const char *name, int *carried);
/* pid's probe link (ours: duplicate it), or -E_NOENT. */
int names_probe(pid_t pid);
/* fn(holder, its probe, 0) for each holder, then fn(holder, h, name) for
 * each of its names (links ours: duplicate them). fn must not change the table. */
typedef void (*names_fn)(pid_t holder, int h, const char *name, void *arg);
void names_each(names_fn fn, void *arg);
/* name's link (the switchboard's own handle: duplicate it), or -E_NOENT.
 * Not probed: a lookup never waits on another node, and a holder that has
 * ended shows as E_NOPROC on the link; its names go when they are needed. */
int names_lookup(const char *name);
/* "name -> N.S" lines into text -> their length. */
uint32_t names_list(char *text, uint32_t size);

#endif
