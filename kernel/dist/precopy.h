/* SPDX-License-Identifier: MIT */
/* Pre-copy at the source of a move: the rounds in which the destination
 * pulls the pages while the process runs on, the stop rule, and the TSC
 * clock that times the move and its freeze. */
#ifndef KERNEL_PRECOPY_H
#define KERNEL_PRECOPY_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/core/proc.h"

#define PRECOPY_ROUNDS_MAX 6    /* rounds while it runs; then it stops whatever it writes */
#define PRECOPY_STOP_PAGES 16   /* a dirty set this small goes with the process stopped */

/* One move's rounds. Round 1 sends every page; each later one the pages
 * written since they were sent. The last round runs with the process
 * stopped (stopped set): after it, nothing is dirty that D lacks. */
struct precopy {
    uint32_t round;
    uint32_t sent;              /* pages the round in progress sent so far */
    uint32_t rounds_sent;       /* rounds that sent a page */
    bool stopped;
    uint64_t start_tsc, stop_tsc;
};

void precopy_begin(struct precopy *pc);
/* Pack p's next pages of the round in progress from va `from` into out
 * (migpages_pack). At a round's end it applies the stop rule: another
 * round (*next: its first page), or stop p here and now and send what is
 * dirty (*next 0 only once that last round is done). Returns the bytes. */
uint32_t precopy_pack(struct precopy *pc, struct proc *p, uint32_t from, uint8_t *out,
                      uint32_t *count, uint32_t *next);
/* Microseconds between two TSC readings (calibrated against the tick). */
uint32_t precopy_micros(uint64_t from, uint64_t to);
/* The clock's reference point: call once at boot. */
void precopy_init(void);

#endif
