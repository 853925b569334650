// SPDX-License-Identifier: MIT
/* One table, one line a kernel call. Arguments arrive in ebx, ecx, edx,
 * esi, edi (arg[0..4]); each handler checks its own and returns >= 0 or -E_*. */
#include "kernel/syscall.h"
#include "kernel/console.h"
#include "kernel/exec.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/usercopy.h"

typedef int32_t (*syscall_fn)(const uint32_t *arg);

static int32_t sys_exit(const uint32_t *arg)
{
    proc_exit((int)arg[0]);
}

static int32_t sys_yield(const uint32_t *arg)
{
    (void)arg;
    if (current->state == P_RUNNING)
        sched_make_runnable(current);
    schedule();
    return 0;
}

static int32_t sys_spawn(const uint32_t *arg)
{
    char prog[PROG_NAME_MAX], args[PROG_ARGS_MAX];
    int r = copy_str_from_user(prog, arg[0], sizeof(prog));
    if (r < 0)
        return r;
    args[0] = 0;
    if (arg[1] && (r = copy_str_from_user(args, arg[1], sizeof(args))) < 0)
        return r;
    return exec_spawn(prog, args);
}

static int32_t sys_getpid(const uint32_t *arg)
{
    (void)arg;
    return (int32_t)current->pid;
}

static int32_t sys_sleep(const uint32_t *arg)
{
    if (arg[0] == 0)
        return 0;
    int r = sched_block(0, arg[0]);
    return r == -E_TIMEOUT ? 0 : r;
}

static int32_t sys_wait(const uint32_t *arg)
{
    return proc_wait_exit((pid_t)arg[0], arg[1]);
}

static int32_t sys_write(const uint32_t *arg) { return sys_console_write(arg[0], arg[1]); }
static int32_t sys_read(const uint32_t *arg) { return sys_console_read(arg[0], arg[1]); }

static const syscall_fn syscalls[SYS_COUNT] = {
    [SYS_CONSOLE_WRITE] = sys_write,
    [SYS_CONSOLE_READ]  = sys_read,
    [SYS_EXIT]          = sys_exit,
    [SYS_YIELD]         = sys_yield,
    [SYS_SPAWN]         = sys_spawn,
    [SYS_GETPID]        = sys_getpid,
    [SYS_SLEEP]         = sys_sleep,
    [SYS_WAIT]          = sys_wait,
};

int32_t syscall_dispatch(struct trapframe *tf)
{
    uint32_t arg[5] = { tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi };
    if (tf->eax >= SYS_COUNT || !syscalls[tf->eax])
        return -E_BADCALL;
    return syscalls[tf->eax](arg);
}
