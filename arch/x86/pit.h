/* SPDX-License-Identifier: MIT */
/* The 8253/8254 programmable interval timer: the tick every timeout counts in. */
#ifndef ARCH_PIT_H
#define ARCH_PIT_H
#include <stdint.h>

#define TICK_HZ 1000            /* ticks are milliseconds */
#define PIT_INPUT_HZ 1193182
void pit_init(void);
/* Input cycles (PIT_INPUT_HZ a second) of the period running now. */
uint32_t pit_period(void);
/* From now on one interrupt every ms milliseconds (1..54); returns the
 * cycles of the cut period that had gone by. */
uint32_t pit_set_period_ms(unsigned ms);

#endif
