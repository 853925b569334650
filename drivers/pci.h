/* SPDX-License-Identifier: MIT */
/* PCI configuration space through mechanism #1 (ports 0xCF8/0xCFC): finding
 * devices, reading their BARs and interrupt line, turning on bus mastering. */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H
#include <stdint.h>
#include <stdbool.h>

#define PCI_BARS 6
#define PCI_VENDOR_INTEL 0x8086

/* Configuration header offsets, PCI Local Bus spec 3.0, 6.1 (figure 6-1). */
#define PCI_CFG_VENDOR      0x00
#define PCI_CFG_DEVICE      0x02
#define PCI_CFG_COMMAND     0x04
#define PCI_CFG_REVISION    0x08    /* revision, prog-if, subclass, class */
#define PCI_CFG_HEADER_TYPE 0x0E
#define PCI_CFG_BAR0        0x10
#define PCI_CFG_IRQ_LINE    0x3C

/* An IRQ line of 0xFF (or above 15) means "not connected", spec 6.2.4. */
#define PCI_IRQ_NONE 0xFF

struct pci_dev {
    uint8_t bus, dev, fn;
    uint16_t vendor, device;
    uint8_t class_code, subclass, irq_line;
    uint32_t bar[PCI_BARS];         /* raw register values */
};

uint32_t pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
uint16_t pci_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
uint8_t pci_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
void pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v);
void pci_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint16_t v);

/* The first device (in bus/device/function order) from vendor whose device
 * id is one of device_ids[0..n). Fills *out and returns the index of the id
 * that matched, or -E_NOENT. */
int pci_find(uint16_t vendor, const uint16_t *device_ids, int n, struct pci_dev *out);
/* The first device of a class and subclass: 0 or -E_NOENT. */
int pci_find_class(uint8_t class_code, uint8_t subclass, struct pci_dev *out);

/* BAR decoding, spec 6.2.5.1: I/O or memory, and the base address. */
bool pci_bar_is_io(uint32_t bar);
bool pci_bar_is_64bit(uint32_t bar);
uint32_t pci_bar_addr(uint32_t bar);
/* Size of BAR i, found by writing all ones (decoding is off meanwhile);
 * 0 for an unimplemented BAR. */
uint32_t pci_bar_size(const struct pci_dev *d, int i);
/* Let the device decode its memory and I/O BARs and master the bus (DMA). */
void pci_enable_bus_master(const struct pci_dev *d);

#endif
