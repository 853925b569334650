/* SPDX-License-Identifier: MIT */
/* Round-robin scheduling, blocking on wait queues with timeouts, and the tick. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H
#include "kernel/core/proc.h"
#include "arch/x86/x86.h"

extern volatile uint64_t ticks;
extern uint64_t idle_tsc;       /* TSC the idle loop spent halted (kernel/main.c adds it) */
extern uint64_t idle_since;     /* the TSC when the idle loop halted, 0 while not halted */

/* The halt is over: an interrupt came (trap.c, before its handler runs, so
 * the handler's work is counted as busy) or the idle loop woke. */
static inline void idle_end(void)
{
    if (idle_since) {
        idle_tsc += rdtsc() - idle_since;
        idle_since = 0;
    }
}

/* Switch to the next runnable process (or idle). Returns when this one runs again. */
void schedule(void);
void sched_make_runnable(struct proc *p);
/* Block the current process on q (may be NULL: a plain sleep) until woken
 * or until timeout_ms passes (0: no timeout). Returns the waker's result,
 * -E_TIMEOUT, or -E_NOPROC if the process was killed meanwhile. */
int sched_block(struct waitq *q, uint32_t timeout_ms);
/* sched_block, but run next at once (no trip through the run queue): a
 * process blocked in a kernel call that the caller finished for it (its
 * result in its trapframe's eax, in_syscall cleared) and took off every
 * queue, not stopped or killed; it goes straight back to user mode. It
 * keeps what is left of the current slice; if the current process does
 * not block (it was killed), next goes to the run queue instead. next
 * NULL: as sched_block. */
int sched_block_to(struct waitq *q, uint32_t timeout_ms, struct proc *next);
/* Wake a blocked process with a result. */
void sched_wake(struct proc *p, int result);
struct proc *waitq_first(struct waitq *q);
void waitq_wake_all(struct waitq *q, int result);
/* Timer interrupt: count, wake expired sleepers, ask for a switch at slice end. */
void sched_tick(void);
/* The one way to stop a process (KOP_STOP, a move) and to let it go on. A
 * stopped process is never scheduled; it still blocks and is woken, and
 * then waits in P_STOPPED until sched_resume. */
void sched_stop(struct proc *p);
void sched_resume(struct proc *p);
/* fn runs at every timer tick, after the ones registered before it. */
void sched_on_tick(void (*fn)(void));
/* Asked on every way back from a kernel call, a byte each in one word so
 * that "nothing to do" is one test: resched, the current process's slice
 * is over and another waits to run (set by the tick, cleared by a switch
 * that starts a slice); fault, a test's fault is armed (faultinject.h). */
union exit_work {
    struct {
        bool resched, fault;
    } is;
    uint16_t any;
};
extern union exit_work exit_work;
static inline bool sched_need_resched(void)
{
    return exit_work.is.resched;
}
void sched_remove(struct proc *p);
/* Take a process blocked on a wait queue off it and off the timers,
 * leaving it P_BLOCKED for the caller to run or queue. Inline for the
 * fast path's usual case: alone on its queue, no timeout. */
static inline void sched_unblock(struct proc *p)
{
    struct waitq *q = p->waiting_on;
    if (q->head == p && !p->q_next && !p->wake_tick) {
        q->head = q->tail = 0;
        p->waiting_on = 0;
        return;
    }
    sched_remove(p);
}

#endif
