/* SPDX-License-Identifier: MIT */
/* Registers, bits and descriptor layouts of the Intel 8254x family, as the
 * e1000 driver uses them, and the few places where the 82574L differs.
 * Sections are those of the PCI/PCI-X Family of Gigabit Ethernet
 * Controllers Software Developer's Manual (8254x SDM); the 82574L's are named
 * by register, from the Intel 82574 GbE Controller Family Datasheet. */
#ifndef DRIVERS_E1000_REGS_H
#define DRIVERS_E1000_REGS_H
#include <stdint.h>

/* PCI device ids, 8254x SDM 5.2 (EEPROM word 0Dh) and the 82574 datasheet. */
#define PCI_DEVICE_82540EM 0x100E   /* QEMU's -device e1000 */
#define PCI_DEVICE_82574L  0x10D3   /* QEMU's -device e1000e */

/* Register offsets in the memory BAR, 13.1 (table 13-2); the 82574L has the
 * same ones for everything used here. */
#define E1000_CTRL   0x0000     /* 13.4.1 device control */
#define E1000_STATUS 0x0008     /* 13.4.2 device status */
#define E1000_EERD   0x0014     /* 13.4.4 EEPROM read */
#define E1000_ICR    0x00C0     /* 13.4.17 interrupt cause read (clears on read) */
#define E1000_ITR    0x00C4     /* 13.4.18 interrupt throttling */
#define E1000_IMS    0x00D0     /* 13.4.20 interrupt mask set */
#define E1000_IMC    0x00D8     /* 13.4.21 interrupt mask clear */
#define E1000_RCTL   0x0100     /* 13.4.22 receive control */
#define E1000_TCTL   0x0400     /* 13.4.33 transmit control */
#define E1000_TIPG   0x0410     /* 13.4.34 transmit inter-packet gap */
#define E1000_RDBAL  0x2800     /* 13.4.27..31 receive descriptor ring */
#define E1000_RDBAH  0x2804
#define E1000_RDLEN  0x2808
#define E1000_RDH    0x2810
#define E1000_RDT    0x2818
#define E1000_RDTR   0x2820     /* 13.4.32 receive delay timer */
#define E1000_TDBAL  0x3800     /* 13.4.36..41 transmit descriptor ring */
#define E1000_TDBAH  0x3804
#define E1000_TDLEN  0x3808
#define E1000_TDH    0x3810
#define E1000_TDT    0x3818
#define E1000_MPC    0x4010     /* 13.7 missed packets count (clears on read) */
#define E1000_MTA    0x5200     /* 13.5.1 multicast table array, 128 dwords */
#define E1000_MTA_WORDS 128
#define E1000_RAL0   0x5400     /* 13.5.2 receive address low */
#define E1000_RAH0   0x5404     /* 13.5.3 receive address high */
#define E1000_BAR_SIZE 0x20000  /* 128 KiB of registers, 4.1 (memory BAR) */

/* CTRL, 13.4.1. */
#define CTRL_ASDE    (1u << 5)  /* auto-speed detection */
#define CTRL_SLU     (1u << 6)  /* set link up */
#define CTRL_LRST    (1u << 3)
#define CTRL_ILOS    (1u << 7)
#define CTRL_RST     (1u << 26) /* device reset, self-clearing */
#define CTRL_VME     (1u << 30)
#define CTRL_PHY_RST (1u << 31)

/* STATUS, 13.4.2. */
#define STATUS_LU    (1u << 1)  /* link up */

/* EERD, 13.4.4 (82540/82544/82545/82546 layout): start bit 0, done bit 4,
 * word address bits 15:8, data bits 31:16. The 82574L's EERD (0x00014) keeps
 * start and data where they are but has done in bit 1 and the word address
 * in bits 15:2. */
#define EERD_START      (1u << 0)
#define EERD_DONE       (1u << 4)
#define EERD_ADDR_SHIFT 8
#define EERD_82574_DONE (1u << 1)
#define EERD_82574_ADDR_SHIFT 2
#define EERD_DATA_SHIFT 16
#define EERD_ADDR_MAX   0xFFu   /* the highest word both layouts can name */
#define EEPROM_MAC_WORDS 3      /* words 0..2: the Ethernet address, 5.6.1 */

/* Interrupt causes (ICR/IMS/IMC), 13.4.17. */
#define ICR_TXDW   (1u << 0)
#define ICR_LSC    (1u << 2)    /* link status change */
#define ICR_RXDMT0 (1u << 4)    /* receive descriptors below threshold */
#define ICR_RXO    (1u << 6)    /* receiver overrun */
#define ICR_RXT0   (1u << 7)    /* receiver timer: a frame arrived */
#define ICR_ALL    0xFFFFFFFFu

/* RAH, 13.5.3. */
#define RAH_AV     (1u << 31)   /* address valid */
#define RAH_ADDR_MASK 0xFFFFu   /* the address's last two bytes */

/* RCTL, 13.4.22. BSIZE 00 with BSEX 0: 2048-byte buffers. */
#define RCTL_EN    (1u << 1)
#define RCTL_BAM   (1u << 15)   /* accept broadcast */
#define RCTL_BSIZE_2048 (0u << 16)
#define RCTL_SECRC (1u << 26)   /* strip the Ethernet CRC */

/* TCTL, 13.4.33, and TIPG, 13.4.34 (IEEE 802.3 values for copper). */
#define TCTL_EN    (1u << 1)
#define TCTL_PSP   (1u << 3)    /* pad short packets */
#define TCTL_CT    (0x0Fu << 4) /* collision threshold */
#define TCTL_COLD  (0x40u << 12) /* collision distance, full duplex */
#define TIPG_IPGT  10u
#define TIPG_82574_IPGT 8u      /* the 82574L's TIPG.IPGT for 802.3 (its reset value) */
#define TIPG_IPGR1 (8u << 10)
#define TIPG_IPGR2 (6u << 20)

/* Legacy receive descriptor, 3.2.3. */
struct e1000_rx_desc {
    uint64_t addr;
    uint16_t length;
    uint16_t csum;
    uint8_t status, errors;
    uint16_t special;
} __attribute__((packed));
#define RXD_STAT_DD  (1u << 0)  /* descriptor done */
#define RXD_STAT_EOP (1u << 1)  /* end of packet */
/* Receive errors, 3.2.3.2; the checksum errors (TCPE, IPE) are not frame errors. */
#define RXD_ERR_CE   (1u << 0)  /* CRC or alignment */
#define RXD_ERR_SE   (1u << 1)  /* symbol */
#define RXD_ERR_SEQ  (1u << 2)  /* sequence */
#define RXD_ERR_CXE  (1u << 4)  /* carrier extension */
#define RXD_ERR_RXE  (1u << 7)  /* RX data error */
#define RXD_ERR_FRAME (RXD_ERR_CE | RXD_ERR_SE | RXD_ERR_SEQ | RXD_ERR_CXE | RXD_ERR_RXE)

/* Legacy transmit descriptor, 3.3.3. */
struct e1000_tx_desc {
    uint64_t addr;
    uint16_t length;
    uint8_t cso, cmd, status, css;
    uint16_t special;
} __attribute__((packed));
#define TXD_CMD_EOP  (1u << 0)
#define TXD_CMD_IFCS (1u << 1)  /* insert the FCS */
#define TXD_CMD_RS   (1u << 3)  /* report status: write DD back */
#define TXD_STAT_DD  (1u << 0)

/* Rings must be 128-byte multiples, 3.2.6 and 3.3.7. */
#define E1000_RING_ALIGN 128

#endif
