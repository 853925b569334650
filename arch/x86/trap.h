/* SPDX-License-Identifier: MIT */
/* The trap frame built by arch/x86/trapentry.S, and the interrupt table. */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H
#include <stdint.h>

struct trapframe {
    uint32_t edi, esi, ebp, oesp, ebx, edx, ecx, eax;   /* pusha */
    uint32_t gs, fs, es, ds;
    uint32_t trapno, err;
    uint32_t eip, cs, eflags;
    uint32_t esp, ss;           /* only when the trap came from ring 3 */
};

/* Vectors: CPU exceptions 0..31, PIC IRQs at 32..47 (remapped), system call. */
#define T_DIVIDE 0
#define T_ILLOP  6
#define T_GPFLT  13
#define T_PGFLT  14
#define IRQ_BASE 32
#define IRQ_TIMER 0
#define IRQ_COM1 4

typedef void (*irq_handler_t)(void);
/* Route IRQ n (0..15) to fn and unmask it; fn runs with interrupts off,
 * only ever interrupting user code or the idle loop. */
void irq_register(int n, irq_handler_t fn);

void idt_init(void);
void pic_unmask(int irq);
void pic_eoi(int irq);
/* kernel/core/trap.c: every vector lands here. */
void trap(struct trapframe *tf);
/* arch/x86/trapentry.S: return to the frame on the stack. */
void trapret(void);

#endif
