/* SPDX-License-Identifier: MIT */
/* A network interface as the inter-kernel transport sees it: raw Ethernet
 * frames out, a callback for frames in. One NIC per node (the first found). */
#ifndef DRIVERS_NET_H
#define DRIVERS_NET_H
#include <stdint.h>
#include <stdbool.h>

#define ETH_ALEN 6
#define ETH_HLEN 14
#define ETH_FRAME_MAX 1514      /* without FCS */

typedef void (*net_rx_fn)(const uint8_t *frame, uint32_t len);

struct net_stats {
    uint32_t rx_frames, tx_frames, rx_dropped, tx_ring_full;
};

/* What the driver needs from the kernel: frames for its rings and buffers
 * (4 KiB, reached at their physical address) and a log line. The kernel
 * sets it at boot, before net_init; the driver keeps a copy. */
struct net_host {
    uint32_t (*frame_alloc)(void);      /* a frame, or 0 */
    void (*frame_free)(uint32_t addr);
    int (*log)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
};
void net_set_host(const struct net_host *host);

/* Find and start the first supported NIC. 0, or -E_NOENT if there is none. */
int net_init(net_rx_fn rx);
net_rx_fn net_set_receiver(net_rx_fn rx);  /* swap the callback; returns the old one */
bool net_present(void);
const uint8_t *net_mac(void);
bool net_link_up(void);
/* Queue one frame (ETH_HLEN..ETH_FRAME_MAX bytes, copied). Never waits:
 * 0, -E_WOULDBLOCK when the transmit ring is full, -E_INVAL for a bad length. */
int net_transmit(const void *frame, uint32_t len);
/* Hand every received frame to rx (also done from the NIC's interrupt). */
void net_poll(void);
const struct net_stats *net_get_stats(void);
const char *net_driver_name(void);

#endif
