/* SPDX-License-Identifier: MIT */
/* The node's load, measured at the timer tick over whole seconds: how many
 * processes were ready or running, how busy the CPU was, how much memory
 * is left; and each process's share. Only figures: policy is procmgr's. */
#ifndef KERNEL_LOAD_H
#define KERNEL_LOAD_H
#include <stdint.h>
#include "kernel/core/proc.h"

#define LOAD_WINDOW_MS 1000
#define LOAD_FREE_KEPT 64       /* frames no arrival may take (kernel/dist/migdest.c) */

struct node_load {
    uint32_t runnable_x100;     /* ready or running processes, mean over the second, x100 */
    uint32_t busy_pct;          /* ticks of the second where a process (not idle) ran */
    uint32_t free_pages;        /* pages a new or arriving process may still take */
    uint32_t runnable_now;      /* load_now(): ready or running at this moment, the
                                   current process (the asker) left out */
};

/* Start measuring (registers the tick handler). */
void load_init(void);
/* The last whole second's figures (free pages: at its end; runnable_now: now). */
struct node_load load_now(void);
/* Pages a new or arriving process may take now: the free frames past
 * LOAD_FREE_KEPT, and within memsched's budget. */
uint32_t load_free_pages(void);

#endif
