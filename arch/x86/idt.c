// SPDX-License-Identifier: MIT
/* Interrupt descriptor table (SDM vol. 3, 6.11) and the 8259A PICs, remapped
 * so IRQs 0..15 arrive at vectors 32..47 instead of on top of exceptions;
 * the handler each IRQ line has. */
#include "arch/x86/idt.h"
#include "arch/x86/trap.h"
#include "arch/x86/x86.h"
#include "demos/syscall.h"

#define IDT_INTGATE 0x8E       /* present, DPL 0, 32-bit interrupt gate */
#define IDT_DPL3    0x60
#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI 0x20
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01

static uint64_t idt[256];
static uint16_t pic_mask = 0xFFFB;   /* all masked but the cascade (IRQ 2) */
static irq_handler_t irq_handlers[IRQ_LINES];

static uint64_t gate(uint32_t handler, uint8_t type)
{
    return (handler & 0xFFFF) | ((uint64_t)SEL_KCODE << 16) |
           ((uint64_t)type << 40) | ((uint64_t)(handler >> 16) << 48);
}

static void pic_write_mask(void)
{
    outb(PIC1_DATA, pic_mask & 0xFF);
    outb(PIC2_DATA, pic_mask >> 8);
}

void idt_init(void)
{
    /* Interrupt gates everywhere: the kernel runs with interrupts off. The
     * system call gate is the only one ring 3 may invoke with int. */
    for (int i = 0; i < 256; i++)
        idt[i] = gate(trap_vectors[i], IDT_INTGATE);
    idt[SYSCALL_VECTOR] = gate((uint32_t)syscall_entry, IDT_INTGATE | IDT_DPL3);

    struct { uint16_t limit; uint32_t base; } __attribute__((packed))
        idtr = { sizeof(idt) - 1, (uint32_t)idt };
    asm volatile("lidt %0" : : "m"(idtr));

    outb(PIC1_CMD, ICW1_INIT_ICW4);
    outb(PIC2_CMD, ICW1_INIT_ICW4);
    outb(PIC1_DATA, IRQ_BASE);
    outb(PIC2_DATA, IRQ_BASE + 8);
    outb(PIC1_DATA, 4);            /* slave on IRQ 2 */
    outb(PIC2_DATA, 2);
    outb(PIC1_DATA, ICW4_8086);
    outb(PIC2_DATA, ICW4_8086);
    pic_write_mask();
}

void pic_unmask(int irq)
{
    pic_mask &= ~(1u << irq);
    pic_write_mask();
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

void irq_register(int n, irq_handler_t fn)
{
    irq_handlers[n] = fn;
    pic_unmask(n);
}

void irq_run(int n)
{
    if (irq_handlers[n])
        irq_handlers[n]();
}
