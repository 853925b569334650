/* SPDX-License-Identifier: MIT */
/* A move's steps at its destination D (kernel/dist/migrate.c dispatches
 * them): the offer, the pulled pages, the state, START, giving up. */
#ifndef KERNEL_MIGDEST_H
#define KERNEL_MIGDEST_H
#include "kernel/dist/migration.h"

/* Step 3: room for P? Then an empty process with its id, and the first pull. */
void migdest_offer(unsigned node, const struct wire_mig *offer, const uint8_t *name);
/* Pages of a round: the next pull, then these mapped and filled. */
void migdest_pages(struct migration *mg, const struct wire_mig *m, const uint8_t *data,
                   uint32_t len);
/* P's kernel state (after the last pages): restored, then READY. */
void migdest_state(struct migration *mg, const uint8_t *state, uint32_t len);
/* START: P runs here (step 8), or hold_start= holds it. */
void migdest_start(struct migration *mg);
/* A held step's time came (the tick). */
void migdest_held(struct migration *mg);
/* Give up; the half-made process goes. tell: S does not know yet. */
void migdest_abort(struct migration *mg, bool tell, int status);

#endif
