// SPDX-License-Identifier: MIT
/* The VGA text console (80x25 at 0xB8000): a second copy of everything the
 * serial console shows, for PCs read from their screen. On only when the
 * BIOS data area names a colour text adapter: a UEFI boot leaves it empty
 * (writes to 0xB8000 would be harmless there, but the screen is graphics). */
#include "drivers/vga.h"
#include "arch/x86/x86.h"
#include <stdbool.h>
#include <stdint.h>

#define VGA_TEXT 0xB8000u
#define COLS 80
#define ROWS 25
#define ATTR 0x0700u                    /* light grey on black */
#define BDA_EQUIPMENT 0x410u            /* bits 5:4 = 10b: 80x25 colour */
#define BDA_CRTC_PORT 0x463u            /* 0x3D4 for a colour adapter */
#define EQUIP_VIDEO_MASK 0x30u
#define EQUIP_VIDEO_COLOUR80 0x20u
#define CRTC_COLOUR 0x3D4u
#define CRTC_CURSOR_HI 0x0E
#define CRTC_CURSOR_LO 0x0F

static volatile uint16_t *const screen = (volatile uint16_t *)VGA_TEXT;
static bool present;
static unsigned row, col;

static void clear_row(unsigned r)
{
    for (unsigned c = 0; c < COLS; c++)
        screen[r * COLS + c] = ATTR | ' ';
}

/* A word of low physical memory (identity-mapped); the asm hides the
 * constant address from the compiler, which takes it for a null pointer. */
static uint16_t low_word(uintptr_t addr)
{
    const volatile uint16_t *p;
    asm("" : "=r"(p) : "0"(addr));
    return *p;
}

void vga_init(void)
{
    uint16_t equipment = low_word(BDA_EQUIPMENT);
    uint16_t crtc = low_word(BDA_CRTC_PORT);
    present = (equipment & EQUIP_VIDEO_MASK) == EQUIP_VIDEO_COLOUR80 &&
              crtc == CRTC_COLOUR;
    if (!present)
        return;
    for (unsigned r = 0; r < ROWS; r++)
        clear_row(r);
    row = col = 0;
}

static void newline(void)
{
    col = 0;
    if (++row < ROWS)
        return;
    for (unsigned i = 0; i < (ROWS - 1) * COLS; i++)
        screen[i] = screen[i + COLS];
    clear_row(ROWS - 1);
    row = ROWS - 1;
}

static void move_cursor(void)
{
    unsigned at = row * COLS + col;
    outb(CRTC_COLOUR, CRTC_CURSOR_HI);
    outb(CRTC_COLOUR + 1, (uint8_t)(at >> 8));
    outb(CRTC_COLOUR, CRTC_CURSOR_LO);
    outb(CRTC_COLOUR + 1, (uint8_t)at);
}

static void put(char c)
{
    switch (c) {
    case '\n': newline(); return;
    case '\r': col = 0; return;
    case '\b': if (col) col--; return;
    case '\t': col = (col + 8) & ~7u; break;
    default:
        if ((unsigned char)c < ' ')
            return;
        screen[row * COLS + col++] = ATTR | (uint8_t)c;
    }
    if (col >= COLS)
        newline();
}

void vga_putc(char c)
{
    if (!present)
        return;
    put(c);
    move_cursor();
}

bool vga_present(void) { return present; }
