// SPDX-License-Identifier: MIT
/* The in-kernel test runner: TAP on COM1, then the result through
 * isa-debug-exit. Runs in the idle context, so it can let processes run. */
#include "kernel/ktest.h"
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"
#include "arch/x86/pit.h"
#include "arch/x86/x86.h"

extern const struct ktest __ktests_start[], __ktests_end[];
int ktest_failures;

int ktest_wait_exit(uint32_t pid, uint32_t ms)
{
    uint64_t end = ticks + (uint64_t)ms * TICK_HZ / 1000;
    while (proc_find(pid)) {
        if (ticks >= end)
            return -1;
        schedule();
        sti();
        hlt();
        cli();
    }
    return 0;
}

void ktest_run(void)
{
    int n = (int)(__ktests_end - __ktests_start), failed = 0;
    printk("TAP version 13\n1..%d\n", n);
    for (int i = 0; i < n; i++) {
        const struct ktest *t = &__ktests_start[i];
        int before = ktest_failures;
        t->fn();
        bool ok = ktest_failures == before;
        failed += !ok;
        printk("%s %d - %s\n", ok ? "ok" : "not ok", i + 1, t->name);
    }
    printk("# ktest: %d passed, %d failed\n", n - failed, failed);
    machine_exit(failed != 0);
}
