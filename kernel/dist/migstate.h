/* SPDX-License-Identifier: MIT */
/* A process's kernel state as it travels in a migration (steps 4 and 8):
 * registers, link table, open call, exit watchers, counters. */
#ifndef KERNEL_MIGSTATE_H
#define KERNEL_MIGSTATE_H
#include <stdint.h>
#include "kernel/core/proc.h"

#define MIGSTATE_MAX 4096

/* Write p's state into out (MIGSTATE_MAX bytes); returns its length. A
 * process inside a kernel call is captured so that it makes the call again
 * where it lands (a call already sent only waits for its answer). */
uint32_t migstate_capture(const struct proc *p, uint8_t *out);
/* Give p (just made, not runnable) the captured state. 0 or -E_INVAL. */
int migstate_restore(struct proc *p, const uint8_t *in, uint32_t len);

#endif
