// SPDX-License-Identifier: MIT
/* In-kernel tests of processes: start from the archive, ids, ending,
 * faults ending only the faulting process, and memory given back. */
#include "kernel/ktest.h"
#include "kernel/core/exec.h"
#include "kernel/core/mem.h"
#include "kernel/core/proc.h"
#include "kernel/core/cmdline.h"
#include "kernel/net/umac.h"
#include "arch/x86/simd.h"

KTEST(spawned_program_runs_to_its_end)
{
    int pid = exec_spawn("hello", "", 0);
    KEXPECT(pid > 0);
    KEXPECT_EQ(boot_opts.node, PID_NODE(pid));
    KEXPECT(proc_find(pid) != 0);
    KEXPECT_EQ(0, ktest_wait_exit(pid, 2000));
    KEXPECT(proc_find(pid) == 0);
}

KTEST(process_ids_are_never_reused)
{
    int a = exec_spawn("hello", "", 0), b = exec_spawn("hello", "", 0);
    KEXPECT(a > 0 && b > 0);
    KEXPECT(PID_SERIAL(b) > PID_SERIAL(a));
    ktest_wait_exit(a, 2000);
    ktest_wait_exit(b, 2000);
    int c = exec_spawn("hello", "", 0);
    KEXPECT(PID_SERIAL(c) > PID_SERIAL(b));
    ktest_wait_exit(c, 2000);
}

KTEST(spawn_of_missing_or_bad_program_fails_cleanly)
{
    unsigned n = proc_count();
    KEXPECT_EQ(-E_NOENT, exec_spawn("no-such-program", "", 0));
    KEXPECT_EQ(n, proc_count());
}

KTEST(faulting_process_is_ended_and_its_memory_returned)
{
    uint32_t before = frames_free();
    const char *modes[] = { "null", "priv", "div", "stack" };
    for (int i = 0; i < 4; i++) {
        int pid = exec_spawn("faulty", modes[i], 0);
        KEXPECT(pid > 0);
        KEXPECT_EQ(0, ktest_wait_exit(pid, 3000));
    }
    KEXPECT_EQ(before, frames_free());
}

/* x87, MMX and SSE registers are the kernel's: CR0.TS makes a process's
 * first such instruction a fault (arch/x86/simd.c), so none can read what
 * the frame tag's NH or another process left there. */
static void fpu_and_simd_end(void)
{
    const char *modes[] = { "x87", "mmx", "sse" };
    for (int i = 0; i < 3; i++) {
        int pid = exec_spawn("faulty", modes[i], 0), code = 0;
        KEXPECT(pid > 0);
        KEXPECT_EQ(0, ktest_wait_exit(pid, 3000));
        KEXPECT(proc_last_exit(pid, &code));
        KEXPECT_EQ(-E_FAULT, code);
    }
}

/* Before the kernel's NH used SSE2 (as set at boot) and after it. */
KTEST(fpu_and_simd_instructions_end_the_process)
{
    fpu_and_simd_end();
    static struct umac64 u;
    uint8_t tag[UMAC_TAG_LEN], msg[64] = { 0 };
    umac64_init(&u, (const uint8_t *)"abcdefghijklmnop", simd_sse2);
    umac64(&u, msg, sizeof(msg), (const uint8_t *)"bcdefghi", 8, 0, tag);
    fpu_and_simd_end();
}

KTEST(bad_pointers_to_kernel_calls_are_all_refused)
{
    /* faulty syscalls exits 0 only if every bad call got its error. */
    int pid = exec_spawn("faulty", "syscalls", 0);
    KEXPECT(pid > 0);
    KEXPECT_EQ(0, ktest_wait_exit(pid, 3000));
    int code = -1;
    KEXPECT(proc_last_exit(pid, &code));
    KEXPECT_EQ(0, code);
}
