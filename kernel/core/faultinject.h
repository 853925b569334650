/* SPDX-License-Identifier: MIT */
/* fault=PROG[:MS] (tests only, off by default): one process of PROG faults
 * once, as a bug in it would, so the tests can see it started again. */
#ifndef KERNEL_FAULTINJECT_H
#define KERNEL_FAULTINJECT_H
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"

/* p has just been made to run prog: arm it if it is the first of fault=. */
void fault_arm(const struct proc *p, const char *prog);
/* On the way back from a kernel call of the current process: once armed and
 * due, its user code goes on at address 0 (a page fault, handled as any).
 * Inline: on every kernel call, one test of a byte (exit_work.is.fault,
 * sched.h) when nothing is armed. */
void fault_fire(struct trapframe *tf);
static inline void fault_check(struct trapframe *tf)
{
    if (exit_work.is.fault)
        fault_fire(tf);
}

#endif
