/* SPDX-License-Identifier: MIT */
/* Kernel messages on the console, and panic. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

/* One character to every console: COM1 and the VGA screen if present. */
void console_putc(char c);
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print, dump where we were, and stop (in test mode: end QEMU failing). */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* End QEMU through isa-debug-exit (test mode); halts on a real PC. */
void machine_exit(int failed) __attribute__((noreturn));

#endif
