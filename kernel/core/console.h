/* SPDX-License-Identifier: MIT */
/* The serial console as processes see it: write, and blocking read of
 * what was typed (buffered from the COM1 interrupt). */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H
#include <stdint.h>

extern uint32_t console_dropped;    /* typed bytes lost to a full buffer */
void console_input(char c);
int sys_console_write(uint32_t ubuf, uint32_t len);
int sys_console_read(uint32_t ubuf, uint32_t len);

#endif
