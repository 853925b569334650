// SPDX-License-Identifier: MIT
/* In-kernel tests of the NIC driver on QEMU's user network (tests/ktest/run
 * gives the machine an e1000, and in a second run an e1000e, with MAC
 * 52:54:00:12:34:56, restrict=on). */
#include "kernel/ktest.h"
#include "kernel/core/sched.h"
#include "kernel/core/string.h"
#include "drivers/net.h"
#include "drivers/e1000.h"
#include "drivers/pci.h"
#include "arch/x86/pit.h"
#include "arch/x86/x86.h"
#include "demos/syscall.h"

static const uint8_t qemu_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t broadcast[ETH_ALEN] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
/* QEMU user networking (slirp): the guest's default address and the gateway. */
static const uint8_t guest_ip[4] = { 10, 0, 2, 15 };
static const uint8_t gateway_ip[4] = { 10, 0, 2, 2 };

/* Ethernet II and ARP for IPv4 over Ethernet, RFC 826. */
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_TEST 0x88B6           /* IEEE 802 local experimental 2 */
#define ARP_HTYPE_ETHER 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
#define ARP_OFF_OP 20
#define ARP_OFF_SHA 22
#define ARP_OFF_SPA 28
#define ARP_OFF_THA 32
#define ARP_OFF_TPA 38
#define ARP_FRAME_LEN 42
#define ETH_MIN_FRAME 60                /* without FCS */
#define BURST 200
#define EEPROM_MAC_WORD0 0              /* words 0..2 hold the MAC, low byte first */
#define REPLY_WAIT_MS 2000

/* QEMU's Intel NICs by PCI device id, and the driver name each must get. */
static const struct { uint16_t device; const char *name; } qemu_nics[] = {
    { 0x100E, "e1000" },                /* 82540EM */
    { 0x10D3, "e1000e" },               /* 82574L */
};

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static uint32_t arp_request(uint8_t *f)
{
    memset(f, 0, ETH_MIN_FRAME);
    memcpy(f, broadcast, ETH_ALEN);
    memcpy(f + ETH_ALEN, net_mac(), ETH_ALEN);
    put16(f + 12, ETHERTYPE_ARP);
    put16(f + 14, ARP_HTYPE_ETHER);
    put16(f + 16, ETHERTYPE_IPV4);
    f[18] = ETH_ALEN;
    f[19] = sizeof(guest_ip);
    put16(f + ARP_OFF_OP, ARP_OP_REQUEST);
    memcpy(f + ARP_OFF_SHA, net_mac(), ETH_ALEN);
    memcpy(f + ARP_OFF_SPA, guest_ip, 4);
    memcpy(f + ARP_OFF_TPA, gateway_ip, 4);
    return ETH_MIN_FRAME;
}

static volatile bool got_reply;
static volatile uint32_t frames_seen;

/* The test receiver: notes an ARP reply from the gateway to this node. */
static void record(const uint8_t *f, uint32_t len)
{
    frames_seen++;
    if (len >= ARP_FRAME_LEN && get16(f + 12) == ETHERTYPE_ARP &&
        get16(f + ARP_OFF_OP) == ARP_OP_REPLY &&
        memcmp(f, net_mac(), ETH_ALEN) == 0 &&
        memcmp(f + ARP_OFF_SPA, gateway_ip, 4) == 0 &&
        memcmp(f + ARP_OFF_THA, net_mac(), ETH_ALEN) == 0 &&
        memcmp(f + ARP_OFF_TPA, guest_ip, 4) == 0)
        got_reply = true;
}

/* Start the NIC if kmain has not (tests run in any order), keeping whatever
 * receiver is installed. */
static bool nic_started(void)
{
    net_rx_fn rx = net_set_receiver(0);
    return net_init(rx) == 0;
}

/* Let interrupts in until flag is set or ms pass; poll the NIC too if asked. */
static bool wait_for(volatile bool *flag, uint32_t ms, bool poll)
{
    uint64_t end = ticks + (uint64_t)ms * TICK_HZ / 1000;
    while (!*flag && ticks < end) {
        if (poll)
            net_poll();
        sti();
        hlt();
        cli();
    }
    return *flag;
}

/* The name of the driver the machine's NIC calls for, by its PCI id. */
static const char *expected_driver(void)
{
    uint16_t ids[sizeof(qemu_nics) / sizeof(qemu_nics[0])];
    int n = (int)(sizeof(ids) / sizeof(ids[0]));
    for (int i = 0; i < n; i++)
        ids[i] = qemu_nics[i].device;
    struct pci_dev d;
    int hit = pci_find(PCI_VENDOR_INTEL, ids, n, &d);
    return hit < 0 ? "none" : qemu_nics[hit].name;
}

KTEST(net_finds_the_nic_by_pci_id_with_the_mac_qemu_gave)
{
    KEXPECT(nic_started());
    net_rx_fn old = net_set_receiver(record);
    KEXPECT_EQ(0, net_init(record));
    KEXPECT_EQ(0, net_init(record));    /* a second call changes nothing */
    KEXPECT(net_present());
    const char *want = expected_driver();
    if (strcmp(net_driver_name(), want) != 0)
        printk("# driver %s, want %s\n", net_driver_name(), want);
    KEXPECT_EQ(0, strcmp(net_driver_name(), want));
    for (int i = 0; i < ETH_ALEN; i++)
        KEXPECT_EQ(qemu_mac[i], net_mac()[i]);
    net_set_receiver(old);
}

/* EERD's layout differs between the 8254x and the 82574L: a wrong one reads
 * zeroes, the wrong word, or never sees done. */
