// SPDX-License-Identifier: MIT
/* Process records: allocation with a fresh id N.S, the list of live
 * processes, ending a process and freeing what it held. */
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"
#include "kernel/core/mem.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/string.h"
#include "kernel/core/printk.h"
#include "arch/x86/x86.h"
#include "arch/x86/pit.h"
#include "kernel/core/ipc.h"
#include "kernel/core/incarnation.h"

struct proc idle_proc;
struct proc *current = &idle_proc;
static struct proc *all_procs;
static struct proc *dead_procs;
/* Never reused while the node runs, but by a system service started again
 * in its old place (proc_alloc_at); NAMESVC_SERIAL is kept for the name
 * service. */
static uint32_t next_serial = 1;
struct proc *pid_hash[PID_BUCKETS];
static unsigned nprocs;

/* The exit codes of the last few processes to end, for waiters and tests. */
#define EXIT_LOG 16
static struct { pid_t pid; int code; } exit_log[EXIT_LOG];
static unsigned exit_log_next;
static proc_exit_fn exit_hook;      /* the distributed layer's: reclaim a chain */

void proc_on_exit(proc_exit_fn fn)
{
    exit_hook = fn;
}

void proc_init_idle(void)
{
    idle_proc.pid = PID_MAKE(boot_opts.node, 0);
    idle_proc.incarnation = node_incarnation;   /* N.0: the kernel itself */
    memcpy(idle_proc.name, "idle", 5);
    idle_proc.state = P_RUNNING;
    idle_proc.pgdir = paging_kernel_dir();
}

struct proc *proc_alloc(const char *name)
{
    if (next_serial == NAMESVC_SERIAL)
        next_serial++;
    return proc_alloc_at(name, next_serial++);
}

struct proc *proc_alloc_at(const char *name, uint32_t serial)
{
    pid_t pid = PID_MAKE(boot_opts.node, serial);
    if (serial == 0 || (serial >= next_serial && serial != NAMESVC_SERIAL) ||
        proc_find_record(pid))
        return 0;
    struct proc *p = proc_alloc_as(name, pid);
    if (p)
        p->incarnation = node_incarnation;
    return p;
}

struct proc *proc_alloc_as(const char *name, pid_t pid)
{
    struct proc *p = kmalloc(sizeof(*p));
    if (!p)
        return 0;
    memset(p, 0, sizeof(*p));
    p->kstack = kmalloc(KSTACK_SIZE);
    p->pgdir = pgdir_create();
    if (!p->kstack || !p->pgdir) {
        if (p->pgdir)
            pgdir_destroy(p->pgdir);
        kfree(p->kstack);
        kfree(p);
        return 0;
    }
    p->pid = pid;
    size_t n = strnlen(name, PROG_NAME_MAX - 1);
    memcpy(p->name, name, n);
    p->name[n] = 0;
    p->state = P_BLOCKED;
    p->load.placed_tick = ticks;
    link_table_init(&p->links);
    p->all_next = all_procs;
    all_procs = p;
    p->hash_next = pid_hash[p->pid % PID_BUCKETS];
    pid_hash[p->pid % PID_BUCKETS] = p;
    nprocs++;
    return p;
}

void proc_set_frame(struct proc *p, const struct trapframe *tf)
{
    uint8_t *sp = p->kstack + KSTACK_SIZE;
    sp -= sizeof(struct trapframe);
    p->tf = (struct trapframe *)sp;
    *p->tf = *tf;
    /* Segments and flags are the kernel's to choose, whatever came with tf. */
    p->tf->cs = SEL_UCODE;
    p->tf->ds = p->tf->es = p->tf->fs = p->tf->gs = p->tf->ss = SEL_UDATA;
    p->tf->eflags = (tf->eflags & EFLAGS_USER_MASK) | EFLAGS_IF;
    /* The first switch to p "returns" into trapret, which enters ring 3. */
    sp -= sizeof(struct context);
    p->ctx = (struct context *)sp;
    memset(p->ctx, 0, sizeof(*p->ctx));
    p->ctx->eip = (uint32_t)trapret;
}

void proc_start_user(struct proc *p, uint32_t eip, uint32_t esp)
{
    struct trapframe tf;
    memset(&tf, 0, sizeof(tf));
    tf.eip = eip;
    tf.esp = esp;
    proc_set_frame(p, &tf);
    sched_make_runnable(p);
}

struct proc *proc_first(void)
{
    return all_procs;
}

unsigned proc_count(void)
{
    return nprocs;
}

static void unlink_proc(struct proc *p)
{
    for (struct proc **pp = &pid_hash[p->pid % PID_BUCKETS]; *pp; pp = &(*pp)->hash_next) {
        if (*pp == p) {
            *pp = p->hash_next;
            break;
        }
    }
    for (struct proc **pp = &all_procs; *pp; pp = &(*pp)->all_next) {
        if (*pp == p) {
            *pp = p->all_next;
            nprocs--;
            return;
        }
    }
}

void proc_exit(int code)
{
    struct proc *p = current;
    if (p == &idle_proc)
        panic("the idle process tried to exit");
    p->exit_code = code;
    exit_log[exit_log_next % EXIT_LOG].pid = p->pid;
    exit_log[exit_log_next++ % EXIT_LOG].code = code;
    sched_remove(p);
    unlink_proc(p);
    if (exit_hook)                      /* its exit notices go before the answers */
        exit_hook(p->pid, p->mig.came_from);
    ipc_proc_exit(p);
    pgdir_activate(paging_kernel_dir());
    pgdir_destroy(p->pgdir);
    p->pgdir = paging_kernel_dir();
    p->state = P_DEAD;
    p->all_next = dead_procs;
    dead_procs = p;
    schedule();
    panic("a dead process was scheduled");
}

void proc_kill(struct proc *p)
{
    p->killed = true;
    p->stopped = false;
    if (p->state == P_BLOCKED || p->state == P_STOPPED) {
        p->state = P_BLOCKED;
        sched_wake(p, -E_NOPROC);
    }
}

void proc_reap(void)
{
    /* The dead process's kernel stack may be the one we just left, so it
     * is freed here, by whoever runs next. */
    while (dead_procs && dead_procs != current) {
        struct proc *p = dead_procs;
        dead_procs = p->all_next;
        kfree(p->kstack);
        kfree(p);
    }
}

void proc_discard(struct proc *p)
{
    order_unpair_all();         /* a sender here may be paired with its records */
    unlink_proc(p);
    sched_remove(p);
    pgdir_destroy(p->pgdir);
    kfree(p->kstack);
    kfree(p);
}

bool proc_last_exit(pid_t pid, int *code)
{
    for (unsigned i = 0; i < EXIT_LOG; i++)
        if (exit_log[i].pid == pid && pid) {
            *code = exit_log[i].code;
            return true;
        }
    return false;
}

uint32_t proc_user_pages(void)
{
    uint32_t n = 0;
    for (struct proc *p = all_procs; p; p = p->all_next)
        n += pgdir_user_pages(p->pgdir);
    return n;
}
