/* SPDX-License-Identifier: MIT */
/* VGA text console: a copy of the console output on the screen, if any. */
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H
#include <stdbool.h>

void vga_init(void);
void vga_putc(char c);
bool vga_present(void);

#endif
