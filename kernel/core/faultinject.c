// SPDX-License-Identifier: MIT
/* Fault injection for the service tests (fault=PROG[:MS] on the command
 * line): the first process of PROG gets a real page fault once, on its way
 * back from a kernel call made MS or more after it started. */
#include "kernel/core/faultinject.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/sched.h"
#include "kernel/core/string.h"
#include "arch/x86/pit.h"

static pid_t armed;            /* 0: none (or spent) */
static uint64_t due;            /* tick from which it faults */
static bool spent;

void fault_arm(const struct proc *p, const char *prog)
{
    if (spent || !boot_opts.fault_prog[0] || strcmp(prog, boot_opts.fault_prog) != 0)
        return;
    spent = true;
    armed = p->pid;
    exit_work.is.fault = true;
    due = ticks + (uint64_t)boot_opts.fault_ms * TICK_HZ / 1000;
}

void fault_fire(struct trapframe *tf)
{
    if (current->pid != armed || ticks < due)
        return;
    armed = 0;
    exit_work.is.fault = false;
    tf->eip = 0;                /* never mapped: the user code faults there */
}
