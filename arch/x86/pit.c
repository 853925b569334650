// SPDX-License-Identifier: MIT
/* PIT channel 0 in rate-generator mode (8254 datasheet, mode 2): one
 * interrupt every millisecond, or, while the node is idle, every few (the
 * scheduler decides, kernel/core/sched.c); it counts the input cycles so
 * time stays whole across a change of period. */
#include "arch/x86/pit.h"
#include "arch/x86/idt.h"
#include "arch/x86/x86.h"

#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_CH0_LOHI_MODE2 0x34
#define PIT_CH0_LATCH 0x00      /* counter latch, channel 0 (datasheet, "Read operations") */

static uint32_t period;         /* input cycles between two interrupts now */

/* Writing the control word restarts the count (the datasheet's "initial
 * count is loaded on the next CLK pulse"; QEMU's model does so at once). */
static void load(uint32_t cycles)
{
    period = cycles;
    outb(PIT_CMD, PIT_CH0_LOHI_MODE2);
    outb(PIT_CH0, cycles & 0xFF);
    outb(PIT_CH0, (cycles >> 8) & 0xFF);
}

void pit_init(void)
{
    load(PIT_INPUT_HZ / TICK_HZ);
    pic_unmask(IRQ_TIMER);
}

uint32_t pit_period(void)
{
    return period;
}

uint32_t pit_set_period_ms(unsigned ms)
{
    outb(PIT_CMD, PIT_CH0_LATCH);
    uint32_t left = inb(PIT_CH0);
    left |= (uint32_t)inb(PIT_CH0) << 8;
    uint32_t gone = left && left <= period ? period - left : 0;
    load(PIT_INPUT_HZ * ms / 1000);
    return gone;
}
