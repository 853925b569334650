// SPDX-License-Identifier: MIT
/* PCI configuration mechanism #1 and a brute-force walk of every bus,
 * device and function (PCI Local Bus spec 3.0, 3.2.2.3.2 and chapter 6). */
#include "drivers/pci.h"
#include "arch/x86/x86.h"
#include "demos/syscall.h"

/* Mechanism #1, spec 3.2.2.3.2: write an address to CONFIG_ADDRESS, then
 * move the dword through CONFIG_DATA. */
#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA    0xCFC
#define PCI_ADDR_ENABLE    0x80000000u
#define PCI_ADDR_BUS_SHIFT 16
#define PCI_ADDR_DEV_SHIFT 11
#define PCI_ADDR_FN_SHIFT  8
#define PCI_ADDR_REG_MASK  0xFC         /* dword-aligned register number */

#define PCI_BUSES 256
#define PCI_DEVICES 32
#define PCI_FUNCTIONS 8
#define PCI_VENDOR_NONE 0xFFFF          /* read from an absent function */

/* Header type, spec 6.2.1: bit 7 multi-function, low bits the layout. */
#define PCI_HEADER_MULTIFN 0x80
#define PCI_HEADER_LAYOUT  0x7F
#define PCI_HEADER_GENERAL 0x00         /* 6 BARs */
#define PCI_HEADER_BRIDGE  0x01         /* 2 BARs */
#define PCI_BRIDGE_BARS 2

/* Command register, spec 6.2.2. */
#define PCI_CMD_IO     0x0001
#define PCI_CMD_MEMORY 0x0002
#define PCI_CMD_MASTER 0x0004

/* Base address registers, spec 6.2.5.1. */
#define PCI_BAR_IO        0x1
#define PCI_BAR_IO_MASK   0xFFFFFFFCu
#define PCI_BAR_MEM_MASK  0xFFFFFFF0u
#define PCI_BAR_TYPE_MASK 0x6
#define PCI_BAR_TYPE_64   0x4
#define PCI_BAR_PROBE     0xFFFFFFFFu
#define PCI_BAR_IO_UPPER  0xFFFF0000u  /* x86 I/O BARs may decode only 16 bits */

static void select_reg(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    outl(PCI_CONFIG_ADDRESS, PCI_ADDR_ENABLE | (uint32_t)bus << PCI_ADDR_BUS_SHIFT |
         (uint32_t)dev << PCI_ADDR_DEV_SHIFT | (uint32_t)fn << PCI_ADDR_FN_SHIFT |
         (off & PCI_ADDR_REG_MASK));
}

uint32_t pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    select_reg(bus, dev, fn, off);
    return inl(PCI_CONFIG_DATA);
}

uint16_t pci_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    return (uint16_t)(pci_read32(bus, dev, fn, off) >> ((off & 2) * 8));
}

uint8_t pci_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    return (uint8_t)(pci_read32(bus, dev, fn, off) >> ((off & 3) * 8));
}

void pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v)
{
    select_reg(bus, dev, fn, off);
    outl(PCI_CONFIG_DATA, v);
}

void pci_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint16_t v)
{
    /* A word-wide access to CONFIG_DATA touches only that register, so the
     * status register's write-one-to-clear bits beside the command register
     * are left alone. */
    select_reg(bus, dev, fn, off);
    outw(PCI_CONFIG_DATA + (off & 2), v);
}

static void read_dev(uint8_t bus, uint8_t dev, uint8_t fn, struct pci_dev *d)
{
    uint32_t id = pci_read32(bus, dev, fn, PCI_CFG_VENDOR);
    uint32_t class = pci_read32(bus, dev, fn, PCI_CFG_REVISION);
    uint8_t layout = pci_read8(bus, dev, fn, PCI_CFG_HEADER_TYPE) & PCI_HEADER_LAYOUT;
    int nbars = layout == PCI_HEADER_GENERAL ? PCI_BARS :
                layout == PCI_HEADER_BRIDGE ? PCI_BRIDGE_BARS : 0;
    d->bus = bus, d->dev = dev, d->fn = fn;
    d->vendor = (uint16_t)id;
    d->device = (uint16_t)(id >> 16);
    d->class_code = (uint8_t)(class >> 24);
    d->subclass = (uint8_t)(class >> 16);
    d->irq_line = pci_read8(bus, dev, fn, PCI_CFG_IRQ_LINE);
    for (int i = 0; i < PCI_BARS; i++)
        d->bar[i] = i < nbars ? pci_read32(bus, dev, fn, PCI_CFG_BAR0 + 4 * i) : 0;
}

