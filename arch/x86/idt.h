/* SPDX-License-Identifier: MIT */
/* The interrupt descriptor table, the 8259A PICs and the IRQ handlers that
 * drivers register for their lines. */
#ifndef ARCH_IDT_H
#define ARCH_IDT_H

/* PIC lines 0..15 arrive at vectors IRQ_BASE..IRQ_BASE+15 (remapped by idt_init). */
#define IRQ_BASE 32
#define IRQ_LINES 16
#define IRQ_TIMER 0
#define IRQ_COM1 4

typedef void (*irq_handler_t)(void);

void idt_init(void);
void pic_unmask(int irq);
void pic_eoi(int irq);
/* Route IRQ n (0..15) to fn and unmask it; fn runs with interrupts off,
 * only ever interrupting user code or the idle loop. */
void irq_register(int n, irq_handler_t fn);
/* Run the handler registered for IRQ n, if there is one. */
void irq_run(int n);

#endif
