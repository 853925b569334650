/* SPDX-License-Identifier: MIT */
/* The distributed layer's place in the boot: it hands its handlers to the
 * transport, the scheduler's tick, routing and process exit. */
#ifndef KERNEL_DIST_H
#define KERNEL_DIST_H

/* Before transport_init and before the first process. */
void dist_init(void);

#endif