/* Visit every present function until match says stop; 0 or -E_NOENT. */
static int pci_walk(bool (*match)(const struct pci_dev *, void *),
                    void *arg, struct pci_dev *out)
{
    for (int bus = 0; bus < PCI_BUSES; bus++) {
        for (int dev = 0; dev < PCI_DEVICES; dev++) {
            if (pci_read16(bus, dev, 0, PCI_CFG_VENDOR) == PCI_VENDOR_NONE)
                continue;
            bool multi = pci_read8(bus, dev, 0, PCI_CFG_HEADER_TYPE) & PCI_HEADER_MULTIFN;
            for (int fn = 0; fn < (multi ? PCI_FUNCTIONS : 1); fn++) {
                if (pci_read16(bus, dev, fn, PCI_CFG_VENDOR) == PCI_VENDOR_NONE)
                    continue;
                read_dev(bus, dev, fn, out);
                if (match(out, arg))
                    return 0;
            }
        }
    }
    return -E_NOENT;
}

struct id_query { uint16_t vendor; const uint16_t *ids; int n; int hit; };

static bool match_id(const struct pci_dev *d, void *arg)
{
    struct id_query *q = arg;
    if (d->vendor != q->vendor)
        return false;
    for (q->hit = 0; q->hit < q->n; q->hit++)
        if (d->device == q->ids[q->hit])
            return true;
    return false;
}

int pci_find(uint16_t vendor, const uint16_t *device_ids, int n, struct pci_dev *out)
{
    struct id_query q = { vendor, device_ids, n, 0 };
    int r = pci_walk(match_id, &q, out);
    return r < 0 ? r : q.hit;
}

static bool match_class(const struct pci_dev *d, void *arg)
{
    const uint8_t *cls = arg;
    return d->class_code == cls[0] && d->subclass == cls[1];
}

int pci_find_class(uint8_t class_code, uint8_t subclass, struct pci_dev *out)
{
    uint8_t cls[2] = { class_code, subclass };
    return pci_walk(match_class, cls, out);
}

bool pci_bar_is_io(uint32_t bar)
{
    return bar & PCI_BAR_IO;
}

bool pci_bar_is_64bit(uint32_t bar)
{
    return !pci_bar_is_io(bar) && (bar & PCI_BAR_TYPE_MASK) == PCI_BAR_TYPE_64;
}

uint32_t pci_bar_addr(uint32_t bar)
{
    return bar & (pci_bar_is_io(bar) ? PCI_BAR_IO_MASK : PCI_BAR_MEM_MASK);
}

uint32_t pci_bar_size(const struct pci_dev *d, int i)
{
    uint8_t off = PCI_CFG_BAR0 + 4 * i;
    uint16_t cmd = pci_read16(d->bus, d->dev, d->fn, PCI_CFG_COMMAND);
    pci_write16(d->bus, d->dev, d->fn, PCI_CFG_COMMAND,
                cmd & ~(PCI_CMD_IO | PCI_CMD_MEMORY));
    uint32_t old = pci_read32(d->bus, d->dev, d->fn, off);
    pci_write32(d->bus, d->dev, d->fn, off, PCI_BAR_PROBE);
    uint32_t mask = pci_bar_addr(pci_read32(d->bus, d->dev, d->fn, off));
    pci_write32(d->bus, d->dev, d->fn, off, old);
    pci_write16(d->bus, d->dev, d->fn, PCI_CFG_COMMAND, cmd);
    if (pci_bar_is_io(old))
        mask |= PCI_BAR_IO_UPPER;
    return mask ? ~mask + 1 : 0;
}

void pci_enable_bus_master(const struct pci_dev *d)
{
    uint16_t cmd = pci_read16(d->bus, d->dev, d->fn, PCI_CFG_COMMAND);
    pci_write16(d->bus, d->dev, d->fn, PCI_CFG_COMMAND,
                cmd | PCI_CMD_MEMORY | PCI_CMD_IO | PCI_CMD_MASTER);
}
