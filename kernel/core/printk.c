// SPDX-License-Identifier: MIT
/* printk, panic and machine_exit: the kernel's own voice on COM1 (and on
 * the VGA text screen when there is one); console_putc for everyone. */
#include "kernel/core/printk.h"
#include "kernel/core/cmdline.h"
#include "drivers/serial.h"
#include "drivers/vga.h"
#include "arch/x86/x86.h"
#include "demos/fmt.h"

/* QEMU's isa-debug-exit at iobase 0xf4: QEMU exits with (value << 1) | 1. */
#define DEBUG_EXIT_PORT 0xF4

void console_putc(char c)
{
    serial_putc(c);
    vga_putc(c);
}

static void put(char c, void *arg)
{
    (void)arg;
    console_putc(c);
}

int printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vformat(put, 0, fmt, ap);
    va_end(ap);
    return n;
}

void machine_exit(int failed)
{
    cli();
    outl(DEBUG_EXIT_PORT, failed ? 1 : 0);
    for (;;)
        hlt();
}

void panic(const char *fmt, ...)
{
    cli();
    va_list ap;
    va_start(ap, fmt);
    printk("PANIC: ");
    fmt_vformat(put, 0, fmt, ap);
    va_end(ap);
    printk("\n");
    if (boot_opts.test)
        machine_exit(1);
    for (;;)
        hlt();
}
