/* SPDX-License-Identifier: MIT */
/* The protocols of the system processes (user code talking to user code):
 * switchboard, procmgr, memsched, counter. The first word is the operation. */
#ifndef USER_PROTO_H
#define USER_PROTO_H
#include <stdint.h>
#include "demos/syscall.h"

#define NAME_MAX 32

/* ALIVE carries a DATA|READ link to the caller over at least one byte: the
 * switchboard reads through it to learn whether the caller still runs, and
 * frees its names when it does not. REGISTER carries the name's link; only
 * a caller that sent ALIVE may register, and only it may register the name
 * again (E_PERM to others while it runs). */
enum sb_op { SB_REGISTER = 1, SB_LOOKUP, SB_LIST, SB_ALIVE,
/* Between the switchboards of two nodes (the sender must be N.2 of another
 * node), plain sends: REPLICA_ALIVE carries holder's probe, as ALIVE does;
 * REPLICA carries a copy of name's link, registered by holder; SYNC asks
 * for the whole table (a REPLICA_ALIVE a holder, then a REPLICA a name),
 * with SB_SYNC_BACK in offset asks the receiver to send SYNC back, and
 * with SB_SYNC_OWN asks only for the holders born at the receiver's node. */
             SB_REPLICA_ALIVE, SB_REPLICA, SB_SYNC };
struct sb_req {
    uint32_t op;
    char name[NAME_MAX];
    uint32_t offset;            /* LIST: byte offset into the list; SYNC: SB_SYNC_* */
    pid_t holder;               /* REPLICA_ALIVE, REPLICA: who registered it */
};

#define SB_SYNC_BACK 1
#define SB_SYNC_OWN 2

/* BALANCE: node 1 turns the load policy on, 0 off (user/procmgr/balance.c). */
enum pm_op { PM_SPAWN = 1, PM_KILL, PM_WAIT, PM_TEXT, PM_MIGRATE, PM_BALANCE };
struct pm_req {
    uint32_t op;
    pid_t pid;                  /* KILL, WAIT, TEXT(links), MIGRATE */
    uint32_t node;              /* MIGRATE: where to */
    uint32_t report, offset;    /* TEXT: enum kop_report, or REPORT_MEMSCHED */
    char prog[PROG_NAME_MAX];
    char args[PROG_ARGS_MAX];
    uint32_t flags;             /* SPAWN: PMF_* */
};
#define PMF_HERE 0x1            /* SPAWN: on this procmgr's node, whatever the load */
#define PMF_STAY 0x2            /* SPAWN: never moved by the load policy */
#define REPORT_MEMSCHED 100     /* procmgr asks memsched for this one */
#define REPORT_LOAD 101         /* procmgr: every node's load figures, one line each */
#define REPORT_BALANCE 102      /* procmgr: the load policy's state and what it did */

enum ms_op { MS_GRANT = 1, MS_REPORT };
struct ms_req { uint32_t op; uint32_t pages; uint32_t offset; };

/* Every answer starts with a status; value is the pid, exit code, ... */
struct answer { int32_t status; uint32_t value; };

/* counter's answer to any call */
/* count: messages (calls and plain sends) from this sender so far; the
 * sender numbers them 0, 1, ... in the body, and disorder counts those whose
 * number was not the one after the last (lost, repeated or out of order). */
struct count_reply { uint32_t count; uint32_t total; uint32_t node; uint32_t disorder; };

#endif
