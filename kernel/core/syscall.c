// SPDX-License-Identifier: MIT
/* One table, one line a kernel call. Arguments arrive in ebx, ecx, edx,
 * esi, edi (a[0..4]); each handler checks its own and returns >= 0 or -E_*. */
#include "kernel/core/syscall.h"
#include "kernel/core/console.h"
#include "kernel/core/ipc.h"
#include "kernel/core/linkcalls.h"
#include "kernel/dist/movedata.h"
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"
#include "kernel/core/cmdline.h"

typedef int32_t (*syscall_fn)(const uint32_t *a);

static int32_t sys_exit(const uint32_t *a)
{
    proc_exit((int)a[0]);
}

static int32_t sys_yield(const uint32_t *a)
{
    (void)a;
    if (current->state == P_RUNNING)
        sched_make_runnable(current);
    schedule();
    return 0;
}

static int32_t sys_getpid(const uint32_t *a)
{
    (void)a;
    return (int32_t)current->pid;
}

static int32_t sys_node(const uint32_t *a)
{
    (void)a;
    return (int32_t)boot_opts.node;
}

static int32_t do_write(const uint32_t *a) { return sys_console_write(a[0], a[1]); }
static int32_t do_read(const uint32_t *a) { return sys_console_read(a[0], a[1]); }
static int32_t do_create(const uint32_t *a) { return sys_link_create(a[0], a[1], a[2], a[3]); }
static int32_t do_destroy(const uint32_t *a) { return sys_link_destroy((int32_t)a[0]); }
static int32_t do_dup(const uint32_t *a) { return sys_link_dup((int32_t)a[0]); }
static int32_t do_info(const uint32_t *a) { return sys_link_info((int32_t)a[0], a[1]); }
static int32_t do_send(const uint32_t *a) { return sys_send((int32_t)a[0], a[1], a[2]); }
static int32_t do_receive(const uint32_t *a) { return sys_receive(a[0], a[1], a[2]); }
static int32_t do_call(const uint32_t *a) { return sys_call((int32_t)a[0], a[1], a[2]); }
static int32_t do_move(const uint32_t *a) { return sys_move_data((int32_t)a[0], a[1], a[2], a[3], a[4]); }

static const syscall_fn syscalls[SYS_COUNT] = {
    [SYS_CONSOLE_WRITE] = do_write,
    [SYS_CONSOLE_READ]  = do_read,
    [SYS_EXIT]          = sys_exit,
    [SYS_YIELD]         = sys_yield,
    [SYS_GETPID]        = sys_getpid,
    [SYS_LINK_CREATE]   = do_create,
    [SYS_LINK_DESTROY]  = do_destroy,
    [SYS_LINK_DUP]      = do_dup,
    [SYS_LINK_INFO]     = do_info,
    [SYS_SEND]          = do_send,
    [SYS_RECEIVE]       = do_receive,
    [SYS_CALL]          = do_call,
    [SYS_MOVE_DATA]     = do_move,
    [SYS_NODE]          = sys_node,
};

int32_t syscall_dispatch(struct trapframe *tf)
{
    uint32_t a[5] = { tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi };
    if (tf->eax >= SYS_COUNT || !syscalls[tf->eax])
        return -E_BADCALL;
    current->in_syscall = true;
    int32_t r = syscalls[tf->eax](a);
    current->in_syscall = false;
    return r;
}
