/* SPDX-License-Identifier: MIT */
/* The 8253/8254 programmable interval timer: the tick every timeout counts in. */
#ifndef ARCH_PIT_H
#define ARCH_PIT_H
#include <stdint.h>

#define TICK_HZ 1000
void pit_init(void);

#endif
