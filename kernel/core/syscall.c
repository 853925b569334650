// SPDX-License-Identifier: MIT
/* The dispatch table, one entry a kernel call, made from the list in
 * demos/syscalls.def, and the kernel call's whole way in and out (from
 * syscall_entry). Arguments arrive in ebx, ecx, edx, esi, edi; each
 * handler checks its own and returns >= 0 or -E_*. */
#include "kernel/core/syscall.h"
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/faultinject.h"
#include "kernel/core/trap.h"
#include "arch/x86/x86.h"
/* The handlers' own headers: the compiler checks them against the list. */
#include "kernel/core/console.h"
#include "kernel/core/ipc.h"
#include "kernel/core/linkcalls.h"
#include "kernel/core/movedata.h"

/* Each handler as the list declares it. */
#define SYSCALL_DO(number, NAME, type, stub, params, words, ktypes, kargs) \
    int32_t sys_##stub ktypes;
#define SYSCALL_DO_NORETURN(number, NAME, stub, params, words, ktypes, kargs) \
    int32_t sys_##stub ktypes __attribute__((noreturn));
#include "demos/syscalls.def"
#undef SYSCALL_DO
#undef SYSCALL_DO_NORETURN

/* The handlers that are no other file's. */
int32_t sys_exit(int code)
{
    proc_exit(code);
}

int32_t sys_yield(void)
{
    if (current->state == P_RUNNING)
        sched_make_runnable(current);
    schedule();
    return 0;
}

int32_t sys_getpid(void)
{
    return (int32_t)current->pid;
}

int32_t sys_this_node(void)
{
    return (int32_t)boot_opts.node;
}

/* A kernel call's way in and out, around its handler: the frame is the
 * process's (a move or the fast path reads it), the call is marked as
 * running (a move redoes it) and, on the way out, the result goes in eax
 * and what trap() does on any way back to user mode is done. */
static inline __attribute__((always_inline)) struct proc *call_begin(struct trapframe *tf)
{
    struct proc *me = current;  /* still current on the way out: its own stack */
    me->tf = tf;
    me->in_syscall = true;
    return me;
}

static void call_end_work(struct proc *me, struct trapframe *tf)
{
    fault_check(tf);
    if (me->killed || me->stopped || sched_need_resched())
        trap_user_work();
}

static inline __attribute__((always_inline)) void call_end(struct proc *me, struct trapframe *tf,
                                                           int32_t r)
{
    tf->eax = (uint32_t)r;
    me->in_syscall = false;
    if (exit_work.any || me->killed || me->stopped)
        call_end_work(me, tf);
}

typedef void (*syscall_fn)(struct trapframe *tf);

/* Each call's entry: its handler with its arguments out of the frame. */
#define SYSCALL_ARG0 tf->ebx
#define SYSCALL_ARG1 tf->ecx
#define SYSCALL_ARG2 tf->edx
#define SYSCALL_ARG3 tf->esi
#define SYSCALL_ARG4 tf->edi
#define SYSCALL_DO(number, NAME, type, stub, params, words, ktypes, kargs) \
    static void trap_##stub(struct trapframe *tf) \
    { \
        struct proc *me = call_begin(tf); \
        call_end(me, tf, sys_##stub kargs); \
    }
#define SYSCALL_DO_NORETURN(number, NAME, stub, params, words, ktypes, kargs) \
    SYSCALL_DO(number, NAME, void, stub, params, words, ktypes, kargs)
#include "demos/syscalls.def"
#undef SYSCALL_DO

/* A number in the table's range that no call has. */
static void trap_badcall(struct trapframe *tf)
{
    call_end(call_begin(tf), tf, -E_BADCALL);
}

/* syscall_entry calls entry eax, or entry SYSCALL_SLOTS for a number past
 * the others. */
_Static_assert(SYS_COUNT <= SYSCALL_SLOTS, "SYSCALL_SLOTS (arch/x86/x86.h) is too small");
#define SYSCALL_DO(number, NAME, type, stub, params, words, ktypes, kargs) \
    [SYS_##NAME] = trap_##stub,
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"     /* each call over the default */
const syscall_fn syscall_traps[SYSCALL_SLOTS + 1] = {
    [0 ... SYSCALL_SLOTS] = trap_badcall,
#include "demos/syscalls.def"
};
#pragma GCC diagnostic pop
#undef SYSCALL_DO
#undef SYSCALL_DO_NORETURN
