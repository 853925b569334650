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

typedef int32_t (*syscall_fn)(const struct trapframe *tf);

/* Each handler called with its arguments out of the frame's registers. */
#define SYSCALL_ARG0 tf->ebx
#define SYSCALL_ARG1 tf->ecx
#define SYSCALL_ARG2 tf->edx
#define SYSCALL_ARG3 tf->esi
#define SYSCALL_ARG4 tf->edi
#define SYSCALL_DO(number, NAME, type, stub, params, words, ktypes, kargs) \
    static int32_t do_##stub(const struct trapframe *tf) { (void)tf; return sys_##stub kargs; }
#define SYSCALL_DO_NORETURN(number, NAME, stub, params, words, ktypes, kargs) \
    SYSCALL_DO(number, NAME, void, stub, params, words, ktypes, kargs)
#include "demos/syscalls.def"
#undef SYSCALL_DO

#define SYSCALL_DO(number, NAME, type, stub, params, words, ktypes, kargs) \
    [SYS_##NAME] = do_##stub,
static const syscall_fn syscalls[SYS_COUNT] = {
#include "demos/syscalls.def"
};
#undef SYSCALL_DO
#undef SYSCALL_DO_NORETURN

void syscall_trap(struct trapframe *tf)
{
    struct proc *me = current;  /* still current on the way out: its own stack */
    uint32_t n = tf->eax;
    me->tf = tf;
    if (n < SYS_COUNT && syscalls[n]) {
        me->in_syscall = true;
        tf->eax = (uint32_t)syscalls[n](tf);
        me->in_syscall = false;
        fault_check(tf);
    } else {
        tf->eax = (uint32_t)-E_BADCALL;
    }
    if (me->killed || me->stopped || sched_need_resched())
        trap_user_work();
}
