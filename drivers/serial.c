// SPDX-License-Identifier: MIT
/* COM1 16550 UART at 115200 8N1 (PC16550D datasheet: registers at base+0..7). */
#include "drivers/serial.h"
#include "arch/x86/x86.h"
#include "arch/x86/idt.h"

#define COM1 0x3F8
#define REG_DATA 0
#define REG_IER 1       /* interrupt enable; with DLAB: divisor high */
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define LCR_DLAB 0x80
#define LCR_8N1 0x03
#define FCR_ENABLE_CLEAR 0xC7
#define MCR_DTR_RTS_OUT2 0x0B   /* OUT2 gates the IRQ line on PCs */
#define IER_RX 0x01
#define LSR_RX_READY 0x01
#define LSR_TX_EMPTY 0x20
#define BAUD_DIVISOR 1          /* 115200 / 115200 */

static serial_input_fn input;

void serial_init(void)
{
    outb(COM1 + REG_IER, 0);
    outb(COM1 + REG_LCR, LCR_DLAB);
    outb(COM1 + REG_DATA, BAUD_DIVISOR);
    outb(COM1 + REG_IER, 0);
    outb(COM1 + REG_LCR, LCR_8N1);
    outb(COM1 + REG_FCR, FCR_ENABLE_CLEAR);
    outb(COM1 + REG_MCR, MCR_DTR_RTS_OUT2);
    outb(COM1 + REG_IER, IER_RX);
    pic_unmask(IRQ_COM1);
}

void serial_putc(char c)
{
    if (c == '\n')
        serial_putc('\r');
    while (!(inb(COM1 + REG_LSR) & LSR_TX_EMPTY))
        ;
    outb(COM1 + REG_DATA, c);
}

void serial_set_input(serial_input_fn fn)
{
    input = fn;
}

void serial_irq(void)
{
    while (inb(COM1 + REG_LSR) & LSR_RX_READY) {
        char c = (char)inb(COM1 + REG_DATA);
        if (input)
            input(c);
    }
}
