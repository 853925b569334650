/* SPDX-License-Identifier: MIT */
/* 16550 UART on COM1: polled output, interrupt-driven input. */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

void serial_init(void);
void serial_putc(char c);
/* Called from the COM1 interrupt: hands each received byte to console_input(). */
void serial_irq(void);

#endif
