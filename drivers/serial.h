/* SPDX-License-Identifier: MIT */
/* 16550 UART on COM1: polled output, interrupt-driven input. */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

/* Where received bytes go: set at boot by the kernel (its console). */
typedef void (*serial_input_fn)(char c);

void serial_init(void);
void serial_set_input(serial_input_fn fn);
void serial_putc(char c);
/* Called from the COM1 interrupt: hands each received byte to the input
 * function (bytes that arrive before one is set are dropped). */
void serial_irq(void);

#endif
