/* SPDX-License-Identifier: MIT */
/* procmgr's load policy (user/procmgr/balance.c): where a spawn goes, and
 * the periodic check that moves CPU-bound work off a busy node. */
#ifndef PROCMGR_BALANCE_H
#define PROCMGR_BALANCE_H
#include "demos.h"

#define BALANCE_CHECK_MS 1000   /* procmgr's receive timeout: a check at least this often */
#define CHAN_MOVE_BASE 4        /* a move's answer comes on CHAN_MOVE_BASE + its slot */
#define BALANCE_MOVES 4         /* moves in flight at once, each to another node */

/* Look at the load and start the moves it calls for (at most once a check period). */
void balance_check(void);
/* The kernel's answer to the move of slot (struct migrate_answer, or an error). */
void balance_answer(unsigned slot, const struct msg *m);
/* Where a spawn of a program of pages should go: 0 for this node, else the
 * node, counted as one more process there for a while. */
unsigned balance_place(uint32_t pages);
/* A spawn (pages: its program's, or an error) the policy places on another
 * node: sent to that node's procmgr, carrying reply_to (the caller's REPLY
 * link), so the caller hears from there. 0, or an error: spawn it here. */
int balance_spawn_elsewhere(struct pm_req *req, int pages, int reply_to);
void balance_enable(bool on);
/* REPORT_LOAD or REPORT_BALANCE as text into buf: its length. */
uint32_t balance_report(uint32_t report, char *buf, uint32_t size);

#endif
