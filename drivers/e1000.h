/* SPDX-License-Identifier: MIT */
/* What drivers/e1000.c offers beyond drivers/net.h, for the in-kernel tests
 * (tests/ktest/test_net.c): its interrupt count, EEPROM reads and a switch
 * for the transmitter. */
#ifndef DRIVERS_E1000_H
#define DRIVERS_E1000_H
#include <stdint.h>
#include <stdbool.h>

extern uint32_t e1000_irqs;             /* NIC interrupts taken */

/* One 16-bit EEPROM word through EERD, laid out as the running model wants;
 * -E_NOENT without a NIC, -E_INVAL past EERD_ADDR_MAX, -E_TIMEOUT if the
 * NIC never says done. */
int e1000_eeprom_read(uint32_t word);

/* Stop (on = false) or restart the transmitter, TCTL.EN (13.4.33): stopped,
 * the NIC takes no descriptor, so the ring fills; restarted, what was
 * queued goes out. Nothing without a NIC. */
void e1000_tx_run(bool on);

#endif
