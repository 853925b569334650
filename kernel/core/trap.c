// SPDX-License-Identifier: MIT
/* Where every interrupt and exception lands. A fault in a
 * process ends that process with a one-line report; a fault in the kernel
 * is a panic with a register dump. */
#include "kernel/core/trap.h"
#include "arch/x86/idt.h"
#include "arch/x86/x86.h"
#include "kernel/core/proc.h"
#include "kernel/core/sched.h"
#include "kernel/core/printk.h"
#include "drivers/serial.h"

#define STACK_GUARD_BYTES (64 * 1024)
#define IRQ_SPURIOUS_MASTER 7
#define IRQ_SPURIOUS_SLAVE 15

static const char *const fault_names[32] = {
    [0] = "divide error", [1] = "debug", [2] = "NMI", [3] = "breakpoint",
    [4] = "overflow", [5] = "bound range", [6] = "invalid opcode",
    [7] = "device not available", [8] = "double fault",
    [10] = "invalid TSS", [11] = "segment not present", [12] = "stack fault",
    [13] = "general protection", [14] = "page fault", [16] = "x87 error",
    [17] = "alignment check", [18] = "machine check", [19] = "SIMD error",
};

static const char *fault_name(const struct trapframe *tf, uint32_t addr)
{
    if (tf->trapno == T_PGFLT && addr < current->stack_lo &&
        addr >= current->stack_lo - STACK_GUARD_BYTES)
        return "stack overflow";
    const char *n = tf->trapno < 32 ? fault_names[tf->trapno] : 0;
    return n ? n : "unknown exception";
}

static void dump_registers(const struct trapframe *tf)
{
    printk("  eax %08x ebx %08x ecx %08x edx %08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
    printk("  esi %08x edi %08x ebp %08x esp %08x\n", tf->esi, tf->edi, tf->ebp, tf->oesp);
    printk("  eip %08x cs %04x eflags %08x err %08x cr2 %08x\n",
           tf->eip, tf->cs, tf->eflags, tf->err, read_cr2());
}

static void fault(struct trapframe *tf)
{
    uint32_t addr = tf->trapno == T_PGFLT ? read_cr2() : tf->eip;
    if ((tf->cs & 3) == 0) {
        printk("demos: kernel fault: %s (vector %u) at 0x%08x, process %u.%u (%s)\n",
               fault_name(tf, addr), tf->trapno, addr,
               PID_NODE(current->pid), PID_SERIAL(current->pid), current->name);
        dump_registers(tf);
        panic("kernel fault");
    }
    printk("demos: killed %u.%u (%s): %s at 0x%08x, eip 0x%08x\n",
           PID_NODE(current->pid), PID_SERIAL(current->pid), current->name,
           fault_name(tf, addr), addr, tf->eip);
    proc_exit(-E_FAULT);
}

static void irq(int n)
{
    idle_end();
    pic_eoi(n);
    if (n == IRQ_TIMER)
        sched_tick();
    else if (n == IRQ_COM1)
        serial_irq();
    else
        irq_run(n);
}

void trap(struct trapframe *tf)
{
    bool from_user = (tf->cs & 3) == 3;
    if (from_user)
        current->tf = tf;
    if (tf->trapno < IRQ_BASE)
        fault(tf);
    else if (tf->trapno < IRQ_BASE + IRQ_LINES) {
        int n = tf->trapno - IRQ_BASE;
        /* A spurious IRQ (a level-triggered line that dropped before the
         * acknowledge) gets no EOI from the chip that raised it; one from
         * the slave still owes the master its cascade EOI (8259A datasheet). */
        if (n == IRQ_SPURIOUS_SLAVE)
            pic_eoi(0);
        else if (n != IRQ_SPURIOUS_MASTER)
            irq(n);
    }
    if (from_user && (current->killed || current->stopped || sched_need_resched()))
        trap_user_work();
}

void trap_user_work(void)
{
    if (current->killed)
        proc_exit(-E_NOPROC);
    if (current->stopped || sched_need_resched())
        schedule();
}
