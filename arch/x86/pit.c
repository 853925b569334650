// SPDX-License-Identifier: MIT
/* PIT channel 0 in rate-generator mode (8254 datasheet, mode 2) at TICK_HZ. */
#include "arch/x86/pit.h"
#include "arch/x86/idt.h"
#include "arch/x86/x86.h"

#define PIT_INPUT_HZ 1193182
#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_CH0_LOHI_MODE2 0x34

void pit_init(void)
{
    uint16_t div = PIT_INPUT_HZ / TICK_HZ;
    outb(PIT_CMD, PIT_CH0_LOHI_MODE2);
    outb(PIT_CH0, div & 0xFF);
    outb(PIT_CH0, div >> 8);
    pic_unmask(IRQ_TIMER);
}
