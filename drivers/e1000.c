// SPDX-License-Identifier: MIT
/* The Intel 8254x (e1000) and 82574L (e1000e) behind drivers/net.h:
 * descriptor rings, the MAC address, interrupt-driven receive and a transmit
 * that never waits. Where the two differ, models[] says how. */
#include "drivers/net.h"
#include "drivers/e1000.h"
#include "drivers/pci.h"
#include "drivers/e1000_regs.h"
#include "arch/x86/idt.h"
#include "arch/x86/mmio.h"
#include "arch/x86/paging.h"
#include "demos/string.h"
#include "demos/syscall.h"

/* Contract: every entry point runs with interrupts off, as all kernel code
 * does; the receive callback gets a buffer valid only until it returns, and
 * may call net_transmit. Without a NIC, net_transmit returns -E_NOENT (as
 * net_init did), net_poll does nothing, the MAC reads as all zeroes. */

#define RX_RING 64
#define TX_RING 64
#define BUF_SIZE 2048                   /* RCTL_BSIZE_2048 */
#define BUFS_PER_FRAME ((int)(PAGE_SIZE / BUF_SIZE))
#define RESET_SPINS 1000000             /* CTRL.RST reads back 0 when done, 13.4.1 */
#define EERD_SPINS 100000
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The devices this driver drives, by PCI device id (8254x SDM, chapter 5,
 * the EEPROM's Device ID word; 82574 datasheet, the same word). They share
 * the registers, descriptors and interrupt causes of e1000_regs.h, used the
 * legacy way on both: legacy descriptors (the 82574's RFCTL.EXSTEN stays 0),
 * one queue, INTx (the 82574's MSI and MSI-X stay off), RXDCTL/TXDCTL at
 * their reset values (the 82574 has no queue-enable bit in them, unlike the
 * 82575 on). What an entry holds is all that differs. */
struct e1000_model {
    uint16_t device_id;
    const char *name;                   /* QEMU's -device; net_driver_name() */
    const char *chip;
    uint32_t eerd_done;                 /* EERD: the bit that says the word is in */
    uint32_t eerd_addr_shift;           /* EERD: where the word address goes */
    uint32_t tipg;                      /* inter-packet gap for copper */
};
static const struct e1000_model models[] = {
    { PCI_DEVICE_82540EM, "e1000", "82540EM", EERD_DONE, EERD_ADDR_SHIFT,
      TIPG_IPGT | TIPG_IPGR1 | TIPG_IPGR2 },
    { PCI_DEVICE_82574L, "e1000e", "82574L", EERD_82574_DONE, EERD_82574_ADDR_SHIFT,
      TIPG_82574_IPGT | TIPG_IPGR1 | TIPG_IPGR2 },
};

static struct {
    volatile uint8_t *regs;             /* NULL: no NIC */
    const struct e1000_model *model;
    struct pci_dev pci;
    uint8_t mac[ETH_ALEN];
    volatile struct e1000_rx_desc *rx;
    volatile struct e1000_tx_desc *tx;
    uint8_t *rx_buf[RX_RING], *tx_buf[TX_RING];
    uint32_t rx_next;                   /* next descriptor the NIC fills */
    uint32_t tx_tail, tx_clean;         /* next free one; oldest not reclaimed */
    bool rx_discard;                    /* inside a frame longer than a buffer */
    bool rx_busy;                       /* rx_drain is on the stack */
    net_rx_fn rx_fn;
    struct net_stats stats;
} nic;

static struct net_host host;

void net_set_host(const struct net_host *h)
{
    host = *h;
}

static uint32_t reg_read(uint32_t off) { return mmio_read32(nic.regs, off); }
static void reg_write(uint32_t off, uint32_t v) { mmio_write32(nic.regs, off, v); }
static void barrier(void) { asm volatile("" ::: "memory"); }

static void count_missed(void)
{
    nic.stats.rx_dropped += reg_read(E1000_MPC);
}

/* Give the hardware every filled descriptor back after handing good frames
 * to rx_fn. Not re-entered from the callback. */
static void rx_drain(void)
{
    if (nic.rx_busy)
        return;
    nic.rx_busy = true;
    uint32_t last = RX_RING;
    while (nic.rx[nic.rx_next].status & RXD_STAT_DD) {
        volatile struct e1000_rx_desc *d = &nic.rx[nic.rx_next];
        barrier();
        uint16_t len = d->length;
        bool eop = d->status & RXD_STAT_EOP;
        bool bad = nic.rx_discard || (d->errors & RXD_ERR_FRAME) || len < ETH_HLEN;
        if (!eop) {
            nic.rx_discard = true;
        } else {
            if (bad)
                nic.stats.rx_dropped++;
            else
                nic.stats.rx_frames++;
            if (!bad && nic.rx_fn)
                nic.rx_fn(nic.rx_buf[nic.rx_next], len);
            nic.rx_discard = false;
        }
        d->status = 0;
        last = nic.rx_next;
        nic.rx_next = (nic.rx_next + 1) % RX_RING;
    }
    if (last != RX_RING) {
        barrier();
        reg_write(E1000_RDT, last);     /* the NIC owns up to, not including, last */
    }
    nic.rx_busy = false;
}

static void tx_reclaim(void)
{
    while (nic.tx_clean != nic.tx_tail && (nic.tx[nic.tx_clean].status & TXD_STAT_DD))
        nic.tx_clean = (nic.tx_clean + 1) % TX_RING;
}

uint32_t e1000_irqs;

static void e1000_irq(void)
{
    e1000_irqs++;
    uint32_t icr = reg_read(E1000_ICR);    /* reading acknowledges */
    if (!icr)
        return;                         /* a device sharing the line */
    if (icr & ICR_LSC)
        host.log("%s: link %s\n", nic.model->name, net_link_up() ? "up" : "down");
    if (icr & ICR_RXO)
        count_missed();
    rx_drain();
}

static void free_bufs(uint8_t **bufs, int n)
{
    for (int i = 0; i < n; i += BUFS_PER_FRAME)
        if (bufs[i])
            host.frame_free((uint32_t)bufs[i]);
}

/* Zeroed 2 KiB buffers, two to a frame; false (after freeing) when out of frames. */
static bool alloc_bufs(uint8_t **bufs, int n)
{
    for (int i = 0; i < n; i += BUFS_PER_FRAME) {
        uint32_t f = host.frame_alloc();
        if (!f) {
            free_bufs(bufs, i);
            return false;
        }
        memset((void *)f, 0, PAGE_SIZE);
        for (int k = 0; k < BUFS_PER_FRAME && i + k < n; k++)
            bufs[i + k] = (uint8_t *)f + k * BUF_SIZE;
    }
    return true;
}

int e1000_eeprom_read(uint32_t word)
{
    if (!nic.regs)
        return -E_NOENT;
    if (word > EERD_ADDR_MAX)
        return -E_INVAL;
    reg_write(E1000_EERD, EERD_START | word << nic.model->eerd_addr_shift);
    for (int spin = 0; spin < EERD_SPINS; spin++) {
        uint32_t v = reg_read(E1000_EERD);
        if (v & nic.model->eerd_done)
            return (uint16_t)(v >> EERD_DATA_SHIFT);
    }
    return -E_TIMEOUT;
}

static void read_mac(void)
{
    uint32_t ral = reg_read(E1000_RAL0), rah = reg_read(E1000_RAH0);
    if ((rah & RAH_AV) && (ral || (rah & RAH_ADDR_MASK))) {
        for (int i = 0; i < 4; i++)
            nic.mac[i] = (uint8_t)(ral >> (8 * i));
        nic.mac[4] = (uint8_t)rah;
        nic.mac[5] = (uint8_t)(rah >> 8);
        return;
    }
    for (uint32_t w = 0; w < EEPROM_MAC_WORDS; w++) {
        int v = e1000_eeprom_read(w);
        nic.mac[2 * w] = v < 0 ? 0 : (uint8_t)v;
        nic.mac[2 * w + 1] = v < 0 ? 0 : (uint8_t)(v >> 8);
    }
    /* Let the receive filter accept frames for it (13.5.2, 13.5.3). */
    reg_write(E1000_RAL0, nic.mac[0] | nic.mac[1] << 8 | nic.mac[2] << 16 |
                          (uint32_t)nic.mac[3] << 24);
    reg_write(E1000_RAH0, nic.mac[4] | nic.mac[5] << 8 | RAH_AV);
}

static void reset_and_link(void)
{
    reg_write(E1000_IMC, ICR_ALL);
    reg_write(E1000_CTRL, reg_read(E1000_CTRL) | CTRL_RST);
    for (int spin = 0; spin < RESET_SPINS && (reg_read(E1000_CTRL) & CTRL_RST); spin++)
        ;
    reg_write(E1000_IMC, ICR_ALL);      /* 14.4: mask again after the reset */
    (void)reg_read(E1000_ICR);
    uint32_t ctrl = reg_read(E1000_CTRL) | CTRL_SLU | CTRL_ASDE;
    reg_write(E1000_CTRL, ctrl & ~(CTRL_LRST | CTRL_ILOS | CTRL_VME | CTRL_PHY_RST));
}

/* Receive (14.4) and transmit (14.5) initialisation over rings in one frame. */
static void start_rings(uint8_t *rings)
{
    nic.rx = (volatile struct e1000_rx_desc *)rings;
    nic.tx = (volatile struct e1000_tx_desc *)(rings + PAGE_SIZE / 2);
    for (int i = 0; i < RX_RING; i++)
        nic.rx[i].addr = (uint32_t)nic.rx_buf[i];
    for (int i = 0; i < E1000_MTA_WORDS; i++)
        reg_write(E1000_MTA + 4 * i, 0);
    reg_write(E1000_RDBAL, (uint32_t)nic.rx);
    reg_write(E1000_RDBAH, 0);
    reg_write(E1000_RDLEN, RX_RING * sizeof(struct e1000_rx_desc));
    reg_write(E1000_RDH, 0);
    reg_write(E1000_RDT, RX_RING - 1);
    reg_write(E1000_RDTR, 0);           /* interrupt on every frame, no delay */
    reg_write(E1000_RCTL, RCTL_EN | RCTL_BAM | RCTL_BSIZE_2048 | RCTL_SECRC);
    reg_write(E1000_TDBAL, (uint32_t)nic.tx);
    reg_write(E1000_TDBAH, 0);
    reg_write(E1000_TDLEN, TX_RING * sizeof(struct e1000_tx_desc));
    reg_write(E1000_TDH, 0);
    reg_write(E1000_TDT, 0);
    reg_write(E1000_TIPG, nic.model->tipg);
    reg_write(E1000_TCTL, TCTL_EN | TCTL_PSP | TCTL_CT | TCTL_COLD);
    /* No throttling (13.4.18). QEMU still spaces interrupts >= 128 us apart
     * (its e1000's mitigation timer; its e1000e raises any ITR below 500, 0
     * too, to 500 x 256 ns), which is why transmit causes stay masked: each
     * would arm that timer and delay the next receive interrupt. */
    reg_write(E1000_ITR, 0);
}

static int probe(struct pci_dev *pci)
{
    uint16_t ids[ARRAY_LEN(models)];
    for (unsigned i = 0; i < ARRAY_LEN(models); i++)
        ids[i] = models[i].device_id;
    int hit = pci_find(PCI_VENDOR_INTEL, ids, ARRAY_LEN(models), pci);
    if (hit < 0)
        return hit;
    const char *name = models[hit].name;
    if (pci_bar_is_io(pci->bar[0])) {
        host.log("%s: BAR0 is not memory; not used\n", name);
        return -E_NOENT;
    }
    uint32_t size = pci_bar_size(pci, 0);
    nic.regs = paging_map_mmio(pci_bar_addr(pci->bar[0]), size ? size : E1000_BAR_SIZE);
    if (!nic.regs) {
        host.log("%s: cannot map BAR0 at %p\n", name, (void *)pci_bar_addr(pci->bar[0]));
        return -E_NOENT;
    }
    return hit;
}

/* Idempotent: once a NIC runs, a further call only replaces the receiver. */
int net_init(net_rx_fn rx)
{
    nic.rx_fn = rx;
    if (nic.regs)
        return 0;
    struct pci_dev pci;
    int hit = probe(&pci);
    if (hit < 0)
        return hit;
    uint32_t rings = host.frame_alloc();
    bool rx_ok = rings && alloc_bufs(nic.rx_buf, RX_RING);
    if (!rx_ok || !alloc_bufs(nic.tx_buf, TX_RING)) {
        /* Out of frames: leave the node without a network. */
        if (rx_ok)
            free_bufs(nic.rx_buf, RX_RING);
        if (rings)
            host.frame_free(rings);
        nic.regs = 0;
        host.log("%s: out of memory for the rings\n", models[hit].name);
        return -E_NOMEM;
    }
    memset((void *)rings, 0, PAGE_SIZE);
    nic.pci = pci;
    nic.model = &models[hit];
    pci_enable_bus_master(&pci);
    reset_and_link();
    read_mac();
    start_rings((uint8_t *)rings);
    if (pci.irq_line > IRQ_TIMER && pci.irq_line < IRQ_LINES)
        irq_register(pci.irq_line, e1000_irq);
    reg_write(E1000_IMS, ICR_RXT0 | ICR_RXO | ICR_RXDMT0 | ICR_LSC);
    const uint8_t *m = nic.mac;
    host.log("%s: %s %04x:%04x at %02x:%02x.%u, BAR0 %p, IRQ %u, MAC "
             "%02x:%02x:%02x:%02x:%02x:%02x\n", nic.model->name, nic.model->chip,
             pci.vendor, pci.device, pci.bus, pci.dev, pci.fn,
             (void *)pci_bar_addr(pci.bar[0]), pci.irq_line,
             m[0], m[1], m[2], m[3], m[4], m[5]);
    return 0;
}

net_rx_fn net_set_receiver(net_rx_fn rx)
{
    net_rx_fn old = nic.rx_fn;
    nic.rx_fn = rx;
    return old;
}

bool net_present(void)
{
    return nic.regs != 0;
}

const uint8_t *net_mac(void)
{
    return nic.mac;
}

bool net_link_up(void)
{
    return nic.regs && (reg_read(E1000_STATUS) & STATUS_LU);
}

int net_transmit(const void *frame, uint32_t len)
{
    if (!nic.regs)
        return -E_NOENT;
    if (!frame || len < ETH_HLEN || len > ETH_FRAME_MAX)
        return -E_INVAL;
    tx_reclaim();
    uint32_t i = nic.tx_tail, next = (i + 1) % TX_RING;
    if (next == nic.tx_clean) {
        nic.stats.tx_ring_full++;
        return -E_WOULDBLOCK;
    }
    memcpy(nic.tx_buf[i], frame, len);
    volatile struct e1000_tx_desc *d = &nic.tx[i];
    d->addr = (uint32_t)nic.tx_buf[i];
    d->length = (uint16_t)len;
    d->cmd = TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS;
    d->status = 0;
    barrier();
    nic.tx_tail = next;
    reg_write(E1000_TDT, next);
    nic.stats.tx_frames++;
    return 0;
}

void e1000_tx_run(bool on)
{
    if (nic.regs)
        reg_write(E1000_TCTL, (reg_read(E1000_TCTL) & ~TCTL_EN) | (on ? TCTL_EN : 0));
}

void net_poll(void)
{
    if (nic.regs)
        rx_drain();
}

const struct net_stats *net_get_stats(void)
{
    if (nic.regs)
        count_missed();
    return &nic.stats;
}

const char *net_driver_name(void)
{
    return nic.model ? nic.model->name : "none";
}