KTEST(net_eeprom_words_0_to_2_hold_the_mac)
{
    KEXPECT(nic_started());
    for (int w = 0; w < ETH_ALEN / 2; w++) {
        int v = e1000_eeprom_read(EEPROM_MAC_WORD0 + w);
        KEXPECT(v >= 0);
        KEXPECT_EQ(qemu_mac[2 * w], v & 0xFF);
        KEXPECT_EQ(qemu_mac[2 * w + 1], (v >> 8) & 0xFF);
    }
    KEXPECT_EQ(-E_INVAL, e1000_eeprom_read(0x10000));
}

KTEST(net_link_is_up)
{
    KEXPECT(nic_started());
    volatile bool never = false;
    for (int i = 0; i < 100 && !net_link_up(); i++)
        wait_for(&never, 10, false);
    KEXPECT(net_link_up());
}

KTEST(net_arp_request_to_the_gateway_gets_its_reply_through_rx)
{
    KEXPECT(nic_started());
    uint8_t f[ETH_MIN_FRAME];
    net_rx_fn old = net_set_receiver(record);
    uint32_t rx_before = net_get_stats()->rx_frames, tx_before = net_get_stats()->tx_frames;
    got_reply = false;
    frames_seen = 0;
    KEXPECT_EQ(0, net_transmit(f, arp_request(f)));
    KEXPECT(wait_for(&got_reply, REPLY_WAIT_MS, true));
    KEXPECT(frames_seen >= 1);
    KEXPECT(net_get_stats()->rx_frames >= rx_before + 1);
    KEXPECT(net_get_stats()->tx_frames >= tx_before + 1);
    net_set_receiver(old);
}

KTEST(net_reply_arrives_by_interrupt_without_polling)
{
    KEXPECT(nic_started());
    uint8_t f[ETH_MIN_FRAME];
    net_rx_fn old = net_set_receiver(record);
    uint32_t irqs = e1000_irqs;
    got_reply = false;
    KEXPECT_EQ(0, net_transmit(f, arp_request(f)));
    KEXPECT(wait_for(&got_reply, REPLY_WAIT_MS, false));
    KEXPECT(e1000_irqs > irqs);
    net_set_receiver(old);
}

KTEST(net_transmit_refuses_bad_lengths)
{
    KEXPECT(nic_started());
    uint8_t f[ETH_FRAME_MAX + 1] = { 0 };
    uint32_t tx_before = net_get_stats()->tx_frames;
    KEXPECT_EQ(-E_INVAL, net_transmit(f, 0));
    KEXPECT_EQ(-E_INVAL, net_transmit(f, ETH_HLEN - 1));
    KEXPECT_EQ(-E_INVAL, net_transmit(f, ETH_FRAME_MAX + 1));
    KEXPECT_EQ(-E_INVAL, net_transmit(f, UINT32_MAX));
    KEXPECT_EQ(-E_INVAL, net_transmit(0, ETH_MIN_FRAME));
    KEXPECT_EQ(tx_before, net_get_stats()->tx_frames);
}

/* With the transmitter stopped the ring fills, and a send that waited for
 * room would wait for ever: past the first refusal every call must be
 * refused, and at once. "At once": the cheapest refusal costs no more TSC
 * than the cheapest accepted send (which also copies the frame and writes
 * TDT); cheapest, as the host can stall any one call. */
KTEST(net_burst_of_200_frames_never_blocks)
{
    KEXPECT(nic_started());
    static uint8_t f[ETH_FRAME_MAX];
    memcpy(f, broadcast, ETH_ALEN);
    memcpy(f + ETH_ALEN, net_mac(), ETH_ALEN);
    put16(f + 12, ETHERTYPE_TEST);
    const struct net_stats *s = net_get_stats();
    uint32_t tx_before = s->tx_frames, full_before = s->tx_ring_full;
    uint64_t send_min = UINT64_MAX, refuse_min = UINT64_MAX;
    int sent = 0, full = 0, other = 0, sent_after_full = 0;
    e1000_tx_run(false);
    for (int i = 0; i < BURST; i++) {
        uint64_t t0 = rdtsc();
        int r = net_transmit(f, i % 2 ? ETH_FRAME_MAX : ETH_MIN_FRAME);
        uint64_t took = rdtsc() - t0;
        if (r == 0) {
            sent++;
            sent_after_full += full > 0;
            send_min = took < send_min ? took : send_min;
        } else if (r == -E_WOULDBLOCK) {
            full++;
            refuse_min = took < refuse_min ? took : refuse_min;
        } else {
            other++;
        }
    }
    e1000_tx_run(true);
    printk("# burst: %d sent, %d refused with the ring full; cheapest send %llu TSC,"
           " cheapest refusal %llu\n", sent, full, (unsigned long long)send_min,
           (unsigned long long)refuse_min);
    KEXPECT_EQ(0, other);
    KEXPECT_EQ(BURST, sent + full);
    KEXPECT(sent > 0);
    KEXPECT(full > 0);                  /* the ring holds fewer than BURST */
    KEXPECT_EQ(0, sent_after_full);     /* nothing drains while stopped */
    KEXPECT(refuse_min <= send_min);
    KEXPECT_EQ(tx_before + sent, s->tx_frames);
    KEXPECT_EQ(full_before + full, s->tx_ring_full);
    /* Restarted, the ring drains: a frame goes out again. */
    volatile bool never = false;
    int r = -E_WOULDBLOCK;
    for (int i = 0; i < 100 && r == -E_WOULDBLOCK; i++) {
        r = net_transmit(f, ETH_MIN_FRAME);
        if (r == -E_WOULDBLOCK)
            wait_for(&never, 10, false);
    }
    KEXPECT_EQ(0, r);
}
