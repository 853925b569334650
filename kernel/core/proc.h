/* SPDX-License-Identifier: MIT */
/* Processes: the table of live processes, ids N.S, creation and ending.
 * Scheduling state lives here too; kernel/core/sched.c moves it. */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H
#include <stdint.h>
#include <stdbool.h>
#include "demos/syscall.h"
#include "arch/x86/paging.h"
#include "arch/x86/trap.h"
#include "kernel/core/link.h"
#include "kernel/core/msg.h"
#include "kernel/core/order.h"

#define KSTACK_SIZE 8192

enum proc_state { P_RUNNABLE, P_RUNNING, P_BLOCKED, P_STOPPED, P_DEAD };

struct context { uint32_t edi, esi, ebx, ebp, eip; };
struct waitq { struct proc *head, *tail; };

struct proc {
    pid_t pid;
    uint32_t incarnation;           /* its creating node's boot at its birth (links carry it) */
    char name[PROG_NAME_MAX];
    enum proc_state state;
    struct context *ctx;            /* saved kernel context while not running */
    uint8_t *kstack;
    pgdir_t pgdir;
    struct trapframe *tf;           /* user registers at the last trap */
    uint32_t stack_lo;              /* lowest user stack address (guard below) */

    struct proc *q_next;            /* run queue or wait queue */
    struct waitq *waiting_on;
    uint64_t wake_tick;             /* 0: no timeout */
    struct proc *timer_next;
    int wake_result;                /* what the waker says: 0, -E_* or IPC_DELIVERED */

    struct proc *all_next;
    struct proc *hash_next;         /* pid lookup */
    bool killed;
    bool service;                   /* a system service: not stopped, killed or moved by request */
    bool stopped;                   /* not scheduled until sched_resume (sched.c) */
    int exit_code;

    struct link_table links;
    struct msgq mq;                 /* messages waiting to be received */
    struct waitq recvq;             /* the process itself, blocked in receive */
    uint32_t recv_mask;             /* channels it waits on */
    uint32_t recv_umsg;             /* its struct msg while it waits (checked writable) */
    int32_t recv_len;               /* a fast path filled it: what its wait returns */
    struct waitq sendq;             /* senders waiting for room in mq */
    uint32_t call_token;            /* the call being waited for (0: none) */
    uint32_t resume_token;          /* moved while in call(): wait for this answer */
    bool in_syscall;                /* inside a kernel call (it is redone if moved) */
    uint32_t msg_ok;                /* a struct msg buffer found mapped (usercopy.c) */
    bool msg_ok_writable;
    uint8_t *msg_ok_k;              /* where it is in the kernel's identity map */
    uint32_t msg_ok_room;           /* bytes of it up to the end of that page */
    uint16_t call_node;             /* node the open call went to */
    pid_t call_target;              /* process it went to (link updates move call_node) */
    uint32_t next_token;
    struct proc_mig {               /* migration's part (kernel/dist/migrate.c) */
        bool moving;                /* a move out or in holds it stopped */
        bool arriving;              /* a copy being built by an incoming move */
        uint16_t came_from;         /* node it moved here from (0: born here) */
        uint32_t epoch;             /* how many moves it made (links carry it) */
        bool settling;              /* arrived, but came_from has not yet acknowledged
                                     * STARTED: it may not move on (kernel/dist/migrate.c) */
    } mig;
#define EXIT_WATCHERS 4
    struct link watchers[EXIT_WATCHERS];  /* KOP_WAIT reply links */
    uint32_t nwatchers;
    uint32_t msgs_sent, msgs_received;
    bool stay;                      /* SPAWN_STAY: the load policy leaves it here */
    struct proc_load {              /* kernel/core/load.c */
        uint32_t samples;           /* ticks of this second it was ready or running */
        uint32_t runnable_pct;      /* the same over the last whole second */
        uint64_t placed_tick;       /* made here, or arrived here */
    } load;
    struct order_state order;       /* per-pair numbers and the hold (order.c) */
};

extern struct proc *current;

/* A new process with an empty address space, not yet runnable. NULL if no memory. */
struct proc *proc_alloc(const char *name);
/* The same as N.serial: a serial handed out before (or NAMESVC_SERIAL)
 * whose process has ended. NULL if it is in use, not yet handed out, or
 * no memory. */
struct proc *proc_alloc_at(const char *name, uint32_t serial);
/* A process record with a given pid (one arriving by migration; its
 * incarnation comes with its state). */
struct proc *proc_alloc_as(const char *name, pid_t pid);
/* Set p up to enter user mode with the registers in tf (not yet runnable). */
void proc_set_frame(struct proc *p, const struct trapframe *tf);
/* Make p start in user mode at eip with stack pointer esp. */
void proc_start_user(struct proc *p, uint32_t eip, uint32_t esp);
/* End the current process: frees its memory, never returns. */
void proc_exit(int code) __attribute__((noreturn));
/* fn hears every process that ends here, with the node it came from (0:
 * born here); set at boot by the distributed layer. */
typedef void (*proc_exit_fn)(pid_t pid, unsigned came_from);
void proc_on_exit(proc_exit_fn fn);
/* Ask p to end; it does so at its next return to the kernel or when its wait
 * is interrupted. The current process may kill itself this way too. */
void proc_kill(struct proc *p);
/* Free a process without running it again and without telling anyone:
 * one whose creation failed, or one that moved away. */
void proc_discard(struct proc *p);
/* Any record of pid here, arriving or not. Inline, with the table: every
 * local message looks its receiver up. */
#define PID_BUCKETS 64
extern struct proc *pid_hash[PID_BUCKETS];
static inline struct proc *proc_find_record(pid_t pid)
{
    for (struct proc *p = pid_hash[pid % PID_BUCKETS]; p; p = p->hash_next)
        if (p->pid == pid)
            return p;
    return 0;
}
/* The process pid if it lives here. A record being built for an arriving
 * move is not (messages and moves follow the forwarding entry instead:
 * the move may still fail, and the model found a message lost there). */
static inline struct proc *proc_find(pid_t pid)
{
    struct proc *p = proc_find_record(pid);
    return p && !p->mig.arriving ? p : 0;
}
/* Whether pid ended recently here, and if so its exit code in *code
 * (a killed process's is -E_NOPROC: that is a code, not "unknown"). */
bool proc_last_exit(pid_t pid, int *code);
/* Called by sched after a switch: frees processes that have ended. */
void proc_reap(void);
void proc_init_idle(void);
/* Walk all live processes (for ps and tests). */
struct proc *proc_first(void);
unsigned proc_count(void);
/* User pages held by all processes of this node. */
uint32_t proc_user_pages(void);

#endif
